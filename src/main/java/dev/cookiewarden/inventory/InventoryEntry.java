package dev.cookiewarden.inventory;

import java.time.Instant;
import java.util.Objects;

/**
 * What the {@link CookieInventory} knows of one cookie name at the time of a snapshot. Immutable.
 *
 * @param name the name as shown: printable ASCII, at most 128 characters (see {@link CookieInventory})
 * @param category the declared category, or null when no declaration covered the name when it was seen
 * @param allowed times it passed (set by the application or sent by the browser)
 * @param blocked times it was stopped (category not granted, undeclared, or forbidden)
 * @param reportedWouldBlock times an undeclared cookie passed only because of {@code cookies.undeclared=report-only}
 * @param seenIncoming how many of the times above it came from the browser, not from the application
 * @param guardBlocked times the page's script guard stopped a {@code document.cookie} write of it
 * @param firstSeen when it was first seen, to the second
 * @param lastSeen when it was last seen, to the second
 * @param overflow true for the bucket that counts every name past {@link CookieInventory#MAX_NAMES}
 */
public record InventoryEntry(String name, String category, long allowed, long blocked, long reportedWouldBlock,
                             long seenIncoming, long guardBlocked, Instant firstSeen, Instant lastSeen,
                             boolean overflow) {

    public InventoryEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }

    /** Whether a declaration covered the name. */
    public boolean declared() {
        return category != null;
    }

    /** Every sighting: allowed, blocked, reported and blocked by the script guard. */
    public long total() {
        return allowed + blocked + reportedWouldBlock + guardBlocked;
    }
}
