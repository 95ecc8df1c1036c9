package dev.cookiewarden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cookiewarden.CookieWardenFilter;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.register.ConfigHash;
import java.util.Locale;
import java.util.function.Supplier;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The cookie policy routes of the consent endpoint, through the filter, on Jetty 12 and Tomcat 11. */
class PolicyWireTest {
    private static final String PREFIX = "/cookie-consent";
    private static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
            + " frame-ancestors 'self'; base-uri 'none'";

    private static String normalized(String contentType) {
        return contentType == null ? null : contentType.replace(" ", "").toLowerCase(Locale.ROOT);
    }

    private static int start(Container c, WardenConfig config) throws Exception {
        return TestApps.startScenarioApp(c, new CookieWardenFilter(config));
    }

    private static RawHttp.Response head(int port, String path, String... headers) throws Exception {
        StringBuilder h = new StringBuilder("HEAD " + path + " HTTP/1.1\r\n");
        for (String line : headers) {
            h.append(line).append("\r\n");
        }
        return RawHttp.exchange(port, h.toString(), null);
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void pageIsHtmlInTheNegotiatedLanguageWithTheSecurityHeaders(Supplier<Container> make) throws Exception {
        WardenConfig config = TestApps.conformanceWith();
        try (Container c = make.get()) {
            int port = start(c, config);
            RawHttp.Response fr = RawHttp.get(port, PREFIX + "/policy", "Accept-Language: fr-FR,fr;q=0.9,en;q=0.5");
            assertEquals(200, fr.status(), fr.toString());
            assertEquals("text/html;charset=utf-8", normalized(fr.first("Content-Type")));
            assertEquals("nosniff", fr.first("X-Content-Type-Options"));
            assertEquals(CSP, fr.first("Content-Security-Policy"));
            assertEquals("no-cache", fr.first("Cache-Control"));
            assertEquals("Accept-Language", fr.first("Vary"));
            String hash = ConfigHash.of(config).value();
            assertTrue(fr.first("ETag").startsWith("\"" + hash + "-fr-"), fr.first("ETag"));
            assertEquals(String.valueOf(fr.body().length()), fr.first("Content-Length"), "ASCII body");
            assertTrue(fr.setCookies().isEmpty(), fr.toString());

            Document d = Jsoup.parse(fr.body());
            assertEquals("Politique relative aux cookies", d.title());
            assertEquals("fr", d.select("html").attr("lang"));
            assertEquals(4, d.select(".cw-policy-cat").size());
            assertTrue(d.select("#cw-root, script").isEmpty(), "the endpoint's own page gets no banner");
            assertTrue(d.selectFirst("link[rel=stylesheet]").attr("href").startsWith(PREFIX + "/assets/cw."));
            assertTrue(d.select("tbody td").eachText().containsAll(
                    java.util.List.of("cookie_warden", "JSESSIONID", "lang", "deep_pref", "_ga", "_ga_*", "_fbp", "trk_session")));
            assertTrue(d.selectFirst(".cw-policy-version").text().endsWith(hash.substring(0, 12)));

            // The stylesheet it links is served.
            RawHttp.Response css = RawHttp.get(port, d.selectFirst("link[rel=stylesheet]").attr("href"));
            assertEquals(200, css.status(), css.toString());

            RawHttp.Response en = RawHttp.get(port, PREFIX + "/policy", "Accept-Language: en");
            assertEquals("Cookie policy", Jsoup.parse(en.body()).title());
            assertNotEquals(fr.first("ETag"), en.first("ETag"));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void langParameterOverridesAcceptLanguageOnlyForAConfiguredLanguage(Supplier<Container> make) throws Exception {
        try (Container c = make.get()) {
            int port = start(c, TestApps.conformanceWith());
            RawHttp.Response fr = RawHttp.get(port, PREFIX + "/policy?lang=fr", "Accept-Language: en");
            assertEquals("fr", Jsoup.parse(fr.body()).select("html").attr("lang"));
            assertTrue(fr.first("ETag").contains("-fr-"), fr.first("ETag"));
            RawHttp.Response de = RawHttp.get(port, PREFIX + "/policy?lang=de", "Accept-Language: fr");
            assertEquals("fr", Jsoup.parse(de.body()).select("html").attr("lang"), "de is not configured");
            RawHttp.Response none = RawHttp.get(port, PREFIX + "/policy?lang=%3Cscript%3E");
            assertEquals(200, none.status());
            assertEquals("en", Jsoup.parse(none.body()).select("html").attr("lang"), "the default language");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void matchingIfNoneMatchGets304AndHeadGetsTheHeadersAlone(Supplier<Container> make) throws Exception {
        try (Container c = make.get()) {
            int port = start(c, TestApps.conformanceWith());
            for (String path : new String[] {"/policy", "/policy/fragment", "/policy.json", "/policy.csv"}) {
                RawHttp.Response first = RawHttp.get(port, PREFIX + path, "Accept-Language: fr");
                assertEquals(200, first.status(), path + " " + first);
                String etag = first.first("ETag");
                assertTrue(etag.matches("\"[0-9a-f]{64}(-fr)?-[A-Za-z0-9_-]{10}\""), path + " " + etag);
                assertEquals("no-cache", first.first("Cache-Control"), path);

                RawHttp.Response again = RawHttp.get(port, PREFIX + path, "Accept-Language: fr", "If-None-Match: " + etag);
                assertEquals(304, again.status(), path + " " + again);
                assertEquals(etag, again.first("ETag"));
                assertEquals("no-cache", again.first("Cache-Control"));
                assertEquals("", again.body());

                RawHttp.Response weak = RawHttp.get(port, PREFIX + path, "Accept-Language: fr",
                        "If-None-Match: \"other\", W/" + etag);
                assertEquals(304, weak.status(), path + " " + weak);

                RawHttp.Response stale = RawHttp.get(port, PREFIX + path, "Accept-Language: fr", "If-None-Match: \"old\"");
                assertEquals(200, stale.status(), path);

                RawHttp.Response head = head(port, PREFIX + path, "Accept-Language: fr");
                assertEquals(200, head.status(), path + " " + head);
                assertEquals(etag, head.first("ETag"));
                assertEquals(first.first("Content-Length"), head.first("Content-Length"), path);
                assertEquals(normalized(first.first("Content-Type")), normalized(head.first("Content-Type")));
                assertEquals("", head.body());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void fragmentIsAnEmbeddableSection(Supplier<Container> make) throws Exception {
        try (Container c = make.get()) {
            int port = start(c, TestApps.conformanceWith());
            RawHttp.Response r = RawHttp.get(port, PREFIX + "/policy/fragment?lang=fr");
            assertEquals(200, r.status(), r.toString());
            assertEquals("text/html;charset=utf-8", normalized(r.first("Content-Type")));
            assertEquals(CSP, r.first("Content-Security-Policy"));
            assertTrue(r.body().startsWith("<section class=\"cw cw-policy\" lang=\"fr\""), r.body());
            assertEquals(PREFIX + "/preferences",
                    Jsoup.parseBodyFragment(r.body()).selectFirst("a[data-cookie-warden-open]").attr("href"));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void jsonIsTheRegister(Supplier<Container> make) throws Exception {
        WardenConfig config = TestApps.conformanceWith("policy.effective-date", "2026-03-01");
        try (Container c = make.get()) {
            int port = start(c, config);
            RawHttp.Response r = RawHttp.get(port, PREFIX + "/policy.json");
            assertEquals(200, r.status(), r.toString());
            assertEquals("application/json;charset=utf-8", normalized(r.first("Content-Type")));
            assertEquals("nosniff", r.first("X-Content-Type-Options"));
            assertNull(r.first("Vary"), "one representation for every language");
            assertNull(r.first("Content-Security-Policy"));
            JsonNode root = new ObjectMapper().readTree(r.body());
            assertEquals(3, root.get("revision").asInt());
            assertEquals("2026-03-01", root.get("effectiveDate").asText());
            assertEquals(ConfigHash.of(config).value(), root.get("configHash").asText());
            assertEquals(4, root.get("categories").size());
            assertEquals("Préférences", root.get("categories").get(1).get("label").get("fr").asText());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void csvIsAnAttachmentInUtf8WithAByteOrderMark(Supplier<Container> make) throws Exception {
        try (Container c = make.get()) {
            int port = start(c, TestApps.conformanceWith());
            RawHttp.Response r = RawHttp.get(port, PREFIX + "/policy.csv", "Accept-Language: fr");
            assertEquals(200, r.status(), r.toString());
            assertEquals("text/csv;charset=utf-8", normalized(r.first("Content-Type")));
            assertEquals("attachment; filename=\"cookie-register.csv\"", r.first("Content-Disposition"));
            assertEquals("Accept-Language", r.first("Vary"));
            assertTrue(r.body().startsWith("\ufeffcategory,legal_basis,cookie,provider,purpose,retention,third_party\r\n"),
                    r.body());
            assertTrue(r.body().contains("\r\nPréférences,\"Votre consentement (RGPD"), r.body());
            assertTrue(r.body().endsWith("\r\n"));
            assertTrue(RawHttp.get(port, PREFIX + "/policy.csv?lang=en").body().contains("\r\nPreferences,"));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void onlyGetAndHeadAreAllowed(Supplier<Container> make) throws Exception {
        try (Container c = make.get()) {
            int port = start(c, TestApps.conformanceWith());
            for (String path : new String[] {"/policy", "/policy/fragment", "/policy.json", "/policy.csv"}) {
                RawHttp.Response post = RawHttp.post(port, PREFIX + path, "action=accept-all");
                assertEquals(405, post.status(), path + " " + post);
                assertEquals("GET, HEAD", post.first("Allow"));
                assertEquals("no-store", post.first("Cache-Control"));
                assertTrue(post.setCookies().isEmpty(), "nothing is granted: " + post);
                RawHttp.Response delete = RawHttp.exchange(port, "DELETE " + PREFIX + path + " HTTP/1.1\r\n", null);
                assertEquals(405, delete.status(), path + " " + delete);
            }
            for (String path : new String[] {"/policy/", "/policy.xml", "/policy/fragment/x", "/policies"}) {
                assertEquals(404, RawHttp.get(port, PREFIX + path).status(), path);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void followsTheEndpointPrefix(Supplier<Container> make) throws Exception {
        try (Container c = make.get()) {
            int port = start(c, TestApps.conformanceWith("endpoint.prefix", "/privacy/cw"));
            RawHttp.Response r = RawHttp.get(port, "/privacy/cw/policy?lang=en");
            assertEquals(200, r.status(), r.toString());
            Document d = Jsoup.parse(r.body());
            assertEquals("/privacy/cw/preferences?return=%2Fprivacy%2Fcw%2Fpolicy%3Flang%3Den",
                    d.selectFirst(".cw-policy-choices a").attr("href"));
            assertFalse(RawHttp.get(port, PREFIX + "/policy").status() == 200);
        }
    }
}
