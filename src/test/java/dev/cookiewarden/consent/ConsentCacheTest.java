package dev.cookiewarden.consent;

import static dev.cookiewarden.consent.ConsentFixtures.EXPIRES;
import static dev.cookiewarden.consent.ConsentFixtures.ISSUED;
import static dev.cookiewarden.consent.ConsentFixtures.key;
import static dev.cookiewarden.consent.ConsentFixtures.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConsentCacheTest {
    private static final Instant NOW = ISSUED.plus(Duration.ofDays(1));

    private final ConsentCookieCodec codec = new ConsentCookieCodec(new KeyRing(List.of(key("k1"))));
    private final ConsentCache cache = new ConsentCache(codec);

    @Test
    void documentedDefaultsAreTheRealOnes() {
        assertEquals(10_000, ConsentCache.DEFAULT_MAXIMUM_SIZE);
        assertEquals(Duration.ofMinutes(10), ConsentCache.ENTRY_LIFETIME);
        assertEquals(4096, ConsentCookieCodec.MAX_VALUE_LENGTH);
        assertTrue(cache.toString().contains("maximumSize=10000"), cache.toString());
    }

    @Test
    void validValueIsReadAndCached() {
        String value = codec.encode(state());
        assertEquals(Optional.of(state().withKeyId("k1")), cache.read(value, NOW, 3));
        assertEquals(Optional.of(state().withKeyId("k1")), cache.read(value, NOW, 3));
        cache.cleanUp();
        assertEquals(1, cache.estimatedSize());
    }

    @Test
    void expiredConsentIsRejectedEvenWhenCached() {
        String value = codec.encode(state());
        assertTrue(cache.read(value, NOW, 3).isPresent());
        assertEquals(Optional.empty(), cache.read(value, EXPIRES, 3));
        assertEquals(Optional.empty(), cache.read(value, EXPIRES.plusSeconds(1), 3));
        assertTrue(cache.read(value, EXPIRES.minusSeconds(1), 3).isPresent());
    }

    @Test
    void expiredConsentIsRejectedOnFirstRead() {
        assertEquals(Optional.empty(), cache.read(codec.encode(state()), EXPIRES, 3));
    }

    @Test
    void consentToAnotherPolicyRevisionIsRejected() {
        String value = codec.encode(state());
        assertEquals(Optional.empty(), cache.read(value, NOW, 4));
        assertEquals(Optional.empty(), cache.read(value, NOW, 2));
        assertTrue(cache.read(value, NOW, 3).isPresent());
    }

    @Test
    void nullEmptyAndOversizedValuesAreRejectedWithoutCaching() {
        assertEquals(Optional.empty(), cache.read(null, NOW, 3));
        assertEquals(Optional.empty(), cache.read("", NOW, 3));
        assertEquals(Optional.empty(), cache.read("A".repeat(4097), NOW, 3));
        assertEquals(Optional.empty(), cache.read(codec.encode(state()) + "A".repeat(4096), NOW, 3));
        cache.cleanUp();
        assertEquals(0, cache.estimatedSize());
    }

    @Test
    void randomAndTamperedValuesNeverEnterTheCache() {
        String valid = codec.encode(state());
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";
        Random random = new Random(5);
        for (int i = 0; i < 50_000; i++) {
            String value;
            if (i % 2 == 0) {
                StringBuilder junk = new StringBuilder("k1.");
                for (int n = 1 + random.nextInt(300); n > 0; n--) {
                    junk.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                value = junk.toString();
            } else {
                int at = random.nextInt(valid.length());
                char c = alphabet.charAt(random.nextInt(alphabet.length() - 1));
                value = valid.substring(0, at) + (c == valid.charAt(at) ? (char) (c ^ 1) : c) + valid.substring(at + 1);
            }
            assertEquals(Optional.empty(), cache.read(value, NOW, 3), value);
        }
        cache.cleanUp();
        assertEquals(0, cache.estimatedSize());
    }

    @Test
    void cacheStaysWithinItsMaximumSize() {
        ConsentCache small = new ConsentCache(codec, 100);
        for (int i = 0; i < 1_000; i++) {
            ConsentState state = ConsentState.of(ConsentState.newConsentId(), Set.of("analytics"), 3, ISSUED, EXPIRES);
            assertEquals(Optional.of(state.withKeyId("k1")), small.read(codec.encode(state), NOW, 3));
        }
        small.cleanUp();
        assertTrue(small.estimatedSize() <= 100, "size " + small.estimatedSize());
    }

    @Test
    void maximumSizeMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ConsentCache(codec, 0));
        assertEquals("maximumSize [0] must be at least 1", e.getMessage());
        assertThrows(NullPointerException.class, () -> new ConsentCache(null));
    }

    @Test
    void valueSignedWithAnotherRingIsNotTrusted() {
        ConsentCookieCodec other = new ConsentCookieCodec(new KeyRing(List.of(key("k1"), key("k0"))));
        ConsentCache otherCache = new ConsentCache(other);
        String foreign = new ConsentCookieCodec(new KeyRing(List.of(key("k9")))).encode(state());
        assertEquals(Optional.empty(), otherCache.read(foreign, NOW, 3));
        assertEquals(Optional.empty(), cache.read(foreign, NOW, 3));
    }

    // ---- what is kept, and how it is found ----

    @Test
    void readWhenValueOfAnotherRevisionThenVerifiedOnceAndJudgedOnEveryRead() {
        String value = codec.encode(state());
        long before = codec.verifications();
        for (int i = 0; i < 100; i++) {
            assertEquals(Optional.empty(), cache.read(value, NOW, 4));
        }
        assertEquals(1, codec.verifications() - before, "verified once, then judged from the cache");
        // The same cached entry still answers the revision it was given for.
        assertEquals(Optional.of(state().withKeyId("k1")), cache.read(value, NOW, 3));
        assertEquals(1, codec.verifications() - before);
    }

    @Test
    void readWhenCachedThenExpiryJudgedAtEachReadsInstantToTheSecond() {
        String value = codec.encode(state());
        assertTrue(cache.read(value, EXPIRES.minusSeconds(1), 3).isPresent());
        assertTrue(cache.read(value, EXPIRES.minusNanos(1), 3).isPresent());
        assertEquals(Optional.empty(), cache.read(value, EXPIRES, 3));
        // A clock that goes back (another node, a corrected clock) finds it current again.
        assertTrue(cache.read(value, EXPIRES.minusSeconds(1), 3).isPresent());
    }

    @Test
    void readWhenSameCharactersInANewStringThenCacheHit() {
        String value = codec.encode(state());
        assertTrue(cache.read(value, NOW, 3).isPresent());
        long before = codec.verifications();
        assertTrue(cache.read(new String(value.toCharArray()), NOW, 3).isPresent());
        assertEquals(before, codec.verifications());
    }

    @Test
    void readWhenValueSharesTheTailOfACachedOneThenNotTakenForIt() {
        // The key is hashed on the value's last characters; only a full comparison may find it.
        String valid = codec.encode(state());
        assertTrue(cache.read(valid, NOW, 3).isPresent());
        int tail = valid.length() - ConsentCache.HASHED_TAIL;
        for (int at = 0; at < tail; at++) {
            char c = valid.charAt(at) == 'A' ? 'B' : 'A';
            String altered = valid.substring(0, at) + c + valid.substring(at + 1);
            assertEquals(ConsentCache.tailHash(valid), ConsentCache.tailHash(altered));
            assertEquals(Optional.empty(), cache.read(altered, NOW, 3), altered);
        }
        assertEquals(Optional.empty(), cache.read(valid.substring(1), NOW, 3), "a suffix of a cached value");
        assertEquals(Optional.empty(), cache.read("x" + valid, NOW, 3), "a cached value with a prefix");
        cache.cleanUp();
        assertEquals(1, cache.estimatedSize());
    }

    @Test
    void tailHashWhenValueShorterThanTheTailThenHashesAllOfIt() {
        assertEquals("k1.".hashCode(), ConsentCache.tailHash("k1."));
        assertEquals("12345678".hashCode(), ConsentCache.tailHash("12345678"));
        assertEquals("23456789".hashCode(), ConsentCache.tailHash("123456789"));
    }

    @Test
    void verifyWhenValueOfAnotherRevisionOrExpiredThenItsStateIsCachedWithinTheBound() {
        ConsentCache small = new ConsentCache(codec, 100);
        for (int i = 0; i < 1_000; i++) {
            ConsentState old = ConsentState.of(ConsentState.newConsentId(), Set.of("analytics"), 2, ISSUED, EXPIRES);
            assertEquals(old.consentId(), small.verify(codec.encode(old)).state.consentId());
            assertEquals(Optional.empty(), small.read(codec.encode(old), EXPIRES.plusSeconds(i), 2));
        }
        small.cleanUp();
        assertTrue(small.estimatedSize() <= 100, "size " + small.estimatedSize());
    }
}
