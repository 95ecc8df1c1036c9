package dev.cookiewarden.consent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cookiewarden.memo.RecentAnswers;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads consent cookies through a bounded cache of verified values, so that a visitor's cookie is
 * verified once rather than on every request. Thread-safe.
 *
 * <p>Only values that verify are cached: anyone can send random cookies, but only this server can
 * mint valid ones, so junk never takes room. Entries live {@link #ENTRY_LIFETIME} at most and the
 * least useful are dropped beyond the maximum size. A cached entry is trusted as long as the codec
 * that verified it, which cannot change: a new key ring means a new codec and a new cache.
 *
 * <p>The latest {@value #RECENT_SLOTS} values are also kept in {@link RecentAnswers}, whose reads,
 * unlike Caffeine's, write nothing that threads share.
 *
 * <p>What is cached is the verified state, current or not: expiry and revision are judged on every
 * read against that read's clock and revision, so a cookie of a previous revision (or one that has
 * lapsed) costs a lookup, not a new verification, on each of the visitor's requests.
 */
public final class ConsentCache {
    /** The default maximum number of cached values: 10,000. */
    public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

    /** How long a verified value stays cached after it was verified: 10 minutes. */
    public static final Duration ENTRY_LIFETIME = Duration.ofMinutes(10);

    /**
     * Characters at the end of a value that its cache key is hashed on. In a value this server
     * minted they are the signature's, which nobody without the key can choose: as good a hash as
     * the whole value's, at a fraction of the cost on a String parsed afresh for each request.
     */
    static final int HASHED_TAIL = 8;

    /** Values whose verification is also kept where a read writes nothing. */
    static final int RECENT_SLOTS = 256;

    private final ConsentCookieCodec codec;
    private final long maximumSize;
    private final Cache<Key, Verified> verified;
    /**
     * The latest of them, read on every request without a write to the cache's buffers. It may
     * hold a value past {@link #ENTRY_LIFETIME}: harmless, as a verification depends only on the
     * value and the codec, and expiry and revision are judged on every read.
     */
    private final RecentAnswers<Key, Verified> recent = new RecentAnswers<>(RECENT_SLOTS);
    /** Behind {@link #recent}: the cache, verifying a value it does not hold (null, and not kept, when it fails). */
    private final Function<Key, Verified> verifiedOnce;

    /** A cache of at most {@value #DEFAULT_MAXIMUM_SIZE} values. */
    public ConsentCache(ConsentCookieCodec codec) {
        this(codec, DEFAULT_MAXIMUM_SIZE);
    }

    /**
     * @param codec verifies values missing from the cache
     * @param maximumSize the most values kept, at least 1
     */
    public ConsentCache(ConsentCookieCodec codec, long maximumSize) {
        this.codec = Objects.requireNonNull(codec, "codec");
        if (maximumSize < 1) {
            throw new IllegalArgumentException("maximumSize [" + maximumSize + "] must be at least 1");
        }
        this.maximumSize = maximumSize;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterWrite(ENTRY_LIFETIME)
                .build();
        this.verifiedOnce = key -> verified.get(key, k -> codec.decode(k.value).map(Verified::new).orElse(null));
    }

    /**
     * The visitor's current choice: the state {@code cookieValue} carries if it verifies, has not
     * expired at {@code now} and answers {@code currentRevision}; empty otherwise (the visitor is
     * undecided and should be asked).
     */
    public Optional<ConsentState> read(String cookieValue, Instant now, int currentRevision) {
        Objects.requireNonNull(now, "now");
        Verified v = verify(cookieValue);
        return v != null && v.isCurrent(now, currentRevision) ? v.choice : Optional.empty();
    }

    /**
     * The verified state of {@code cookieValue}, from the cache or verified now (and then cached);
     * null when it does not verify. Says nothing of expiry or revision: see
     * {@link Verified#isCurrent}.
     */
    Verified verify(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty()
                || cookieValue.length() > ConsentCookieCodec.MAX_VALUE_LENGTH) {
            return null; // before the lookup: no hashing of huge strings
        }
        Key key = new Key(cookieValue);
        return recent.get(key, key.hash, verifiedOnce);
    }

    /** About how many values are cached; for metrics and tests. */
    public long estimatedSize() {
        return verified.estimatedSize();
    }

    /** Runs pending evictions now; for tests. */
    void cleanUp() {
        verified.cleanUp();
    }

    @Override
    public String toString() {
        return "ConsentCache[size=" + verified.estimatedSize() + ", maximumSize=" + maximumSize
                + ", entryLifetime=" + ENTRY_LIFETIME + ", codec=" + codec + "]";
    }

    /** The hash of {@code value}'s last {@value #HASHED_TAIL} characters (all of a shorter one). */
    static int tailHash(String value) {
        int h = 0;
        for (int i = Math.max(0, value.length() - HASHED_TAIL); i < value.length(); i++) {
            h = 31 * h + value.charAt(i);
        }
        return h;
    }

    /** A cached value: equal only to exactly the same characters, hashed on its tail. */
    private static final class Key {
        private final String value;
        private final int hash;

        Key(String value) {
            this.value = value;
            this.hash = tailHash(value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && hash == other.hash && value.equals(other.value);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        /** Never the value: it is a visitor's credential of sorts and must not reach logs. */
        @Override
        public String toString() {
            return "Key[" + value.length() + " chars]";
        }
    }

    /**
     * A value that verified, with the answers made from it once rather than on every request.
     * Immutable, shared by every request that sends the value.
     */
    static final class Verified {
        /** The verified state. */
        final ConsentState state;
        /** {@code Optional.of(state)}. */
        final Optional<ConsentState> choice;
        /** The visitor's consent while the state is current. */
        final VisitorConsent decided;
        /** {@code Optional.of(state.consentId())}, the prior id once it is no longer current. */
        final Optional<String> consentId;
        /** This verification as what a request's consent cookie was sent as. */
        final ConsentCookies.Sent sent;

        Verified(ConsentState state) {
            this.state = state;
            this.choice = Optional.of(state);
            this.decided = new VisitorConsent(choice, false, Optional.empty());
            this.consentId = Optional.of(state.consentId());
            this.sent = new ConsentCookies.Sent(this);
        }

        /** Whether the state is a valid choice at {@code now} under {@code currentRevision}. */
        boolean isCurrent(Instant now, int currentRevision) {
            return !state.isExpired(now) && state.revision() == currentRevision;
        }
    }
}
