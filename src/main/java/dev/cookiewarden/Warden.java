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
import dev.cookiewarden.enforce.CookiePolicy;
import dev.cookiewarden.endpoint.ConsentEndpoint;
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

    Warden(WardenConfig config, KeyRing keyRing) {
        this.config = config;
        this.keyRing = keyRing;
        ConsentCookieCodec codec = new ConsentCookieCodec(keyRing);
        this.consentCookies = new ConsentCookies(config, codec, new ConsentCache(codec, ConsentCache.DEFAULT_MAXIMUM_SIZE));
        this.policy = new CookiePolicy(config, consentCookies.allNames());
        this.observations = new CookieObservations();
        this.assets = Assets.of(config);
        this.renderer = new BannerRenderer(config, assets.cssPath(), assets.guardPath(), assets.scriptPath());
        this.endpoint = new ConsentEndpoint(config, policy, consentCookies, codec, observations, renderer, assets);
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
        return new PageSnippets(renderer.head(contextPath, visitor.granted(), decided, visitor.gpc()),
                renderer.body(contextPath, language, !decided, returnPath));
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
