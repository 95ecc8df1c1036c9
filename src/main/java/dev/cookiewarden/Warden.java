package dev.cookiewarden;

import dev.cookiewarden.banner.Assets;
import dev.cookiewarden.banner.BannerRenderer;
import dev.cookiewarden.banner.PageSnippets;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.consent.ConsentCache;
import dev.cookiewarden.consent.ConsentCookieCodec;
import dev.cookiewarden.consent.ConsentCookies;
import dev.cookiewarden.consent.KeyRing;
import dev.cookiewarden.consent.VisitorConsent;
import dev.cookiewarden.enforce.CookieObservations;
import dev.cookiewarden.enforce.CookieLineMemo;
import dev.cookiewarden.enforce.CookiePolicy;
import dev.cookiewarden.enforce.CookieSightings;
import dev.cookiewarden.config.ConsentLogStore;
import dev.cookiewarden.endpoint.AdminEndpoint;
import dev.cookiewarden.endpoint.ConsentEndpoint;
import dev.cookiewarden.endpoint.ConsentRecorder;
import dev.cookiewarden.inventory.CookieCatalog;
import dev.cookiewarden.inventory.CookieInventory;
import dev.cookiewarden.inventory.DeclarationSuggester;
import dev.cookiewarden.record.ConsentLog;
import dev.cookiewarden.record.JdbcConsentLog;
import dev.cookiewarden.record.JsonlConsentLog;
import dev.cookiewarden.record.NoConsentLog;
import dev.cookiewarden.register.ConfigHash;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Everything the filter builds once at {@code init()} from the configuration: the policy, the
 * consent cookie codec and cache, the endpoint. Immutable and thread-safe.
 */
final class Warden {
    final WardenConfig config;
    final KeyRing keyRing;
    final ConsentCookies consentCookies;
    final CookiePolicy policy;
    final CookieObservations observations;
    final ConsentEndpoint endpoint;
    final Assets assets;
    final BannerRenderer renderer;
    final ConsentLog consentLog;
    final CookieInventory inventory;
    /**
     * Where each request tells the cookies it sees: the inventory when the admin endpoint, its
     * one reader, exists; else nothing, so that no request counts what nobody can read.
     */
    final CookieSightings sightings;
    final CookieLineMemo cookieLines = new CookieLineMemo();
    final String configHash;
    private final ScheduledExecutorService purges;

    /**
     * @param config the configuration
     * @param keyRing the consent cookie's keys
     * @param dataDir where the consent log lives (JSON Lines store)
     * @param clock the filter's clock
     * @throws IOException when the consent log cannot be opened: startup stops rather than run
     *     without proof of consent
     */
    Warden(WardenConfig config, KeyRing keyRing, Path dataDir, Clock clock) throws IOException {
        this.config = config;
        this.keyRing = keyRing;
        ConsentCookieCodec codec = new ConsentCookieCodec(keyRing);
        this.consentCookies = new ConsentCookies(config, new ConsentCache(codec, ConsentCache.DEFAULT_MAXIMUM_SIZE));
        this.policy = new CookiePolicy(config, consentCookies.allNames());
        this.observations = new CookieObservations();
        this.assets = Assets.of(config);
        this.renderer = new BannerRenderer(config, assets.cssPath(), assets.prefsCssPath(), assets.scriptPath());
        this.configHash = ConfigHash.of(config, renderer.messages()).value();
        this.consentLog = openLog(config, dataDir);
        this.inventory = new CookieInventory();
        this.sightings = config.keepsInventory() ? inventory : CookieSightings.NONE;
        ConsentRecorder recorder = new ConsentRecorder(config, consentLog, configHash, keyRing.signingKey().material());
        AdminEndpoint admin = new AdminEndpoint(config.adminToken().orElse(null), recorder, inventory,
                new DeclarationSuggester(CookieCatalog.builtIn(), config));
        this.endpoint = new ConsentEndpoint(config, policy, consentCookies, codec, observations, renderer, assets,
                recorder, admin, inventory);
        this.purges = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cookie-warden-purge");
            t.setDaemon(true);
            return t;
        });
        ConsentLog.schedulePurge(consentLog, config.consentLogRetention(), purges, clock);
    }

    private static ConsentLog openLog(WardenConfig config, Path dataDir) throws IOException {
        ConsentLogStore store = config.consentLogStore();
        return switch (store) {
            case JSONL -> JsonlConsentLog.open(dataDir);
            case NONE -> new NoConsentLog();
            case JDBC -> JdbcConsentLog.open(new JdbcConsentLog.Settings(config.jdbcUrl().orElseThrow(),
                    config.jdbcUser().orElse(null), config.jdbcPassword().orElse(null), config.jdbcPoolSize(),
                    config.jdbcQueueSize()), dataDir);
        };
    }

    /** Stops the purge schedule and closes the consent log. */
    void close() {
        purges.shutdownNow();
        consentLog.close();
    }

    /**
     * A short token of everything the injected markup depends on (choice, grants, revision, GPC,
     * language), appended to ETags so a cached page is never revalidated into another state.
     */
    String stateTag(VisitorConsent visitor, String language) {
        Set<String> granted = visitor.granted();
        StringBuilder tag = new StringBuilder("cw").append(visitor.choice().isPresent() ? 'd' : 'u')
                .append(config.policyRevision()).append(visitor.gpc() ? "g" : "").append(language);
        for (int i = 0; i < config.categories().size(); i++) {
            if (granted.contains(config.categories().get(i).id())) {
                tag.append('.').append(Integer.toString(i, 36));
            }
        }
        return tag.toString();
    }

    /** The markup for one page of a visitor. */
    PageSnippets snippets(VisitorConsent visitor, String contextPath, String language, String returnPath) {
        boolean decided = visitor.choice().isPresent();
        return renderer.snippets(contextPath, language, visitor.granted(), decided, visitor.gpc(), returnPath);
    }

    /** The one line logged at startup: version, categories, mode. */
    String startupLine() {
        String categories = config.categories().stream()
                .map(c -> c.id() + (c.required() ? " (required)" : ""))
                .collect(Collectors.joining(", "));
        return "Cookie Warden " + version() + " active: categories [" + categories + "], "
                + config.cookies().size() + " declared cookies, undeclared cookies: "
                + config.undeclaredMode().value() + ", policy revision " + config.policyRevision()
                + ", choices valid " + config.consentValidity().toDays() + " days, endpoint "
                + config.endpointPrefix() + ", banner " + (config.bannerEnabled() ? "on" : "off")
                + ", consent log " + consentLog.kind()
                + ", signing key [" + keyRing.signingKey().id() + "]";
    }

    static String version() {
        try (InputStream in = Warden.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "(unknown version)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version)";
        }
    }


    @Override
    public String toString() {
        return "Warden[" + config + "]";
    }

}
