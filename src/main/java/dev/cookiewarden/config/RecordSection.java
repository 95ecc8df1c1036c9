package dev.cookiewarden.config;

import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Parses the keys of proof of consent ({@code consent-log.*}), the admin token and the policy's
 * effective date. Secrets (password, token) never appear in a message.
 */
final class RecordSection {
    private final Values values;
    private final WardenConfig.Builder builder;

    RecordSection(Values values, WardenConfig.Builder builder) {
        this.values = values;
        this.builder = builder;
    }

    void parse() {
        builder.policyEffectiveDate = effectiveDate();
        String store = values.getOrDefault(ConfigKey.CONSENT_LOG_STORE, null);
        builder.consentLogStore = switch (store) {
            case "jsonl" -> ConsentLogStore.JSONL;
            case "jdbc" -> ConsentLogStore.JDBC;
            case "none" -> ConsentLogStore.NONE;
            default -> throw new ConfigException(ConfigKey.CONSENT_LOG_STORE.pattern(), store, "jsonl, jdbc or none");
        };
        builder.consentLogRetention = Duration.ofDays(Values.wholeNumber(ConfigKey.CONSENT_LOG_RETENTION_DAYS.pattern(),
                values.getOrDefault(ConfigKey.CONSENT_LOG_RETENTION_DAYS, null), 1, 36_500, "days"));
        builder.consentLogIpHash = Values.bool(ConfigKey.CONSENT_LOG_IP_HASH.pattern(),
                values.getOrDefault(ConfigKey.CONSENT_LOG_IP_HASH, null));
        builder.jdbcUrl = values.get(ConfigKey.CONSENT_LOG_JDBC_URL.pattern());
        builder.jdbcUser = values.get(ConfigKey.CONSENT_LOG_JDBC_USER.pattern());
        builder.jdbcPassword = values.get(ConfigKey.CONSENT_LOG_JDBC_PASSWORD.pattern());
        builder.jdbcPoolSize = Values.wholeNumber(ConfigKey.CONSENT_LOG_JDBC_POOL_SIZE.pattern(),
                values.getOrDefault(ConfigKey.CONSENT_LOG_JDBC_POOL_SIZE, null), 1, 64, "connections");
        builder.jdbcQueueSize = Values.wholeNumber(ConfigKey.CONSENT_LOG_JDBC_QUEUE_SIZE.pattern(),
                values.getOrDefault(ConfigKey.CONSENT_LOG_JDBC_QUEUE_SIZE, null), 100, 1_000_000, "records");
        if (builder.consentLogStore == ConsentLogStore.JDBC) {
            if (builder.jdbcUrl == null) {
                throw new ConfigException(ConfigKey.CONSENT_LOG_JDBC_URL.pattern(), null,
                        "a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database) when consent-log.store=jdbc");
            }
            if (!builder.jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new ConfigException(ConfigKey.CONSENT_LOG_JDBC_URL.pattern(), builder.jdbcUrl,
                        "a PostgreSQL JDBC URL starting with jdbc:postgresql:");
            }
            if (builder.jdbcUser == null) {
                throw new ConfigException(ConfigKey.CONSENT_LOG_JDBC_USER.pattern(), null,
                        "the database user when consent-log.store=jdbc");
            }
        }
        builder.adminToken = adminToken();
    }

    private LocalDate effectiveDate() {
        String key = ConfigKey.POLICY_EFFECTIVE_DATE.pattern();
        String value = values.get(key);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ConfigException(key, value, "a date written YYYY-MM-DD, such as 2026-11-30");
        }
    }

    private String adminToken() {
        String key = ConfigKey.ADMIN_TOKEN.pattern();
        String value = values.get(key);
        if (value == null) {
            return null;
        }
        if (value.length() < 32 || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            // The value is a secret: the message shows its length only.
            throw new ConfigException(key, "<redacted, " + value.length() + " characters>",
                    "at least 32 printable ASCII characters without spaces");
        }
        return value;
    }
}
