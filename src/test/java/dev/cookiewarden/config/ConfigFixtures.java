package dev.cookiewarden.config;

import java.util.List;
import java.util.Properties;

/** The smallest valid configuration, for parser tests that change a few keys of it. */
final class ConfigFixtures {
    private ConfigFixtures() {
    }

    /** Two categories (necessary, analytics), one cookie, every default. */
    static Properties minimal() {
        Properties p = new Properties();
        p.setProperty("categories", "necessary,analytics");
        p.setProperty("category.necessary.required", "true");
        for (String id : List.of("necessary", "analytics")) {
            for (String lang : List.of("en", "fr")) {
                p.setProperty("category." + id + ".label." + lang, id + " " + lang);
                p.setProperty("category." + id + ".description." + lang, id + " description " + lang);
            }
        }
        p.setProperty("cookie.ga.name", "_ga");
        p.setProperty("cookie.ga.category", "analytics");
        p.setProperty("cookie.ga.provider", "Google");
        p.setProperty("cookie.ga.purpose.en", "Counts visits");
        p.setProperty("cookie.ga.purpose.fr", "Compte les visites");
        p.setProperty("cookie.ga.retention", "P13M");
        return p;
    }

    /** {@link #minimal()} with {@code key, value, ...} set. */
    static Properties with(String... keyValues) {
        Properties p = minimal();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }
}
