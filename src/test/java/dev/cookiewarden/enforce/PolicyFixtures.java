package dev.cookiewarden.enforce;

import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.config.WardenConfigParser;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/** Configurations and policies for the enforcement unit tests, built through the real parser. */
final class PolicyFixtures {
    /** The consent cookie's two names under the default {@code consent.cookie-name}. */
    static final Set<String> CONSENT_NAMES = Set.of("cookie_warden", "__Host-cookie_warden");

    private PolicyFixtures() {
    }

    /**
     * Categories necessary (required), analytics and marketing; cookies JSESSIONID (necessary),
     * {@code _ga} and {@code _ga_*} (analytics, Domain example.org), {@code _fbp} (marketing, Path
     * /shop); then {@code overrides} as key, value pairs (a null value removes the key).
     */
    static Properties properties(String... overrides) {
        Properties p = new Properties();
        p.setProperty("categories", "necessary,analytics,marketing");
        p.setProperty("category.necessary.required", "true");
        for (String id : List.of("necessary", "analytics", "marketing")) {
            for (String lang : List.of("en", "fr")) {
                p.setProperty("category." + id + ".label." + lang, id + " label " + lang);
                p.setProperty("category." + id + ".description." + lang, id + " description " + lang);
            }
        }
        cookie(p, "jsessionid", "JSESSIONID", "necessary");
        cookie(p, "ga", "_ga", "analytics");
        p.setProperty("cookie.ga.domain", "example.org");
        cookie(p, "ga-session", "_ga_*", "analytics");
        p.setProperty("cookie.ga-session.domain", ".Example.ORG");
        cookie(p, "fbp", "_fbp", "marketing");
        p.setProperty("cookie.fbp.path", "/shop");
        for (int i = 0; i < overrides.length; i += 2) {
            if (overrides[i + 1] == null) {
                p.remove(overrides[i]);
            } else {
                p.setProperty(overrides[i], overrides[i + 1]);
            }
        }
        return p;
    }

    static WardenConfig config(String... overrides) {
        return WardenConfigParser.parse(properties(overrides));
    }

    static CookiePolicy policy(String... overrides) {
        return new CookiePolicy(config(overrides), CONSENT_NAMES);
    }

    private static void cookie(Properties p, String key, String name, String category) {
        p.setProperty("cookie." + key + ".name", name);
        p.setProperty("cookie." + key + ".category", category);
        p.setProperty("cookie." + key + ".provider", "Example");
        p.setProperty("cookie." + key + ".purpose.en", name + " purpose");
        p.setProperty("cookie." + key + ".purpose.fr", name + " finalité");
        p.setProperty("cookie." + key + ".retention", "P13M");
    }
}
