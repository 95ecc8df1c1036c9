package dev.cookiewarden.register;

import dev.cookiewarden.banner.Messages;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.config.WardenConfigParser;
import java.util.Properties;

/** A French shop's configuration, like the documentation's example, for the register tests. */
final class RegisterFixtures {
    static final String CSS = "/assets/cw.1a2b3c.css";
    static final String PREFS_CSS = "/assets/cw-prefs.4d5e6f.css";

    private RegisterFixtures() {
    }

    static Properties shop() {
        Properties p = new Properties();
        p.setProperty("policy.revision", "4");
        p.setProperty("languages", "fr,en");
        p.setProperty("language.default", "fr");
        p.setProperty("categories", "necessary,preferences,analytics,marketing");
        p.setProperty("category.necessary.required", "true");
        category(p, "necessary", "Cookies strictement n\u00e9cessaires", "Strictly necessary cookies");
        category(p, "preferences", "Pr\u00e9f\u00e9rences", "Preferences");
        category(p, "analytics", "Mesure d'audience", "Audience measurement");
        category(p, "marketing", "Publicit\u00e9 personnalis\u00e9e", "Personalised advertising");
        cookie(p, "jsessionid", "JSESSIONID", "necessary", "exemple.fr", "session", false);
        cookie(p, "lang", "lang", "preferences", "exemple.fr", "P1Y", false);
        cookie(p, "ga", "_ga", "analytics", "Google Ireland Limited", "P13M", true);
        cookie(p, "ga-session", "_ga_*", "analytics", "Google Ireland Limited", "P1Y6M", true);
        cookie(p, "fbp", "_fbp", "marketing", "Meta Platforms Ireland Limited", "P3M", true);
        p.setProperty("cookie.ga.domain", "exemple.fr");
        p.setProperty("cookie.lang.path", "/boutique");
        return p;
    }

    static void category(Properties p, String id, String fr, String en) {
        p.setProperty("category." + id + ".label.fr", fr);
        p.setProperty("category." + id + ".label.en", en);
        p.setProperty("category." + id + ".description.fr", "Description de " + fr);
        p.setProperty("category." + id + ".description.en", "Description of " + en);
    }

    static void cookie(Properties p, String key, String name, String category, String provider, String retention,
                       boolean thirdParty) {
        p.setProperty("cookie." + key + ".name", name);
        p.setProperty("cookie." + key + ".category", category);
        p.setProperty("cookie." + key + ".provider", provider);
        p.setProperty("cookie." + key + ".purpose.fr", "Finalit\u00e9 de " + name);
        p.setProperty("cookie." + key + ".purpose.en", "Purpose of " + name);
        p.setProperty("cookie." + key + ".retention", retention);
        p.setProperty("cookie." + key + ".third-party", String.valueOf(thirdParty));
    }

    static Properties with(Properties p, String... keyValues) {
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    static WardenConfig config(String... keyValues) {
        return WardenConfigParser.parse(with(shop(), keyValues));
    }

    static PolicyRenderer renderer(WardenConfig config) {
        return new PolicyRenderer(config, new Messages(config), CSS, PREFS_CSS);
    }

    static PolicyRenderer renderer(String... keyValues) {
        return renderer(config(keyValues));
    }
}
