package dev.cookiewarden.bench;

import dev.cookiewarden.banner.Assets;
import dev.cookiewarden.banner.BannerRenderer;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.config.WardenConfigParser;
import dev.cookiewarden.consent.ConsentCookieCodec;
import dev.cookiewarden.consent.ConsentState;
import dev.cookiewarden.consent.KeyRing;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.Set;

/**
 * The configuration every benchmark runs with ({@code bench-cookie-warden.properties}), and
 * consent cookies signed with its keys, as a returning visitor would send them.
 */
public final class BenchConfig {
    /** The resource holding the configuration. */
    public static final String RESOURCE = "/bench-cookie-warden.properties";
    /** The categories a returning visitor granted (necessary is required, never listed). */
    public static final Set<String> RETURNING_GRANTS = Set.of("preferences", "analytics");

    private BenchConfig() {
    }

    /** The properties, with {@code data-dir} pointing at a fresh directory under {@code base}. */
    public static Properties properties(Path base) {
        Properties p = new Properties();
        try (InputStream in = BenchConfig.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource [" + RESOURCE + "]");
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            Files.createDirectories(base);
            p.setProperty("data-dir", Files.createTempDirectory(base, "data").toAbsolutePath().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    /** Where the benchmarks' configurations keep their data directories. */
    public static final Path DATA = Path.of("target", "bench-data");

    /** The parsed configuration, its data directory under {@link #DATA}. */
    public static WardenConfig config() {
        return WardenConfigParser.parse(properties(DATA));
    }

    /** The key ring the configuration names. */
    public static KeyRing keyRing(WardenConfig config) {
        return new KeyRing(config.signingKeys());
    }

    /** The banner renderer, built as the filter builds it at startup. */
    public static BannerRenderer renderer(WardenConfig config) {
        Assets assets = Assets.of(config);
        return new BannerRenderer(config, assets.cssPath(), assets.prefsCssPath(), assets.scriptPath());
    }

    /**
     * A valid, current consent cookie value for {@link #RETURNING_GRANTS}, issued an hour ago and
     * valid for the configured period: what a returning visitor's browser sends.
     */
    public static String consentCookieValue(WardenConfig config) {
        Instant issued = Instant.now().minus(Duration.ofHours(1));
        ConsentState state = ConsentState.of(ConsentState.newConsentId(), RETURNING_GRANTS,
                config.policyRevision(), issued, issued.plus(config.consentValidity()));
        return new ConsentCookieCodec(keyRing(config)).encode(state);
    }
}
