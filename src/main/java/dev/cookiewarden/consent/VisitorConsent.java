package dev.cookiewarden.consent;

import java.util.Optional;
import java.util.Set;

/**
 * What is known of one visitor's consent on one request.
 *
 * @param choice the verified, current choice; empty when the visitor has not chosen (or the
 *     cookie was missing, tampered, expired, duplicated or from an older policy revision)
 * @param gpc whether the request carried {@code Sec-GPC: 1} while no choice was stored, so the
 *     GPC-sensitive categories count as refused by the visitor's browser-wide signal
 * @param priorConsentId the consent id of a correctly signed but no longer current cookie
 *     (expired or older revision), kept so the visitor's history stays one thread
 */
public record VisitorConsent(Optional<ConsentState> choice, boolean gpc, Optional<String> priorConsentId) {

    /** A visitor with no choice and no GPC signal. */
    public static final VisitorConsent UNDECIDED = new VisitorConsent(Optional.empty(), false, Optional.empty());

    /**
     * The categories the visitor granted (none while undecided), in no particular order; an
     * immutable set, which callers may keep without copying.
     */
    public Set<String> granted() {
        return choice.isPresent() ? choice.get().grantedIds() : Set.of();
    }

    /** The consent id to keep when the visitor chooses again: the current one, else a prior one. */
    public Optional<String> consentIdToKeep() {
        return choice.map(ConsentState::consentId).or(() -> priorConsentId);
    }
}
