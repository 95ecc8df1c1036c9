package dev.cookiewarden.record;

import static dev.cookiewarden.record.RecordFixtures.CONFIG_HASH;
import static dev.cookiewarden.record.RecordFixtures.IP_HASH;
import static dev.cookiewarden.record.RecordFixtures.grants;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsentRecordTest {
    private static final String ID = "q0C4cYbGqC7V2i1mV1o0Lw";
    private static final Instant NOW = Instant.parse("2025-03-01T10:15:30.123Z");

    private static ConsentRecord with(String id, Map<String, Boolean> grants, ConsentAction action, int revision,
                                      String configHash, String language, String ipHash) {
        return new ConsentRecord(id, NOW, action, grants, revision, configHash, language, ipHash);
    }

    private static IllegalArgumentException rejected(String id, Map<String, Boolean> grants, ConsentAction action,
                                                     int revision, String configHash, String language, String ipHash) {
        return assertThrows(IllegalArgumentException.class,
                () -> with(id, grants, action, revision, configHash, language, ipHash));
    }

    @Test
    void validRecordKeepsGrantOrderAndIsUnmodifiable() {
        Map<String, Boolean> grants = new LinkedHashMap<>();
        grants.put("zeta", true);
        grants.put("alpha", false);
        grants.put("mid", true);
        ConsentRecord record = with(ID, grants, ConsentAction.CUSTOM, 1, CONFIG_HASH, "pt-BR", IP_HASH);
        assertEquals(List.of("zeta", "alpha", "mid"), List.copyOf(record.grants().keySet()));
        grants.put("late", true);
        assertEquals(3, record.grants().size(), "copied");
        assertThrows(UnsupportedOperationException.class, () -> record.grants().put("x", true));
    }

    @Test
    void timestampIsTruncatedToMilliseconds() {
        ConsentRecord record = RecordFixtures.record(ID, Instant.parse("2025-03-01T10:15:30.123456789Z"));
        assertEquals(Instant.parse("2025-03-01T10:15:30.123Z"), record.timestamp());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "q0C4cYbGqC7V2i1mV1o0Lw=", "q0C4cYbGqC7V2i1mV1o0L+", "q0C4cYbGqC7V2i1mV1o0L."})
    void consentIdMustBe22Base64UrlCharacters(String id) {
        IllegalArgumentException e = rejected(id, grants(true, true), ConsentAction.CUSTOM, 1, CONFIG_HASH, "fr", null);
        assertEquals("consentId must be 22 characters of A-Z a-z 0-9 _ -, got " + id.length() + " characters",
                e.getMessage());
    }

    @Test
    void timestampOutsideYears1970To9999IsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordFixtures.record(ID, Instant.parse("1969-12-31T23:59:59Z")));
        assertEquals("timestamp [1969-12-31T23:59:59Z] must be between 1970-01-01T00:00:00Z and "
                + "9999-12-31T23:59:59.999Z", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> RecordFixtures.record(ID, Instant.parse("+10000-01-01T00:00:00Z")));
    }

    @Test
    void grantsMustNameCategoriesWithValues() {
        assertEquals("grants must name every configured category, got none",
                rejected(ID, Map.of(), ConsentAction.CUSTOM, 1, CONFIG_HASH, "fr", null).getMessage());
        assertEquals("grants: category id [Analytics] must match [a-z][a-z0-9-]{0,31}",
                rejected(ID, Map.of("Analytics", true), ConsentAction.CUSTOM, 1, CONFIG_HASH, "fr", null).getMessage());
        Map<String, Boolean> nullValue = new HashMap<>();
        nullValue.put("ads", null);
        assertEquals("grants: category [ads] has no value: true or false",
                rejected(ID, nullValue, ConsentAction.CUSTOM, 1, CONFIG_HASH, "fr", null).getMessage());
        Map<String, Boolean> tooMany = new LinkedHashMap<>();
        for (int i = 0; i < 65; i++) {
            tooMany.put("c" + i, true);
        }
        assertEquals("grants may name at most 64 categories, got 65",
                rejected(ID, tooMany, ConsentAction.CUSTOM, 1, CONFIG_HASH, "fr", null).getMessage());
    }

    @Test
    void acceptAllMustGrantEveryCategory() {
        assertEquals("grants: category [ads] is refused, but action [accept-all] grants every category",
                rejected(ID, grants(true, false), ConsentAction.ACCEPT_ALL, 1, CONFIG_HASH, "fr", null).getMessage());
        with(ID, grants(true, true), ConsentAction.ACCEPT_ALL, 1, CONFIG_HASH, "fr", null);
        with(ID, grants(false, false), ConsentAction.REJECT_ALL, 1, CONFIG_HASH, "fr", null);
    }

    @Test
    void revisionHashAndLanguageAreChecked() {
        assertEquals("policyRevision [0] must be at least 1",
                rejected(ID, grants(true, true), ConsentAction.CUSTOM, 0, CONFIG_HASH, "fr", null).getMessage());
        assertEquals("configHash [short] must be 8 to 128 characters of A-Z a-z 0-9 _ - + / = : .",
                rejected(ID, grants(true, true), ConsentAction.CUSTOM, 1, "short", "fr", null).getMessage());
        assertEquals("language [FR] must be a language tag such as fr or pt-BR, at most 35 characters",
                rejected(ID, grants(true, true), ConsentAction.CUSTOM, 1, CONFIG_HASH, "FR", null).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.0", "2001:db8::", "2001:0db8:0000:0000:0000:0000:0000:0000", "tooshort"})
    void ipHashCannotBeAnAddress(String ipHash) {
        IllegalArgumentException e = rejected(ID, grants(true, true), ConsentAction.CUSTOM, 1, CONFIG_HASH, "fr", ipHash);
        assertEquals("ipHash must be null or 16 to 128 characters of A-Z a-z 0-9 _ - (a keyed hash, never an"
                + " address), got " + ipHash.length() + " characters", e.getMessage());
        assertFalse(e.getMessage().contains(ipHash));
    }

    @Test
    void nullsAreNamed() {
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> new ConsentRecord(ID, NOW, null, grants(true, true), 1, CONFIG_HASH, "fr", null));
        assertEquals("action", e.getMessage());
    }

    @Test
    void toStringHidesTheIdAndTheIpHash() {
        String text = with(ID, grants(true, false), ConsentAction.CUSTOM, 2, CONFIG_HASH, "fr", IP_HASH).toString();
        assertTrue(text.startsWith("ConsentRecord[id=q0C4cY..., timestamp=2025-03-01T10:15:30.123Z, action=custom"),
                text);
        assertFalse(text.contains(ID));
        assertFalse(text.contains(IP_HASH));
        assertTrue(text.contains("ipHash=present"), text);
    }

    @Test
    void actionTokensAreStable() {
        assertEquals(List.of("accept-all", "reject-all", "custom", "withdraw", "gpc-refusal"),
                List.of(ConsentAction.values()).stream().map(ConsentAction::token).toList());
        assertEquals(Optional.of(ConsentAction.GPC_REFUSAL), ConsentAction.fromToken("gpc-refusal"));
        assertEquals(Optional.empty(), ConsentAction.fromToken("GPC_REFUSAL"));
    }
}
