package dev.cookiewarden.banner;

import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.config.WardenConfigParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Configurations for the asset and guard tests: the wire tests' conformance configuration, through the real parser. */
final class AssetFixtures {
    private AssetFixtures() {
    }

    static WardenConfig conformance() {
        return conformanceWith();
    }

    /** The conformance configuration with some keys changed ({@code key, value, ...}). */
    static WardenConfig conformanceWith(String... keyValues) {
        Properties p = new Properties();
        try (InputStream in = AssetFixtures.class.getResourceAsStream("/conformance.properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return WardenConfigParser.parse(p);
    }
}
