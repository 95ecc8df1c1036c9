/**
 * The cookie policy and the register of processing (GDPR art. 30), generated from the
 * configuration: what is declared is what is shown, so the policy cannot drift from what the
 * filter enforces.
 *
 * <p>{@link dev.cookiewarden.register.ConfigHash} identifies one exact configuration and the
 * banner texts it shows (compliance item 18), for proof of consent and for cache validators.
 * {@link dev.cookiewarden.register.PolicyRenderer} renders, once at startup, the policy page and
 * its embeddable fragment in every configured language, the register as JSON and as CSV per
 * language (item 19). Both are immutable and thread-safe.
 *
 * <p>Depends on {@code config} and on the banner's texts and escaping ({@code banner.Messages},
 * {@code banner.Html}); decides nothing about what is granted and never reads a request.
 */
package dev.cookiewarden.register;
