/**
 * The visitor's choice: who this visitor is and what they granted.
 *
 * <p>A {@link dev.cookiewarden.consent.ConsentState} is the choice itself. The
 * {@link dev.cookiewarden.consent.ConsentCookieCodec} writes it into the consent cookie, signed
 * with HMAC-SHA256 under a key of the {@link dev.cookiewarden.consent.KeyRing}, and reads it back,
 * refusing anything it did not write. The {@link dev.cookiewarden.consent.ConsentCache} sits in
 * front of the codec on the request path and also refuses choices that have expired or answered
 * an older policy revision.
 *
 * <p>Everything here is immutable and thread-safe: build the ring, codec and cache once at
 * startup and share them between requests.
 */
package dev.cookiewarden.consent;
