package dev.cookiewarden.sample;

import static dev.cookiewarden.sample.ShopClient.cookiePair;
import static dev.cookiewarden.sample.ShopClient.isDeletion;
import static dev.cookiewarden.sample.ShopClient.maxAge;
import static dev.cookiewarden.sample.ShopClient.setCookie;
import static dev.cookiewarden.sample.ShopClient.setCookieNames;
import static dev.cookiewarden.sample.ShopClient.setCookies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sample shop on a real embedded Jetty, spoken to over real HTTP: what a browser would be
 * sent at each step of a visitor's choices.
 */
class SampleShopTest {
    /** cookies.max-lifetime-days at its default: 395 days, the CNIL's 13 months. */
    private static final long CAP_SECONDS = 395L * 24 * 3600;
    private static final String CONSENT_COOKIE = "cookie_warden";
    private static final Pattern CATEGORY_JSON =
            Pattern.compile("\"id\":\"([a-z-]+)\",\"required\":(true|false),\"granted\":(true|false)");

    private static Server server;
    private static ShopClient client;

    @BeforeAll
    static void startShop() throws Exception {
        server = SampleApp.start(0);
        client = new ShopClient(SampleApp.localPort(server));
    }

    @AfterAll
    static void stopShop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    // ---- first visit -------------------------------------------------------------------------

    @Test
    void firstVisitSetsOnlyTheNecessaryCookies() throws Exception {
        HttpResponse<String> home = client.get("/", null);

        assertEquals(200, home.statusCode());
        assertEquals(List.of("JSESSIONID", "cart"), sorted(setCookieNames(home)), setCookies(home).toString());
        assertFalse(setCookies(home).stream().anyMatch(ShopClient::isDeletion), setCookies(home).toString());
        assertEquals(List.of(), receivedNames(home.body()));
        // The page still tells what it tried: the filter, not the application, decided.
        for (String name : List.of("lang", "_ga", "_fbp", "promo_seen")) {
            assertTrue(home.body().contains("<code>" + name + "</code>"), name);
        }
    }

