package dev.cookiewarden.consent;

import dev.cookiewarden.config.WardenConfig;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Names, reads and verifies the consent cookie. Immutable and thread-safe.
 *
 * <p>On secure requests (or always, with {@code consent.secure=always}) the cookie is called
 * {@code __Host-<name>}: browsers then accept it only with {@code Secure}, {@code Path=/} and no
 * {@code Domain}, so a sibling subdomain cannot plant a forged choice (RFC 6265bis 4.1.3.2).
 */
public final class ConsentCookies {
    /** The prefix of the secure variant. */
    public static final String HOST_PREFIX = "__Host-";

    private static final VisitorConsent UNDECIDED_GPC =
            new VisitorConsent(Optional.empty(), true, Optional.empty());

    private final WardenConfig config;
    private final ConsentCache cache;
    private final String plainName;
    private final String hostName;

    /**
     * @param config the configuration (cookie name, revision, secure mode)
     * @param cache verifies and remembers signed cookies, current or not
     */
    public ConsentCookies(WardenConfig config, ConsentCache cache) {
        this.config = config;
        this.cache = cache;
        this.plainName = config.consentCookieName();
        this.hostName = HOST_PREFIX + config.consentCookieName();
    }

    /** Whether the consent cookie is Secure on a request that is (or is not) secure. */
    public boolean secure(boolean secureRequest) {
        return switch (config.consentSecure()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> secureRequest;
        };
    }

    /** The consent cookie's name on such a request. */
    public String name(boolean secureRequest) {
        return secure(secureRequest) ? hostName : plainName;
    }

    /** Both names the consent cookie can have; applications may not write either. */
    public Set<String> allNames() {
        return Set.of(plainName, hostName);
    }

    /**
     * Reads the visitor's consent from the values the browser sent under the consent cookie's
     * name. Anything but exactly one valid, current, correctly signed value means no choice.
     *
     * @param values every value sent under {@link #name(boolean)}, in order
     * @param gpcSignal whether the request carried {@code Sec-GPC: 1}
     * @param now the request's clock reading
     */
    public VisitorConsent resolve(List<String> values, boolean gpcSignal, Instant now) {
        return resolve(sent(values), gpcSignal, now);
    }

    /**
     * What the values sent under the consent cookie's name verify to, before the clock and the
     * revision judge it: a pure function of the values, so the same for every request that
     * sends them (a kept {@code Cookie} line keeps it).
     *
     * @param values every value sent under {@link #name(boolean)}, in order
     */
    public Sent sent(List<String> values) {
        if (values.size() != 1) {
            // Two cookies of one name mean a planted or stale duplicate: trust neither.
            return Sent.NOTHING;
        }
        ConsentCache.Verified verified = cache.verify(values.get(0));
        return verified == null ? Sent.NOTHING : verified.sent;
    }

    /**
     * The visitor's consent from what the consent cookie was {@link #sent} as, at {@code now}:
     * a choice only while it has not expired and answers the current policy revision.
     *
     * @param sent what {@link #sent} made of the values
     * @param gpcSignal whether the request carried {@code Sec-GPC: 1}
     * @param now the request's clock reading
     */
    public VisitorConsent resolve(Sent sent, boolean gpcSignal, Instant now) {
        boolean gpc = gpcSignal && config.honorGpc();
        ConsentCache.Verified verified = sent.verified;
        if (verified == null) {
            return gpc ? UNDECIDED_GPC : VisitorConsent.UNDECIDED;
        }
        if (verified.isCurrent(now, config.policyRevision())) {
            return verified.decided;
        }
        // Correctly signed but lapsed or of another revision: no choice, but the same visitor.
        return new VisitorConsent(Optional.empty(), gpc, verified.consentId);
    }

    /**
     * What a request's consent cookie was sent as: one value that verified, or nothing usable
     * (none, several, or one that does not verify). Immutable.
     */
    public static final class Sent {
        /** No value, several, or one that does not verify. */
        public static final Sent NOTHING = new Sent(null);

        /** The verified value; null for {@link #NOTHING}. */
        final ConsentCache.Verified verified;

        Sent(ConsentCache.Verified verified) {
            this.verified = verified;
        }

        /** Never the state or the value: it stands for a visitor's credential of sorts. */
        @Override
        public String toString() {
            return verified == null ? "Sent[nothing]" : "Sent[verified]";
        }
    }

    @Override
    public String toString() {
        return "ConsentCookies[name=" + plainName + ", secure=" + config.consentSecure().value() + "]";
    }

}
