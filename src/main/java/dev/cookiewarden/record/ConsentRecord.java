package dev.cookiewarden.record;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The proof of one choice (GDPR art. 7(1)): who chose (a pseudonymous consent id), when, what,
 * and under which policy and banner texts. Immutable and thread-safe.
 *
 * <p>The compact constructor enforces:
 * <ul>
 *   <li>{@code consentId}: {@value #CONSENT_ID_LENGTH} characters of {@code A-Z a-z 0-9 _ -}
 *       (128 random bits in base64url, the id carried by the consent cookie);</li>
 *   <li>{@code timestamp}: between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z; truncated
 *       to whole milliseconds, the precision stored;</li>
 *   <li>{@code grants}: 1 to {@value #MAX_CATEGORIES} entries, every configured category (strictly
 *       necessary ones included) mapped to whether it is granted, each id matching
 *       {@code [a-z][a-z0-9-]{0,31}}, no null value; copied in iteration order, so pass an
 *       ordered map (the configuration's display order). {@link ConsentAction#ACCEPT_ALL} grants
 *       every category;</li>
 *   <li>{@code policyRevision}: at least 1, as {@code policy.revision} is;</li>
 *   <li>{@code configHash}: 8 to 128 characters of {@code A-Z a-z 0-9 _ - + / = : .}, a digest that
 *       identifies the exact configuration and banner texts shown (compliance item 18);</li>
 *   <li>{@code language}: the language of the texts shown, a lowercase tag such as {@code fr} or
 *       {@code pt-BR} ({@code [a-z]{2,3}} then up to three {@code -subtags}), at most 35 characters;</li>
 *   <li>{@code ipHash}: null, or 16 to 128 characters of {@code A-Z a-z 0-9 _ -}: a keyed hash of
 *       a truncated address. The alphabet has neither {@code .} nor {@code :}, so a clear IPv4 or
 *       IPv6 address cannot be stored by mistake (compliance item 17).</li>
 * </ul>
 * Messages never quote the consent id or the IP hash: they identify a visitor and end up in logs.
 *
 * @param consentId the pseudonymous id of the visitor's consent
 * @param timestamp when the choice was made (UTC), in milliseconds
 * @param action what the visitor did
 * @param grants category id to granted, for every configured category, in display order
 * @param policyRevision the policy revision the visitor answered
 * @param configHash identifies the configuration and texts shown
 * @param language the language of the texts shown
 * @param ipHash a keyed hash of the truncated IP address, or null
 */
public record ConsentRecord(String consentId, Instant timestamp, ConsentAction action,
                            Map<String, Boolean> grants, int policyRevision, String configHash,
                            String language, String ipHash) {

    /** The length of a consent id: 128 bits in unpadded base64url. */
    public static final int CONSENT_ID_LENGTH = 22;

    /** The most categories a record holds, as many as a configuration may declare. */
    public static final int MAX_CATEGORIES = 64;

    private static final Pattern CONSENT_ID = Pattern.compile("[A-Za-z0-9_-]{" + CONSENT_ID_LENGTH + "}");
    private static final Pattern CATEGORY_ID = Pattern.compile("[a-z][a-z0-9-]{0,31}");
    private static final Pattern CONFIG_HASH = Pattern.compile("[A-Za-z0-9_+/=:.-]{8,128}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}");
    private static final int MAX_LANGUAGE_LENGTH = 35;
    private static final Pattern IP_HASH = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    /**
     * Validates and copies; see the class description for the rules.
     *
     * @throws IllegalArgumentException if a rule is broken, saying which
     * @throws NullPointerException if an argument other than {@code ipHash} is null
     */
    public ConsentRecord {
        Objects.requireNonNull(consentId, "consentId");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(grants, "grants");
        Objects.requireNonNull(configHash, "configHash");
        Objects.requireNonNull(language, "language");
        if (!CONSENT_ID.matcher(consentId).matches()) {
            throw new IllegalArgumentException("consentId must be " + CONSENT_ID_LENGTH
                    + " characters of A-Z a-z 0-9 _ -, got " + consentId.length() + " characters");
        }
        timestamp = timestamp.truncatedTo(ChronoUnit.MILLIS);
        if (timestamp.isBefore(EARLIEST) || timestamp.isAfter(LATEST)) {
            throw new IllegalArgumentException("timestamp [" + timestamp + "] must be between " + EARLIEST
                    + " and " + LATEST);
        }
        grants = copyGrants(grants, action);
        if (policyRevision < 1) {
            throw new IllegalArgumentException("policyRevision [" + policyRevision + "] must be at least 1");
        }
        if (!CONFIG_HASH.matcher(configHash).matches()) {
            throw new IllegalArgumentException("configHash [" + abbreviate(configHash)
                    + "] must be 8 to 128 characters of A-Z a-z 0-9 _ - + / = : .");
        }
        if (language.length() > MAX_LANGUAGE_LENGTH || !LANGUAGE.matcher(language).matches()) {
            throw new IllegalArgumentException("language [" + abbreviate(language)
                    + "] must be a language tag such as fr or pt-BR, at most " + MAX_LANGUAGE_LENGTH + " characters");
        }
        if (ipHash != null && !IP_HASH.matcher(ipHash).matches()) {
            throw new IllegalArgumentException("ipHash must be null or 16 to 128 characters of A-Z a-z 0-9 _ -"
                    + " (a keyed hash, never an address), got " + ipHash.length() + " characters");
        }
    }

    private static Map<String, Boolean> copyGrants(Map<String, Boolean> grants, ConsentAction action) {
        if (grants.isEmpty()) {
            throw new IllegalArgumentException("grants must name every configured category, got none");
        }
        if (grants.size() > MAX_CATEGORIES) {
            throw new IllegalArgumentException("grants may name at most " + MAX_CATEGORIES + " categories, got "
                    + grants.size());
        }
        Map<String, Boolean> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Boolean> grant : grants.entrySet()) {
            String category = grant.getKey();
            if (category == null || !CATEGORY_ID.matcher(category).matches()) {
                throw new IllegalArgumentException("grants: category id [" + abbreviate(category) + "] must match "
                        + CATEGORY_ID);
            }
            if (grant.getValue() == null) {
                throw new IllegalArgumentException("grants: category [" + category + "] has no value: true or false");
            }
            if (action == ConsentAction.ACCEPT_ALL && !grant.getValue()) {
                throw new IllegalArgumentException("grants: category [" + category + "] is refused, but action ["
                        + action + "] grants every category");
            }
            copy.put(category, grant.getValue());
        }
        return Collections.unmodifiableMap(copy);
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** Shows the first 6 characters of the consent id and whether an IP hash is present, never the hash. */
    @Override
    public String toString() {
        return "ConsentRecord[id=" + consentId.substring(0, 6) + "..."
                + ", timestamp=" + timestamp
                + ", action=" + action
                + ", grants=" + grants
                + ", policyRevision=" + policyRevision
                + ", configHash=" + configHash
                + ", language=" + language
                + ", ipHash=" + (ipHash == null ? "none" : "present") + "]";
    }
}