    @Test
    void firstVisitConsentStateIsUndecided() throws Exception {
        HttpResponse<String> state = state(null);

        assertEquals(200, state.statusCode());
        assertTrue(state.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        assertTrue(state.body().contains("\"decided\":false"), state.body());
        assertEquals(Map.of("necessary", true, "preferences", false, "analytics", false, "marketing", false),
                grantedCategories(state.body()));
    }

    // ---- accept all ----------------------------------------------------------------------------

    @Test
    void acceptAllRedirectsToTheReturnPathWithAConsentCookie() throws Exception {
        HttpResponse<String> accepted = client.post("/cookie-consent", null, null,
                "action", "accept-all", "return", "/product?id=assam");

        assertEquals(303, accepted.statusCode());
        assertEquals("/product?id=assam", accepted.headers().firstValue("location").orElse(null));
        String consent = setCookie(accepted, CONSENT_COOKIE);
        assertTrue(consent.contains("HttpOnly"), consent);
        assertTrue(maxAge(consent).orElse(0) > 0, consent);
    }

    @Test
    void afterAcceptAllTheHomePageSetsEveryDeclaredCookieButNotTheUndeclaredOne() throws Exception {
        String consent = consent("action", "accept-all", "return", "/");

        HttpResponse<String> home = client.get("/", consent);

        assertEquals(200, home.statusCode());
        assertEquals(List.of("JSESSIONID", "_fbp", "_ga", "cart", "lang"), sorted(setCookieNames(home)),
                setCookies(home).toString());
        assertFalse(setCookieNames(home).contains("promo_seen"));
        assertEquals(List.of(CONSENT_COOKIE), receivedNames(home.body()));
    }

    @Test
    void googleAnalyticsTwoYearsAreCappedAtThirteenMonths() throws Exception {
        String consent = consent("action", "accept-all", "return", "/");

        String ga = setCookie(client.get("/", consent), "_ga");

        long maxAge = maxAge(ga).orElseThrow(() -> new AssertionError("no Max-Age in " + ga));
        assertTrue(maxAge > 0 && maxAge <= CAP_SECONDS, ga);
        assertTrue(HomeServlet.GA_MAX_AGE > CAP_SECONDS, "the page must ask for more than the cap");
    }

    @Test
    void acceptedCookiesReachTheApplication() throws Exception {
        String consent = consent("action", "accept-all", "return", "/");

        HttpResponse<String> home = client.get("/", consent + "; lang=en; _ga=GA1.1.1.1; _fbp=fb.1.1.1; promo_seen=1");

        assertEquals(List.of(CONSENT_COOKIE, "lang", "_ga", "_fbp"), receivedNames(home.body()));
        // promo_seen, undeclared, is hidden from the application and expired in the browser.
        assertTrue(isDeletion(setCookie(home, "promo_seen")), setCookies(home).toString());
    }

    // ---- reject all ----------------------------------------------------------------------------

    @Test
    void afterRejectAllOnlyTheNecessaryCookiesAreSet() throws Exception {
        String consent = consent("action", "reject-all", "return", "/");

        HttpResponse<String> home = client.get("/", consent);

        assertEquals(List.of("JSESSIONID", "cart"), sorted(setCookieNames(home)), setCookies(home).toString());
    }

    // ---- customize -----------------------------------------------------------------------------

    @Test
    void savingAnalyticsOnlyLetsOnlyGoogleAnalyticsThrough() throws Exception {
        String consent = consent("action", "save", "category", "analytics", "return", "/");

        HttpResponse<String> home = client.get("/", consent);

        assertEquals(List.of("JSESSIONID", "_ga", "cart"), sorted(setCookieNames(home)), setCookies(home).toString());
    }

    @Test
    void savingAnalyticsOnlyExpiresThePreferenceAndAdvertisingCookiesTheBrowserSends() throws Exception {
        HttpResponse<String> saved = client.post("/cookie-consent", "lang=fr; _fbp=x", null,
                "action", "save", "category", "analytics", "return", "/");

        assertEquals(303, saved.statusCode());
        assertTrue(isDeletion(setCookie(saved, "lang")), setCookies(saved).toString());
        assertTrue(isDeletion(setCookie(saved, "_fbp")), setCookies(saved).toString());
        String consent = cookiePair(saved, CONSENT_COOKIE).orElseThrow();

        // A browser that kept them anyway: hidden from the application, expired again.
        HttpResponse<String> home = client.get("/", consent + "; lang=fr; _fbp=x; _ga=GA1.1.2.2");

        assertTrue(isDeletion(setCookie(home, "lang")), setCookies(home).toString());
        assertTrue(isDeletion(setCookie(home, "_fbp")), setCookies(home).toString());
        assertFalse(isDeletion(setCookie(home, "_ga")), setCookies(home).toString());
        assertEquals(List.of(CONSENT_COOKIE, "_ga"), receivedNames(home.body()));
    }

    @Test
    void savedChoiceIsReadableAsJson() throws Exception {
        String consent = consent("action", "save", "category", "analytics", "category", "preferences", "return", "/");

        HttpResponse<String> state = state(consent);

        assertTrue(state.body().contains("\"decided\":true"), state.body());
        assertEquals(Map.of("necessary", true, "preferences", true, "analytics", true, "marketing", false),
                grantedCategories(state.body()));
    }

    // ---- withdraw ------------------------------------------------------------------------------

    @Test
    void withdrawingAfterAcceptAllExpiresEveryOptionalCookie() throws Exception {
        String accepted = consent("action", "accept-all", "return", "/");
        HttpResponse<String> home = client.get("/", accepted);
        String browserCookies = accepted + "; " + setCookies(home).stream().map(ShopClient::pair)
                .collect(Collectors.joining("; "));

        HttpResponse<String> withdrawn = client.post("/cookie-consent", browserCookies, null,
                "action", "withdraw", "return", "/cart");

        assertEquals(303, withdrawn.statusCode());
        assertEquals("/cart", withdrawn.headers().firstValue("location").orElse(null));
        for (String refused : List.of("lang", "_ga", "_fbp")) {
            assertTrue(isDeletion(setCookie(withdrawn, refused)), refused + " in " + setCookies(withdrawn));
        }
        assertFalse(setCookieNames(withdrawn).contains("cart"), setCookies(withdrawn).toString());
        assertFalse(setCookieNames(withdrawn).contains("JSESSIONID"), setCookies(withdrawn).toString());
        String consent = cookiePair(withdrawn, CONSENT_COOKIE).orElseThrow();
        assertEquals(Map.of("necessary", true, "preferences", false, "analytics", false, "marketing", false),
                grantedCategories(state(consent).body()));

        HttpResponse<String> after = client.get("/", consent);
        assertEquals(List.of("JSESSIONID", "cart"), sorted(setCookieNames(after)), setCookies(after).toString());
    }

    // ---- product, cart, errors -----------------------------------------------------------------

    @Test
    void unknownProductIsNotFound() throws Exception {
        HttpResponse<String> missing = client.get("/product?id=matcha", null);

        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("We have no tea called “matcha”."), missing.body());
        assertEquals(List.of(), setCookieNames(missing));
    }

