package dev.cookiewarden.consent;

import static dev.cookiewarden.consent.ConsentFixtures.CONSENT_ID;
import static dev.cookiewarden.consent.ConsentFixtures.EXPIRES;
import static dev.cookiewarden.consent.ConsentFixtures.ISSUED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsentStateTest {

    @Test
    void newConsentIdIs128RandomBitsIn22Base64UrlCharacters() {
        Set<String> seen = new HashSet<>();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 1000; i++) {
            String id = i % 2 == 0 ? ConsentState.newConsentId() : ConsentState.newConsentId(random);
            assertTrue(id.matches("[A-Za-z0-9_-]{22}"), id);
            assertEquals(16, Base64Url.decode(id).orElseThrow().length);
            assertTrue(seen.add(id), "repeated id " + id);
        }
    }

    @Test
    void ofSortsTheGrantedCategoriesAndCopiesThem() {
        Set<String> granted = new LinkedHashSet<>(List.of("marketing", "analytics", "functional"));
        ConsentState state = ConsentState.of(CONSENT_ID, granted, 1, ISSUED, EXPIRES);
        granted.clear();
        assertEquals(List.of("analytics", "functional", "marketing"), new ArrayList<>(state.granted()));
        assertThrows(UnsupportedOperationException.class, () -> state.granted().add("other"));
    }

    @Test
    void ofTruncatesInstantsToWholeSeconds() {
        ConsentState state = ConsentState.of(CONSENT_ID, Set.of(), 1,
                ISSUED.plusMillis(999), EXPIRES.plusNanos(1));
        assertEquals(ISSUED, state.issuedAt());
        assertEquals(EXPIRES, state.expiresAt());
    }

    @Test
    void stateIsUnsignedUntilReadFromACookie() {
        assertNull(ConsentFixtures.state().keyId());
        assertEquals("k1", ConsentFixtures.state().withKeyId("k1").keyId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "AbCdEfGhIjKlMnOpQrSt_", "AbCdEfGhIjKlMnOpQrSt_-A", "AbCdEfGhIjKlMnOpQrSt+/",
            "AbCdEfGhIjKlMnOpQrSt==", "AbCdEfGhIjKlMnOpQrS.t-", "AbCdEfGhIjKlMnOpQrSt é"})
    void ofRejectsConsentIdThatIsNot22Base64UrlCharacters(String consentId) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConsentState.of(consentId, Set.of(), 1, ISSUED, EXPIRES));
        assertTrue(e.getMessage().startsWith("Consent id must be 22 characters"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Analytics", "1st-party", "-ads", "a_b", "a.b", "a b", "ünicode",
            "abcdefghijabcdefghijabcdefghijabc"})
    void ofRejectsCategoryIdsOutsideTheCookiePattern(String category) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConsentState.of(CONSENT_ID, Set.of("analytics", category), 1, ISSUED, EXPIRES));
        assertEquals("Category id [" + category + "] must match [a-z][a-z0-9-]{0,31}", e.getMessage());
    }

    @Test
    void ofRejectsANullCategory() {
        Set<String> granted = new HashSet<>();
        granted.add(null);
        assertThrows(IllegalArgumentException.class, () -> ConsentState.of(CONSENT_ID, granted, 1, ISSUED, EXPIRES));
    }

    @Test
    void ofAcceptsUpTo64CategoriesOfUpTo32Characters() {
        Set<String> granted = categories(64, 32);
        ConsentState state = ConsentState.of(CONSENT_ID, granted, 1, ISSUED, EXPIRES);
        assertEquals(granted, state.granted());
        assertTrue(ConsentState.of(CONSENT_ID, Set.of("a"), 1, ISSUED, EXPIRES).isGranted("a"));
    }

    @Test
    void ofRejectsMoreThan64Categories() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConsentState.of(CONSENT_ID, categories(65, 8), 1, ISSUED, EXPIRES));
        assertEquals("At most 64 categories may be granted, got 65", e.getMessage());
    }

    @Test
    void ofRejectsExpiryNotAfterIssue() {
        assertThrows(IllegalArgumentException.class, () -> ConsentState.of(CONSENT_ID, Set.of(), 1, ISSUED, ISSUED));
        assertThrows(IllegalArgumentException.class,
                () -> ConsentState.of(CONSENT_ID, Set.of(), 1, ISSUED, ISSUED.minusSeconds(1)));
        // Different instants that fall in the same second.
        assertThrows(IllegalArgumentException.class,
                () -> ConsentState.of(CONSENT_ID, Set.of(), 1, ISSUED, ISSUED.plusMillis(500)));
    }

    @Test
    void ofRejectsInstantsOutsideTheYears1970To9999() {
        Instant latest = Instant.parse("9999-12-31T23:59:59Z");
        ConsentState.of(CONSENT_ID, Set.of(), 1, Instant.EPOCH, latest);
        assertThrows(IllegalArgumentException.class,
                () -> ConsentState.of(CONSENT_ID, Set.of(), 1, Instant.EPOCH.minusSeconds(1), EXPIRES));
        assertThrows(IllegalArgumentException.class,
                () -> ConsentState.of(CONSENT_ID, Set.of(), 1, ISSUED, latest.plusSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> ConsentState.of(CONSENT_ID, Set.of(), 1, ISSUED, Instant.MAX));
    }

    @Test
    void ofRejectsNulls() {
        assertThrows(NullPointerException.class, () -> ConsentState.of(null, Set.of(), 1, ISSUED, EXPIRES));
        assertThrows(NullPointerException.class, () -> ConsentState.of(CONSENT_ID, null, 1, ISSUED, EXPIRES));
        assertThrows(NullPointerException.class, () -> ConsentState.of(CONSENT_ID, Set.of(), 1, null, EXPIRES));
        assertThrows(NullPointerException.class, () -> ConsentState.of(CONSENT_ID, Set.of(), 1, ISSUED, null));
    }

    @Test
    void isExpiredFromTheExpirySecondOn() {
        ConsentState state = ConsentFixtures.state();
        assertFalse(state.isExpired(ISSUED));
        assertFalse(state.isExpired(EXPIRES.minusNanos(1)));
        assertTrue(state.isExpired(EXPIRES));
        assertTrue(state.isExpired(EXPIRES.plusSeconds(1)));
    }

    @Test
    void isGrantedOnlyForGrantedCategories() {
        ConsentState state = ConsentFixtures.state(Set.of("analytics"), 1);
        assertTrue(state.isGranted("analytics"));
        assertFalse(state.isGranted("marketing"));
        assertFalse(state.isGranted("Analytics"));
    }

    @Test
    void equalsAndHashCodeCoverEveryField() {
        ConsentState base = ConsentFixtures.state();
        ConsentState same = ConsentState.of(CONSENT_ID, Set.of("marketing", "analytics"), 3, ISSUED, EXPIRES);
        assertEquals(base, same);
        assertEquals(base.hashCode(), same.hashCode());
        assertEquals(base.withKeyId("k1"), same.withKeyId("k1"));
        List<ConsentState> others = List.of(
                ConsentState.of("ZbCdEfGhIjKlMnOpQrSt_-", base.granted(), 3, ISSUED, EXPIRES),
                ConsentState.of(CONSENT_ID, Set.of("analytics"), 3, ISSUED, EXPIRES),
                ConsentState.of(CONSENT_ID, base.granted(), 4, ISSUED, EXPIRES),
                ConsentState.of(CONSENT_ID, base.granted(), 3, ISSUED.plusSeconds(1), EXPIRES),
                ConsentState.of(CONSENT_ID, base.granted(), 3, ISSUED, EXPIRES.plusSeconds(1)),
                base.withKeyId("k1"));
        for (ConsentState other : others) {
            assertNotEquals(base, other, other.toString());
        }
    }

    @Test
    void toStringShowsOnlyThePrefixOfTheConsentId() {
        String text = ConsentFixtures.state().withKeyId("k1").toString();
        assertEquals("ConsentState[id=AbCdEf..., granted=[analytics, marketing], revision=3,"
                + " issuedAt=2025-01-15T10:00:00Z, expiresAt=2025-07-16T10:00:00Z, keyId=k1]", text);
        assertFalse(text.contains(CONSENT_ID));
    }

    /** {@code count} distinct valid category ids of {@code length} characters. */
    static Set<String> categories(int count, int length) {
        return IntStream.range(0, count)
                .mapToObj(i -> ("c" + i + "-").repeat(length).substring(0, length))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
