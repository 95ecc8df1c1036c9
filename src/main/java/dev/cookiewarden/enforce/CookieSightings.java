package dev.cookiewarden.enforce;

import java.time.Instant;

/**
 * Told of every cookie name the filter sees and what it decided, for the inventory of cookies in
 * real traffic. Implementations must be thread-safe, bounded and cheap: they run on every request.
 */
@FunctionalInterface
public interface CookieSightings {
    /** Ignores everything. */
    CookieSightings NONE = (name, verdict, outgoing, category, now) -> { };

    /**
     * @param name the cookie's name as sent (not cleaned)
     * @param verdict what the policy decided
     * @param outgoing set by the application (true) or sent by the browser (false)
     * @param category the id of the declared category, or null when undeclared
     * @param now the request's clock reading
     */
    void seen(String name, Verdict verdict, boolean outgoing, String category, Instant now);
}
