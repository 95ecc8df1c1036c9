package dev.cookiewarden.consent;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * One visitor's recorded choice, as carried by the consent cookie: which categories they granted,
 * under which policy revision, and when the choice was made and lapses. Immutable and thread-safe.
 *
 * <p>Every instance satisfies the rules the cookie decoder enforces, so whatever can be built can
 * be encoded and read back:
 * <ul>
 *   <li>the consent id is 22 characters of {@code A-Z a-z 0-9 - _} (128 random bits, see
 *       {@link #newConsentId()});</li>
 *   <li>at most {@value #MAX_CATEGORIES} granted category ids, each matching
 *       {@code [a-z][a-z0-9-]{0,31}};</li>
 *   <li>{@code issuedAt} and {@code expiresAt} are whole seconds between 1970-01-01T00:00:00Z and
 *       9999-12-31T23:59:59Z (so an {@code Expires} attribute can always be written), and
 *       {@code expiresAt} is after {@code issuedAt}.</li>
 * </ul>
 * Strictly necessary categories need not be listed: whether a category is required is the
 * caller's business, {@link #isGranted(String)} only looks at the recorded choice.
 */
public final class ConsentState {
    /** The most categories one consent may grant. */
    public static final int MAX_CATEGORIES = 64;

    /** The length of a consent id: 128 bits in unpadded base64url. */
    public static final int CONSENT_ID_LENGTH = 22;

    private static final Pattern CONSENT_ID = Pattern.compile("[A-Za-z0-9_-]{" + CONSENT_ID_LENGTH + "}");
    private static final Pattern CATEGORY_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String consentId;
    private final SortedSet<String> granted;
    /** The same ids for lookups: immutable, so that the per-request code need not copy them. */
    private final Set<String> grantedIds;
    private final int revision;
    private final Instant issuedAt;
    private final Instant expiresAt;
    private final String keyId;

    private ConsentState(String consentId, SortedSet<String> granted, Set<String> grantedIds, int revision,
                         Instant issuedAt, Instant expiresAt, String keyId) {
        this.consentId = consentId;
        this.granted = granted;
        this.grantedIds = grantedIds;
        this.revision = revision;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
        this.keyId = keyId;
    }

    /**
     * A choice not yet signed ({@link #keyId()} is null).
     *
     * @param consentId 22 characters of {@code A-Z a-z 0-9 - _}, usually from {@link #newConsentId()}
     * @param granted the granted category ids, each {@code [a-z][a-z0-9-]{0,31}}, at most
     *                {@value #MAX_CATEGORIES}; copied
     * @param revision the policy revision the visitor answered
     * @param issuedAt when the choice was made; truncated to whole seconds
     * @param expiresAt when the choice lapses; truncated to whole seconds, must be after {@code issuedAt}
     * @throws IllegalArgumentException if a rule in the class description is broken
     * @throws NullPointerException if an argument is null
     */
    public static ConsentState of(String consentId, Set<String> granted, int revision,
                                  Instant issuedAt, Instant expiresAt) {
        Objects.requireNonNull(consentId, "consentId");
        Objects.requireNonNull(granted, "granted");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!CONSENT_ID.matcher(consentId).matches()) {
            // The id itself is left out: it identifies a visitor and messages end up in logs.
            throw new IllegalArgumentException("Consent id must be " + CONSENT_ID_LENGTH
                    + " characters of A-Z a-z 0-9 _ -, got " + consentId.length() + " characters");
        }
        if (granted.size() > MAX_CATEGORIES) {
            throw new IllegalArgumentException("At most " + MAX_CATEGORIES + " categories may be granted, got "
                    + granted.size());
        }
        for (String category : granted) {
            if (category == null || !CATEGORY_ID.matcher(category).matches()) {
                throw new IllegalArgumentException("Category id [" + category + "] must match " + CATEGORY_ID);
            }
        }
        Instant issued = checkRange("issuedAt", issuedAt.truncatedTo(ChronoUnit.SECONDS));
        Instant expires = checkRange("expiresAt", expiresAt.truncatedTo(ChronoUnit.SECONDS));
        if (!expires.isAfter(issued)) {
            throw new IllegalArgumentException("expiresAt [" + expires + "] must be after issuedAt [" + issued + "]");
        }
        SortedSet<String> sorted = new TreeSet<>(granted);
        return new ConsentState(consentId, Collections.unmodifiableSortedSet(sorted), Set.copyOf(sorted),
                revision, issued, expires, null);
    }

    private static Instant checkRange(String name, Instant instant) {
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new IllegalArgumentException(name + " [" + instant + "] must be between " + EARLIEST + " and " + LATEST);
        }
        return instant;
    }

    /** A fresh consent id: 128 bits from {@code random} as 22 characters of unpadded base64url. */
    public static String newConsentId(SecureRandom random) {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return Base64Url.encode(bits);
    }

    /** A fresh consent id from a shared {@link SecureRandom}. */
    public static String newConsentId() {
        return newConsentId(RANDOM);
    }

    /** This state as verified with the key {@code keyId}; used by the codec. */
    ConsentState withKeyId(String keyId) {
        return new ConsentState(consentId, granted, grantedIds, revision, issuedAt, expiresAt, keyId);
    }

    /** The random id that ties this choice to its proof-of-consent record. */
    public String consentId() {
        return consentId;
    }

    /** The granted category ids, sorted and unmodifiable. */
    public Set<String> granted() {
        return granted;
    }

    /** The granted category ids in no particular order, immutable ({@code Set.copyOf} returns it as is). */
    Set<String> grantedIds() {
        return grantedIds;
    }

    /** Whether the visitor granted {@code categoryId}. */
    public boolean isGranted(String categoryId) {
        return granted.contains(Objects.requireNonNull(categoryId, "categoryId"));
    }

    /** The policy revision the visitor answered. */
    public int revision() {
        return revision;
    }

    /** When the choice was made, in whole seconds. */
    public Instant issuedAt() {
        return issuedAt;
    }

    /** When the choice lapses, in whole seconds. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** Whether the choice has lapsed at {@code now}: true from {@link #expiresAt()} on. */
    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** The id of the key that signed this state; null for a state not read from a cookie. */
    public String keyId() {
        return keyId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsentState other
                && consentId.equals(other.consentId)
                && granted.equals(other.granted)
                && revision == other.revision
                && issuedAt.equals(other.issuedAt)
                && expiresAt.equals(other.expiresAt)
                && Objects.equals(keyId, other.keyId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(consentId, granted, revision, issuedAt, expiresAt, keyId);
    }

    /** Shows only the first 6 characters of the consent id: enough to correlate, without logging the whole id. */
    @Override
    public String toString() {
        return "ConsentState[id=" + consentId.substring(0, 6) + "..."
                + ", granted=" + granted
                + ", revision=" + revision
                + ", issuedAt=" + issuedAt
                + ", expiresAt=" + expiresAt
                + ", keyId=" + keyId + "]";
    }
}