    @Test
    void productIdIsEscapedWhereverItIsEchoed() throws Exception {
        HttpResponse<String> attack = client.get("/product?id=%3Cscript%3Ealert(%22x%22)%3C/script%3E%27", null);

        assertEquals(404, attack.statusCode());
        // Not "no <script at all": the filter's banner, once injected, brings script files of its own.
        assertFalse(attack.body().contains("<script>alert"), attack.body());
        assertFalse(attack.body().contains("“<"), attack.body());
        assertTrue(attack.body().contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39;"), attack.body());
    }

    @Test
    void addingToTheCartKeepsItInTheSession() throws Exception {
        HttpResponse<String> product = client.get("/product?id=assam", null);
        assertEquals(200, product.statusCode());
        assertTrue(product.body().contains("Assam Breakfast"));

        HttpResponse<String> added = client.post("/cart", null, client.origin(), "action", "add", "id", "assam",
                "quantity", "2");
        assertEquals(303, added.statusCode());
        assertEquals("/cart", added.headers().firstValue("location").orElse(null));
        String session = cookiePair(added, "JSESSIONID").orElseThrow();

        HttpResponse<String> cart = client.get("/cart", session);
        assertTrue(cart.body().contains("<td>Assam Breakfast</td><td>2</td><td>€19.60</td>"), cart.body());
    }

    @Test
    void crossSitePostsAreRefused() throws Exception {
        HttpResponse<String> cart = client.post("/cart", null, "http://evil.example", "id", "assam");
        assertEquals(403, cart.statusCode());

        HttpResponse<String> consent = client.post("/cookie-consent", null, "http://evil.example",
                "action", "accept-all");
        assertEquals(403, consent.statusCode());
        assertEquals(List.of(), setCookieNames(consent));
    }

    @Test
    void stylesheetIsServedWithoutCookies() throws Exception {
        HttpResponse<String> css = client.get("/style.css", null);

        assertEquals(200, css.statusCode());
        assertTrue(css.headers().firstValue("content-type").orElse("").startsWith("text/css"));
        assertEquals(List.of(), setCookieNames(css));
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Posts a choice and returns the consent cookie pair it set. */
    private static String consent(String... fields) throws Exception {
        HttpResponse<String> response = client.post("/cookie-consent", null, null, fields);
        assertEquals(303, response.statusCode(), response.body());
        return cookiePair(response, CONSENT_COOKIE)
                .orElseThrow(() -> new AssertionError("no consent cookie in " + setCookies(response)));
    }

    /** The consent endpoint's record of the visitor's choice, as JSON. */
    private static HttpResponse<String> state(String consentCookie) throws Exception {
        return client.get("/cookie-consent", consentCookie, "Accept", "application/json");
    }

    /** Sorted, duplicates kept: a cookie set twice shows as such. */
    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }

    /** The names in the "What the server received" list. */
    private static List<String> receivedNames(String html) {
        int start = html.indexOf("<ul id=\"received\"");
        int end = html.indexOf("</ul>", start);
        assertTrue(start >= 0 && end > start, "no received list");
        Matcher m = Pattern.compile("<li><code>([^<]*)</code>").matcher(html.substring(start, end));
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static Map<String, Boolean> grantedCategories(String json) {
        Map<String, Boolean> granted = new LinkedHashMap<>();
        Matcher m = CATEGORY_JSON.matcher(json);
        while (m.find()) {
            granted.put(m.group(1), Boolean.parseBoolean(m.group(3)));
        }
        return granted;
    }
}
