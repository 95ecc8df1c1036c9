package dev.cookiewarden.record;

import java.util.Optional;

/**
 * What the visitor did that produced a {@link ConsentRecord}. Each action has a stable
 * {@link #token()}, the spelling stored in the log; renaming a constant never changes it.
 */
public enum ConsentAction {
    /** "Accept all" on the banner: every category granted. */
    ACCEPT_ALL("accept-all"),
    /** "Reject all" (or "Continue without accepting"): only strictly necessary categories granted. */
    REJECT_ALL("reject-all"),
    /** A per-category choice from the preference center. */
    CUSTOM("custom"),
    /** An earlier consent withdrawn (GDPR art. 7(3)); the grants are what remains. */
    WITHDRAW("withdraw"),
    /** A refusal inferred from Global Privacy Control ({@code Sec-GPC: 1}) for GPC-sensitive categories. */
    GPC_REFUSAL("gpc-refusal");

    private final String token;

    ConsentAction(String token) {
        this.token = token;
    }

    /** The stored spelling, such as {@code accept-all}. */
    public String token() {
        return token;
    }

    /** The action spelled {@code token}, or empty if there is none; exact match only. */
    public static Optional<ConsentAction> fromToken(String token) {
        for (ConsentAction action : values()) {
            if (action.token.equals(token)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return token;
    }
}
