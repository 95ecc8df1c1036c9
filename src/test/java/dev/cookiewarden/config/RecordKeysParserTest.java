package dev.cookiewarden.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code consent-log.*}, {@code admin.token} and {@code policy.effective-date} keys. */
class RecordKeysParserTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef-token";

    private static WardenConfig parse(String... keyValues) {
        return WardenConfigParser.parse(ConfigFixtures.with(keyValues));
    }

    private static ConfigException fails(String... keyValues) {
        return assertThrows(ConfigException.class, () -> parse(keyValues));
    }

    @Test
    void defaultsAreJsonlFiveYearsNoIpHashNoAdmin() {
        WardenConfig c = parse();
        assertEquals(ConsentLogStore.JSONL, c.consentLogStore());
        assertEquals(Duration.ofDays(1825), c.consentLogRetention());
        assertFalse(c.consentLogIpHash());
        assertEquals(Optional.empty(), c.adminToken());
        assertFalse(c.keepsInventory(), "no admin endpoint, no reader of the inventory");
        assertEquals(Optional.empty(), c.policyEffectiveDate());
        assertEquals(4, c.jdbcPoolSize());
        assertEquals(10_000, c.jdbcQueueSize());
    }

    @Test
    void effectiveDateIsAnIsoDate() {
        assertEquals(Optional.of(LocalDate.of(2026, 11, 30)), parse("policy.effective-date", "2026-11-30").policyEffectiveDate());
        ConfigException e = fails("policy.effective-date", "30/11/2026");
        assertEquals("policy.effective-date", e.key());
        assertTrue(e.getMessage().contains("[30/11/2026]") && e.getMessage().contains("YYYY-MM-DD"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "JSONL", "postgres"})
    void unknownStoreFailsNamingTheAcceptedOnes(String value) {
        ConfigException e = fails("consent-log.store", value);
        assertEquals("consent-log.store", e.key());
        assertTrue(e.getMessage().contains("jsonl, jdbc or none"), e.getMessage());
    }

    @Test
    void jdbcNeedsAPostgresUrlAndAUser() {
        assertEquals("consent-log.jdbc.url", fails("consent-log.store", "jdbc").key());
        assertEquals("consent-log.jdbc.url",
                fails("consent-log.store", "jdbc", "consent-log.jdbc.url", "jdbc:mysql://x/db", "consent-log.jdbc.user", "u").key());
        assertEquals("consent-log.jdbc.user",
                fails("consent-log.store", "jdbc", "consent-log.jdbc.url", "jdbc:postgresql://db/shop").key());
        WardenConfig c = parse("consent-log.store", "jdbc", "consent-log.jdbc.url", "jdbc:postgresql://db/shop",
                "consent-log.jdbc.user", "shop", "consent-log.jdbc.password", "s3cret-password");
        assertEquals(ConsentLogStore.JDBC, c.consentLogStore());
        assertEquals(Optional.of("s3cret-password"), c.jdbcPassword());
        assertFalse(c.toString().contains("s3cret"), c.toString());
    }

    @Test
    void retentionIsBounded() {
        assertEquals(Duration.ofDays(400), parse("consent-log.retention-days", "400").consentLogRetention());
        assertEquals("consent-log.retention-days", fails("consent-log.retention-days", "0").key());
        assertEquals("consent-log.retention-days", fails("consent-log.retention-days", "36501").key());
    }

    @Test
    void adminTokenMustBeLongAndIsNeverShown() {
        WardenConfig c = parse("admin.token", TOKEN);
        assertEquals(Optional.of(TOKEN), c.adminToken());
        assertTrue(c.keepsInventory());
        assertFalse(c.toString().contains(TOKEN), c.toString());
        ConfigException shortToken = fails("admin.token", "short-secret-value");
        assertEquals("admin.token", shortToken.key());
        assertFalse(shortToken.getMessage().contains("short-secret-value"), shortToken.getMessage());
        ConfigException spaced = fails("admin.token", "0123456789 abcdef0123456789abcdef0123");
        assertFalse(spaced.getMessage().contains("abcdef"), spaced.getMessage());
    }
}
