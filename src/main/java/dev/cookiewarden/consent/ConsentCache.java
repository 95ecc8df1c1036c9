package dev.cookiewarden.consent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads consent cookies through a bounded cache of verified values, so that a visitor's cookie is
 * verified once rather than on every request. Thread-safe.
 *
 * <p>Only values that verify are cached: anyone can send random cookies, but only this server can
 * mint valid ones, so junk never takes room. Entries live {@link #ENTRY_LIFETIME} at most and the
 * least useful are dropped beyond the maximum size. A cached entry is trusted as long as the codec
 * that verified it, which cannot change: a new key ring means a new codec and a new cache.
 */
public final class ConsentCache {
    /** The default maximum number of cached values: 10,000. */
    public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

    /** How long a verified value stays cached after it was verified: 10 minutes. */
    public static final Duration ENTRY_LIFETIME = Duration.ofMinutes(10);

    private final ConsentCookieCodec codec;
    private final long maximumSize;
    private final Cache<String, ConsentState> verified;

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
    }

    /**
     * The visitor's current choice: the state {@code cookieValue} carries if it verifies, has not
     * expired at {@code now} and answers {@code currentRevision}; empty otherwise (the visitor is
     * undecided and should be asked).
     */
    public Optional<ConsentState> read(String cookieValue, Instant now, int currentRevision) {
        Objects.requireNonNull(now, "now");
        if (cookieValue == null || cookieValue.isEmpty()
                || cookieValue.length() > ConsentCookieCodec.MAX_VALUE_LENGTH) {
            return Optional.empty(); // before the lookup: no hashing of huge strings
        }
        ConsentState state = verified.getIfPresent(cookieValue);
        if (state == null) {
            Optional<ConsentState> decoded = codec.decode(cookieValue);
            if (decoded.isEmpty()) {
                return Optional.empty();
            }
            state = decoded.get();
            verified.put(cookieValue, state);
        }
        if (state.isExpired(now) || state.revision() != currentRevision) {
            return Optional.empty();
        }
        return Optional.of(state);
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
}
