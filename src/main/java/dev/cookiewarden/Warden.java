package dev.cookiewarden;

import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.consent.ConsentCache;
import dev.cookiewarden.consent.ConsentCookieCodec;
import dev.cookiewarden.consent.ConsentCookies;
import dev.cookiewarden.consent.KeyRing;
import dev.cookiewarden.enforce.CookieObservations;
import dev.cookiewarden.enforce.CookiePolicy;
import dev.cookiewarden.endpoint.ConsentEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
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

    Warden(WardenConfig config, KeyRing keyRing) {
        this.config = config;
        this.keyRing = keyRing;
        ConsentCookieCodec codec = new ConsentCookieCodec(keyRing);
        this.consentCookies = new ConsentCookies(config, codec, new ConsentCache(codec, ConsentCache.DEFAULT_MAXIMUM_SIZE));
        this.policy = new CookiePolicy(config, consentCookies.allNames());
        this.observations = new CookieObservations();
        this.endpoint = new ConsentEndpoint(config, policy, consentCookies, codec, observations);
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
                + config.endpointPrefix() + ", signing key [" + keyRing.signingKey().id() + "]";
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
