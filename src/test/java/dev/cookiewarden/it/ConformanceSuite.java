package dev.cookiewarden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cookiewarden.CookieWardenFilter;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.config.WardenConfigParser;
import dev.cookiewarden.consent.ConsentCookieCodec;
import dev.cookiewarden.consent.ConsentState;
import dev.cookiewarden.consent.KeyRing;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletRegistration;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conformance suite: one real container, real HTTP, every way an application can set or read
 * a cookie. {@link JettyConformanceTest} and {@link TomcatConformanceTest} run it on each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConformanceSuite {
    static final String CONSENT = "cookie_warden";
    static final String ALL_NAMES = "JSESSIONID,lang,_ga,_ga_ABC123,_fbp,undeclared_thing";
    static final ObjectMapper JSON = new ObjectMapper();

    private Container container;
    int port;
    WardenConfig config;
    ConsentCookieCodec codec;
    CookieWardenFilter filter;

    abstract Container newContainer();

    @BeforeAll
    void start() throws Exception {
        try (InputStream in = ConformanceSuite.class.getResourceAsStream("/conformance.properties")) {
            config = WardenConfigParser.parse(in, "conformance.properties");
        }
        codec = new ConsentCookieCodec(new KeyRing(config.signingKeys()));
        filter = new CookieWardenFilter(config);
        ServletContainerInitializer setup = (classes, ctx) -> {
            ctx.getSessionCookieConfig().setName("trk_session");
            FilterRegistration.Dynamic f = ctx.addFilter("cookieWarden", filter);
            f.setAsyncSupported(true);
            f.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
            ServletRegistration.Dynamic s = ctx.addServlet("scenario", new ScenarioServlet());
            s.setAsyncSupported(true);
            s.addMapping("/s/*");
            ServletRegistration.Dynamic inc = ctx.addServlet("included", new ScenarioServlet.Included());
            inc.setAsyncSupported(true);
            inc.addMapping("/inc");
            ServletRegistration.Dynamic err = ctx.addServlet("errorPage", new ScenarioServlet.ErrorPage());
            err.setAsyncSupported(true);
            err.addMapping("/errorpage");
        };
        container = newContainer();
        port = container.start(setup, 404, "/errorpage");
    }

    @AfterAll
    void stop() throws Exception {
        container.close();
    }

    // ---- helpers ---------------------------------------------------------------------------

    RawHttp.Response get(String path, String... headers) throws Exception {
        return RawHttp.get(port, path, headers);
    }

    /** A consent cookie header line obtained from the real endpoint. */
    String consent(String action, String... categories) throws Exception {
        StringBuilder form = new StringBuilder("action=").append(action);
        for (String c : categories) {
            form.append("&category=").append(c);
        }
        RawHttp.Response r = RawHttp.post(port, "/cookie-consent", form.toString());
        assertEquals(303, r.status(), r.toString());
        String value = r.cookieValue(CONSENT);
        assertNotNull(value, r.toString());
        return "Cookie: " + CONSENT + "=" + value;
    }

    String crafted(ConsentState state) {
        return "Cookie: " + CONSENT + "=" + codec.encode(state);
    }

    static ConsentState state(Set<String> granted, int revision, Instant issued, Instant expires) {
        return ConsentState.of(ConsentState.newConsentId(), granted, revision, issued, expires);
    }

    JsonNode stateJson(String... headers) throws Exception {
        RawHttp.Response r = get("/cookie-consent", headers);
        assertEquals(200, r.status(), r.toString());
        return JSON.readTree(r.body());
    }

    static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }

    // ---- outgoing: every way to set a cookie --------------------------------------------------

    @Test
    void addCookieWithoutChoiceThenOnlyRequiredCookiesPass() throws Exception {
        RawHttp.Response r = get("/s/addCookie?names=" + ALL_NAMES);
        assertEquals(200, r.status());
        assertEquals(List.of("JSESSIONID"), r.setNames(), r.toString());
    }

    @Test
    void addCookieAfterAcceptAllThenDeclaredCookiesPassAndUndeclaredNot() throws Exception {
        RawHttp.Response r = get("/s/addCookie?names=" + ALL_NAMES, consent("accept-all"));
        assertEquals(sorted(List.of("JSESSIONID", "lang", "_ga", "_ga_ABC123", "_fbp")), sorted(r.setNames()), r.toString());
    }

    @Test
    void addCookieAfterCustomChoiceThenOnlyChosenCategoriesPass() throws Exception {
        RawHttp.Response r = get("/s/addCookie?names=" + ALL_NAMES, consent("save", "analytics"));
        assertEquals(sorted(List.of("JSESSIONID", "_ga", "_ga_ABC123")), sorted(r.setNames()), r.toString());
    }

    @Test
    void addCookieAfterRejectAllThenOnlyRequiredPass() throws Exception {
        RawHttp.Response r = get("/s/addCookie?names=" + ALL_NAMES, consent("reject-all"));
        assertEquals(List.of("JSESSIONID"), r.setNames(), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Set-Cookie", "set-cookie", "SET-COOKIE", "sEt-CoOkIe"})
    void addHeaderInAnyLetterCaseIsEnforced(String headerName) throws Exception {
        RawHttp.Response none = get("/s/addHeader?header=" + headerName + "&names=" + ALL_NAMES);
        assertEquals(List.of("JSESSIONID"), none.setNames(), none.toString());
        RawHttp.Response prefs = get("/s/addHeader?header=" + headerName + "&names=" + ALL_NAMES,
                consent("save", "preferences"));
        assertEquals(sorted(List.of("JSESSIONID", "lang")), sorted(prefs.setNames()), prefs.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Set-Cookie", "set-cookie", "SET-COOKIE"})
    void setHeaderInAnyLetterCaseKeepsOnlyTheLastAllowedValue(String headerName) throws Exception {
        // setHeader replaces: the last name written wins, and it is _fbp (not granted) here.
        RawHttp.Response r = get("/s/setHeader?header=" + headerName + "&names=lang,_fbp");
        assertEquals(List.of(), r.setNames(), r.toString());
        RawHttp.Response granted = get("/s/setHeader?header=" + headerName + "&names=_fbp,lang", consent("save", "preferences"));
        assertEquals(List.of("lang"), granted.setNames(), granted.toString());
    }

    @Test
    void setHeaderNullClearsAndLaterCookiesAreStillEnforced() throws Exception {
        RawHttp.Response r = get("/s/setNull");
        assertEquals(List.of("JSESSIONID"), r.setNames(), r.toString());
    }

    @Test
    void numericSetCookieHeadersAreDropped() throws Exception {
        RawHttp.Response r = get("/s/numeric", consent("accept-all"));
        assertEquals(List.of(), r.setCookies(), r.toString());
    }

    @Test
    void lifetimesAreCappedNotDropped() throws Exception {
        RawHttp.Response r = get("/s/longLived", consent("accept-all"));
        assertEquals(sorted(List.of("_ga", "_ga_X", "JSESSIONID")), sorted(r.setNames()), r.toString());
        for (String v : r.setCookies()) {
            String lower = v.toLowerCase(Locale.ROOT);
            String name = RawHttp.nameOf(v);
            long cap = name.equals("JSESSIONID") ? Duration.ofDays(400).getSeconds() : Duration.ofDays(395).getSeconds();
            if (lower.contains("max-age=")) {
                long maxAge = Long.parseLong(lower.replaceAll(".*max-age=(-?\\d+).*", "$1"));
                assertTrue(maxAge <= cap, name + " max-age " + maxAge + " > " + cap);
            }
            assertFalse(lower.contains("2100"), "Expires not capped: " + v);
        }
    }

    // ---- malformed Set-Cookie values from the application -----------------------------------

    @Test
    void rawSetCookieFormsFollowRfc6265bis() throws Exception {
        String consent = consent("save", "preferences");
        record Case(String header, String expectedName) {
        }
        List<Case> cases = List.of(
                new Case("lang=b=c; Path=/", "lang"),
                new Case("lang=\"quoted value\"", "lang"),
                new Case("lang=1; Expires=Wed, 21 Oct 2099 07:28:00 GMT; Path=/", "lang"),
                new Case("=x", null),
                new Case("lang", null),
                new Case("   ", null),
                new Case("_fbp=1", null),
                new Case("lang=" + "x".repeat(4100), null),
                new Case("lang=a\u0001b", null),
                new Case("lang=a\u007fb", null));
        for (Case c : cases) {
            RawHttp.Response r = get("/s/raw?v=" + URLEncoder.encode(c.header(), StandardCharsets.UTF_8), consent);
            assertEquals(200, r.status(), c.header() + " -> " + r);
            List<String> expected = c.expectedName() == null ? List.of() : List.of(c.expectedName());
            assertEquals(expected, r.setNames(), c.header() + " -> " + r);
        }
        RawHttp.Response eq = get("/s/raw?v=" + URLEncoder.encode("lang=b=c; Path=/", StandardCharsets.UTF_8), consent);
        assertEquals("b=c", eq.cookieValue("lang"));
    }

    // ---- cookies the container writes itself: the sweep --------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"session?names=", "sessionAfterWrite", "sessionThenFlush", "sessionThenStreamFlush",
        "big?names=", "bigWriter", "contentLength", "resetBuffer?names=", "redirect?names=", "forward",
        "include", "asyncWrapped?names=", "asyncOwnThread?names=", "asyncDispatch?names=", "status?code=204&names=",
        "status?code=304&names=", "sendError?names="})
    void containerSessionCookieNeverLeaksWithoutConsent(String scenario) throws Exception {
        RawHttp.Response r = get("/s/" + scenario);
        assertFalse(r.setNames().contains("trk_session"), scenario + " leaked the session cookie: " + r);
        assertTrue(r.setNames().isEmpty() || r.setNames().equals(List.of("JSESSIONID")), scenario + ": " + r);
        RawHttp.Response granted = get("/s/" + scenario, consent("save", "analytics"));
        assertTrue(granted.setNames().contains("trk_session"), scenario + " lost a granted session cookie: " + granted);
    }

    @Test
    void headRequestsAreEnforcedToo() throws Exception {
        RawHttp.Response r = RawHttp.exchange(port, "HEAD /s/session?names=_ga,lang HTTP/1.1\r\n", null);
        assertEquals(200, r.status(), r.toString());
        assertEquals(List.of(), r.setNames(), r.toString());
        RawHttp.Response granted = RawHttp.exchange(port, "HEAD /s/session?names=_ga,lang HTTP/1.1\r\n"
                + consent("save", "analytics") + "\r\n", null);
        assertEquals(sorted(List.of("_ga", "trk_session")), sorted(granted.setNames()), granted.toString());
    }

    @Test
    void bodiesLargerThanTheBufferArriveWhole() throws Exception {
        RawHttp.Response r = get("/s/big?names=_ga", consent("accept-all"));
        assertEquals(64 * 8192, r.body().length());
        assertTrue(r.setNames().containsAll(List.of("_ga", "trk_session")), r.toString());
        RawHttp.Response w = get("/s/bigWriter");
        assertEquals(64 * 4096, w.body().codePointCount(0, w.body().length()));
    }

    @Test
    void resetDiscardsEarlierCookiesAndEnforcesLaterOnes() throws Exception {
        RawHttp.Response r = get("/s/reset", consent("save", "preferences"));
        assertEquals(List.of("lang"), r.setNames(), r.toString());
        assertEquals("ok", r.body());
        RawHttp.Response none = get("/s/reset");
        assertEquals(List.of(), none.setNames(), none.toString());
    }

    @Test
    void errorPagesAreEnforced() throws Exception {
        RawHttp.Response r = get("/s/sendError?names=_ga,lang");
        assertEquals(404, r.status());
        assertEquals(List.of(), r.setNames(), r.toString());
        RawHttp.Response granted = get("/s/sendError?names=_ga", consent("save", "preferences"));
        assertEquals(404, granted.status());
        assertTrue(granted.setNames().contains("lang"), granted.toString());
        assertFalse(granted.setNames().contains("_fbp"), granted.toString());
        assertFalse(granted.setNames().contains("_ga"), granted.toString());
    }

    @Test
    void includedServletsAreEnforced() throws Exception {
        RawHttp.Response r = get("/s/include", consent("save", "preferences"));
        assertEquals("before include included after include", r.body());
        assertFalse(r.setNames().contains("_fbp"), r.toString());
        assertFalse(r.setNames().contains("trk_session"), r.toString());
    }

    @Test
    void asyncResponsesWrittenFromAnotherThreadAreEnforced() throws Exception {
        RawHttp.Response r = get("/s/asyncOwnThread?names=_ga,lang,_fbp", consent("save", "preferences"));
        assertEquals("thread ok", r.body());
        assertEquals(List.of("lang"), r.setNames(), r.toString());
        RawHttp.Response w = get("/s/asyncWrapped?names=_ga,lang,_fbp", consent("save", "marketing"));
        assertEquals("async ok", w.body());
        assertEquals(List.of("_fbp"), w.setNames(), w.toString());
    }

    // ---- incoming: hidden from the application and expired in the browser --------------------

    @Test
    void cookiesNotGrantedAreInvisibleToTheApplicationAndExpired() throws Exception {
        RawHttp.Response r = get("/s/echo", "Cookie: lang=fr; _ga=GA1.2; JSESSIONID=abc; undeclared=1; deep_pref=x");
        assertTrue(r.body().contains("getCookies=[JSESSIONID]"), r.body());
        assertTrue(r.body().contains("getHeader=JSESSIONID=abc"), r.body());
        assertTrue(r.body().contains("getHeaders=[JSESSIONID=abc]"), r.body());
        assertTrue(r.body().contains("hasCookieName=true"), r.body());
        assertEquals(sorted(List.of("lang", "_ga", "undeclared", "deep_pref")), sorted(r.deletedNames()), r.toString());
        String deep = r.setCookies().stream().filter(v -> v.startsWith("deep_pref=")).findFirst().orElseThrow();
        assertTrue(deep.contains("Path=/deep"), deep);
        assertTrue(r.all("Vary").stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("cookie")), r.toString());
    }

    @Test
    void twoCookieLinesAreFilteredAlike() throws Exception {
        RawHttp.Response r = get("/s/echo", "Cookie: lang=fr; JSESSIONID=abc", "Cookie: _ga=GA1; _fbp=fb");
        assertTrue(r.body().contains("getCookies=[JSESSIONID]"), r.body());
        assertTrue(r.body().contains("getHeaders=[JSESSIONID=abc]"), r.body());
        assertEquals(sorted(List.of("lang", "_ga", "_fbp")), sorted(r.deletedNames()), r.toString());
    }

    @Test
    void whenEveryCookieIsHiddenTheCookieHeaderDisappears() throws Exception {
        RawHttp.Response r = get("/s/echo", "Cookie: _ga=GA1; _fbp=fb");
        assertTrue(r.body().contains("getCookies=[]"), r.body());
        assertTrue(r.body().contains("getHeader=null"), r.body());
        assertTrue(r.body().contains("getHeaders=[]"), r.body());
        assertTrue(r.body().contains("hasCookieName=false"), r.body());
    }

    @Test
    void grantedCookiesStayVisible() throws Exception {
        String consent = consent("save", "analytics");
        String value = consent.substring("Cookie: ".length());
        RawHttp.Response r = get("/s/echo", "Cookie: _ga=GA1; lang=fr; " + value);
        assertTrue(r.body().contains("_ga"), r.body());
        assertFalse(r.body().contains("getCookies=[lang"), r.body());
        assertEquals(List.of("lang"), r.deletedNames(), r.toString());
    }

    // ---- the consent cookie ------------------------------------------------------------------

    @Test
    void consentCookieHasTheRequiredAttributes() throws Exception {
        RawHttp.Response r = RawHttp.post(port, "/cookie-consent", "action=reject-all");
        String header = r.setCookies().stream().filter(v -> v.startsWith(CONSENT + "=")).findFirst().orElseThrow();
        String lower = header.toLowerCase(Locale.ROOT);
        assertTrue(lower.contains("path=/"), header);
        assertTrue(lower.contains("httponly"), header);
        assertTrue(lower.contains("samesite=lax"), header);
        assertTrue(lower.contains("max-age=" + Duration.ofDays(182).getSeconds()), header);
        assertFalse(lower.contains("secure"), "plain HTTP: no Secure " + header);
        assertTrue(header.length() < 4096);
    }

    @Test
    void refusalIsRememberedAcrossRequests() throws Exception {
        JsonNode s = stateJson(consent("reject-all"));
        assertTrue(s.get("decided").asBoolean());
        for (JsonNode c : s.get("categories")) {
            assertEquals(c.get("required").asBoolean(), c.get("granted").asBoolean(), c.toString());
        }
    }

    @Test
    void consentIdIsKeptWhenTheVisitorChangesTheirMind() throws Exception {
        String first = consent("accept-all");
        String id = stateJson(first).get("consentId").asText();
        RawHttp.Response change = RawHttp.post(port, "/cookie-consent", "action=reject-all", first);
        String second = "Cookie: " + CONSENT + "=" + change.cookieValue(CONSENT);
        assertEquals(id, stateJson(second).get("consentId").asText());
        assertEquals(22, id.length());
        assertNotEquals(id, stateJson(consent("accept-all")).get("consentId").asText());
    }

    @Test
    void tamperedExpiredOldAndUnknownConsentCookiesMeanNoChoice() throws Exception {
        Instant now = Instant.now();
        Set<String> all = Set.of("preferences", "analytics", "marketing");
        String valid = crafted(state(all, 3, now, now.plus(Duration.ofDays(10))));
        assertTrue(stateJson(valid).get("decided").asBoolean());
        String validValue = valid.substring(valid.indexOf('=') + 1);

        List<String> bad = new ArrayList<>();
        bad.add(crafted(state(all, 3, now.minus(Duration.ofDays(200)), now.minusSeconds(5))));   // expired
        bad.add(crafted(state(all, 2, now, now.plus(Duration.ofDays(10)))));                       // older revision
        bad.add("Cookie: " + CONSENT + "=" + validValue.substring(0, validValue.length() - 3));     // truncated
        char last = validValue.charAt(validValue.length() - 1);
        bad.add("Cookie: " + CONSENT + "=" + validValue.substring(0, validValue.length() - 1) + (last == 'A' ? 'B' : 'A'));
        bad.add("Cookie: " + CONSENT + "=" + "zz" + validValue.substring(validValue.indexOf('.'))); // unknown key id
        bad.add("Cookie: " + CONSENT + "=" + validValue + "; " + CONSENT + "=" + validValue);       // duplicated
        bad.add("Cookie: " + CONSENT + "=" + "x".repeat(5000));                                   // oversized
        bad.add("Cookie: " + CONSENT + "=" + "k2." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"v\":1,".getBytes(StandardCharsets.UTF_8)) + ".AAAA");          // bad JSON, bad sig
        bad.add("Cookie: " + CONSENT + "=%00%ff");
        for (String cookie : bad) {
            RawHttp.Response state = get("/cookie-consent", cookie);
            assertEquals(200, state.status(), cookie + " -> " + state);
            assertFalse(JSON.readTree(state.body()).get("decided").asBoolean(), cookie);
            RawHttp.Response page = get("/s/addCookie?names=_ga,lang,_fbp", cookie);
            assertEquals(200, page.status(), page.toString());
            assertEquals(List.of(), page.setNames(), cookie + " granted something: " + page);
        }
    }

    @Test
    void cookieSignedWithTheSecondKeyIsStillAcceptedAfterRotation() throws Exception {
        Instant now = Instant.now();
        KeyRing retiredFirst = new KeyRing(List.of(config.signingKeys().get(1)));
        String value = new ConsentCookieCodec(retiredFirst).encode(
                state(Set.of("analytics"), 3, now, now.plus(Duration.ofDays(1))));
        assertTrue(value.startsWith("k1."), value);
        RawHttp.Response page = get("/s/addCookie?names=_ga", "Cookie: " + CONSENT + "=" + value);
        assertEquals(List.of("_ga"), page.setNames(), page.toString());
    }

    // ---- Global Privacy Control ----------------------------------------------------------------

    @Test
    void gpcWithoutChoiceRefusesAndAnExplicitChoiceWins() throws Exception {
        JsonNode s = stateJson("Sec-GPC: 1");
        assertFalse(s.get("decided").asBoolean());
        assertTrue(s.get("gpc").asBoolean());
        RawHttp.Response page = get("/s/addCookie?names=_ga,_fbp,lang", "Sec-GPC: 1");
        assertEquals(List.of(), page.setNames());
        assertFalse(stateJson("Sec-GPC: 0").get("gpc").asBoolean());

        RawHttp.Response accept = RawHttp.post(port, "/cookie-consent", "action=accept-all", "Sec-GPC: 1");
        String cookie = "Cookie: " + CONSENT + "=" + accept.cookieValue(CONSENT);
        RawHttp.Response after = get("/s/addCookie?names=_ga,_fbp", cookie, "Sec-GPC: 1");
        assertEquals(sorted(List.of("_ga", "_fbp")), sorted(after.setNames()), after.toString());
        assertFalse(stateJson(cookie, "Sec-GPC: 1").get("gpc").asBoolean());
    }

    // ---- the endpoint --------------------------------------------------------------------------

    @Test
    void crossSitePostsAreRefused() throws Exception {
        List<String[]> forged = List.of(
                new String[] {"Origin: http://evil.example"},
                new String[] {"Origin: null"},
                new String[] {"Origin: http://127.0.0.1:" + (port + 1)},
                new String[] {"Sec-Fetch-Site: cross-site"},
                new String[] {"Sec-Fetch-Site: same-site"},
                new String[] {"Sec-Fetch-Site: cross-site", "Origin: http://127.0.0.1:" + port},
                new String[] {"Origin: https://evil.example"});
        for (String[] headers : forged) {
            RawHttp.Response r = RawHttp.post(port, "/cookie-consent", "action=accept-all", headers);
            assertEquals(403, r.status(), String.join(",", headers) + " -> " + r);
            assertEquals(List.of(), r.setNames(), r.toString());
        }
        RawHttp.Response ok = RawHttp.post(port, "/cookie-consent", "action=accept-all",
                "Origin: http://127.0.0.1:" + port, "Sec-Fetch-Site: same-origin");
        assertEquals(303, ok.status(), ok.toString());
        // Behind a TLS-terminating proxy the page's origin is https while the container sees http.
        RawHttp.Response proxied = RawHttp.post(port, "/cookie-consent", "action=accept-all",
                "Origin: https://127.0.0.1", "Sec-Fetch-Site: same-origin");
        assertEquals(303, proxied.status(), proxied.toString());
        RawHttp.Response oldBrowser = RawHttp.post(port, "/cookie-consent", "action=accept-all",
                "Origin: https://127.0.0.1");
        assertEquals(303, oldBrowser.status(), oldBrowser.toString());
    }

    @Test
    void applicationDeletionsAlwaysPass() throws Exception {
        RawHttp.Response r = get("/s/raw?v=" + URLEncoder.encode("_ga=; Max-Age=0; Path=/blog", StandardCharsets.UTF_8));
        assertEquals(List.of("_ga"), r.deletedNames(), r.toString());
        RawHttp.Response forged = get("/s/raw?v=" + URLEncoder.encode(CONSENT + "=; Max-Age=0", StandardCharsets.UTF_8));
        assertEquals(List.of(), forged.setCookies(), forged.toString());
    }

    @Test
    void returnCanNeverLeaveTheSite() throws Exception {
        for (String evil : List.of("//evil.example/", "https://evil.example/", "/\\evil.example", "\\\\evil.example",
                "/\t/evil.example", "http:evil.example", "javascript:alert(1)", "evil.example", "/%0d%0aX: y")) {
            RawHttp.Response r = RawHttp.post(port, "/cookie-consent",
                    "action=reject-all&return=" + URLEncoder.encode(evil, StandardCharsets.UTF_8));
            if (r.status() == 303) {
                String location = r.first("Location");
                assertTrue(location.startsWith("/") && !location.startsWith("//") && !location.contains("evil"),
                        evil + " -> " + location);
            } else {
                assertEquals(400, r.status(), evil + " -> " + r);
            }
        }
        RawHttp.Response ok = RawHttp.post(port, "/cookie-consent", "action=reject-all&return=%2Fshop%3Fpage%3D2");
        assertEquals(303, ok.status());
        assertEquals("/shop?page=2", ok.first("Location"));
        RawHttp.Response pipe = RawHttp.post(port, "/cookie-consent", "action=reject-all&return=%2Fa%3Fx%3Da%7Cb");
        assertEquals("/a?x=a|b", pipe.first("Location"));
        RawHttp.Response dflt = RawHttp.post(port, "/cookie-consent", "action=reject-all");
        assertEquals("/", dflt.first("Location"));
    }

    @Test
    void jsonClientsGetTheNewState() throws Exception {
        RawHttp.Response r = RawHttp.post(port, "/cookie-consent", "action=save&category=analytics&category=marketing",
                "Accept: application/json");
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.first("Content-Type").startsWith("application/json"));
        JsonNode s = JSON.readTree(r.body());
        assertTrue(s.get("decided").asBoolean());
        assertEquals(3, s.get("revision").asInt());
        Set<String> granted = new java.util.TreeSet<>();
        s.get("categories").forEach(c -> {
            if (c.get("granted").asBoolean()) {
                granted.add(c.get("id").asText());
            }
        });
        assertEquals(Set.of("necessary", "analytics", "marketing"), granted);
        assertNotNull(r.cookieValue(CONSENT));
        assertEquals("no-store", r.first("Cache-Control"));
    }

    @Test
    void withdrawalExpiresTheRefusedCookies() throws Exception {
        String accepted = consent("accept-all");
        String consentPair = accepted.substring("Cookie: ".length());
        RawHttp.Response r = RawHttp.post(port, "/cookie-consent", "action=withdraw",
                "Cookie: " + consentPair + "; _ga=GA1; _ga_XYZ=1; _fbp=fb; lang=fr; JSESSIONID=s");
        assertEquals(303, r.status());
        assertEquals(sorted(List.of("_ga", "_ga_XYZ", "_fbp", "lang")), sorted(r.deletedNames()), r.toString());
        String next = "Cookie: " + CONSENT + "=" + r.cookieValue(CONSENT);
        JsonNode s = stateJson(next);
        assertTrue(s.get("decided").asBoolean());
        s.get("categories").forEach(c -> assertEquals(c.get("required").asBoolean(), c.get("granted").asBoolean()));
    }

    @Test
    void badRequestsGetClearClientErrors() throws Exception {
        assertEquals(400, RawHttp.post(port, "/cookie-consent", "").status());
        assertEquals(400, RawHttp.post(port, "/cookie-consent", "action=accept-everything").status());
        assertEquals(400, RawHttp.post(port, "/cookie-consent", "action=save&category=necessary").status());
        assertEquals(400, RawHttp.post(port, "/cookie-consent", "action=save&category=%3Cscript%3E").status());
        assertEquals(400, RawHttp.post(port, "/cookie-consent", "action=accept-all&action=reject-all").status());
        assertEquals(400, RawHttp.post(port, "/cookie-consent", "action=%zz").status());
        assertEquals(400, RawHttp.post(port, "/cookie-consent", "action=save" + "&x=1".repeat(70)).status());
        assertEquals(413, RawHttp.post(port, "/cookie-consent", "action=save&pad=" + "a".repeat(9000)).status());
        RawHttp.Response json = RawHttp.exchange(port, "POST /cookie-consent HTTP/1.1\r\nContent-Type: application/json\r\n",
                "{\"action\":\"accept-all\"}");
        assertEquals(415, json.status());
        RawHttp.Response put = RawHttp.exchange(port, "PUT /cookie-consent HTTP/1.1\r\n", "x");
        assertEquals(405, put.status());
        assertNotNull(put.first("Allow"));
        assertEquals(404, get("/cookie-consent/nothing-here").status());
        RawHttp.Response err = RawHttp.post(port, "/cookie-consent", "action=%3Cb%3E");
        assertEquals(400, err.status());
        assertTrue(err.first("Content-Type").startsWith("application/json"));
        assertEquals("nosniff", err.first("X-Content-Type-Options"));
        assertFalse(err.body().contains("<b>"), "markup in error bodies is escaped: " + err.body());
        assertEquals("The field [action] has the value [<b>]: expected accept-all, reject-all, save or withdraw",
                JSON.readTree(err.body()).get("error").asText());
    }

    @Test
    void stateEndpointDescribesEveryCategory() throws Exception {
        JsonNode s = stateJson();
        assertFalse(s.get("decided").asBoolean());
        assertTrue(s.get("consentId").isNull());
        assertEquals(List.of("necessary", "preferences", "analytics", "marketing"),
                java.util.stream.StreamSupport.stream(s.get("categories").spliterator(), false)
                        .map(c -> c.get("id").asText()).collect(Collectors.toList()));
    }

    @Test
    void responsesThatDependOnConsentVaryOnCookie() throws Exception {
        RawHttp.Response r = get("/s/addCookie?names=_ga");
        assertTrue(r.all("Vary").stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("cookie")), r.toString());
    }

    @Test
    void varyReplacedByTheApplicationAfterTheFilterSetItStillNamesCookie() throws Exception {
        // The hidden cookie makes the response consent-dependent before the application runs, so
        // the filter's Vary: Cookie is in place when the application replaces every Vary.
        RawHttp.Response r = get("/s/setHeader?header=Vary&names=Accept-Encoding", "Cookie: _ga=GA1.2");
        List<String> vary = r.all("Vary");
        assertTrue(vary.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("cookie")), r.toString());
        assertTrue(vary.stream().anyMatch(v -> v.startsWith("Accept-Encoding")), r.toString());
    }

    @Test
    void blockedCookiesAreCounted() throws Exception {
        get("/s/addCookie?names=undeclared_counted");
        assertTrue(filter.observations().keySet().stream().anyMatch(k -> k.contains("undeclared_counted")),
                filter.observations().toString());
    }

}
