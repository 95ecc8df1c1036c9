package dev.cookiewarden.sample;

import static dev.cookiewarden.sample.ShopClient.cookiePair;
import static dev.cookiewarden.sample.ShopClient.maxAge;
import static dev.cookiewarden.sample.ShopClient.setCookie;
import static dev.cookiewarden.sample.ShopClient.setCookieNames;
import static dev.cookiewarden.sample.ShopClient.setCookies;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pages a visitor sees, over real HTTP: the banner Cookie Warden puts into them, the gated
 * analytics script, video and pixel, the policy page and the API demo, and the security headers
 * they all carry. What a browser then does with them (running the scripts) is checked by hand,
 * following the README.
 */
class ShopPagesTest {
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";
    private static final List<String> PAGES = List.of("/", "/product?id=assam", "/cart", "/privacy", "/api-demo");
    private static final Pattern SCRIPT_TAG = Pattern.compile("<script\\b([^>]*)>(.*?)</script>", Pattern.DOTALL);

    private static Server server;
    private static ShopClient client;
    private static Properties config;

    @BeforeAll
    static void startShop() throws Exception {
        server = SampleApp.start(0);
        client = new ShopClient(SampleApp.localPort(server));
        config = new Properties();
        try (Reader in = Files.newBufferedReader(
                SampleApp.webappDirectory().resolve("WEB-INF/cookie-warden.properties"), StandardCharsets.UTF_8)) {
            config.load(in);
        }
    }

    @AfterAll
    static void stopShop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    // ---- every page --------------------------------------------------------------------------

    @Test
    void everyPageIsHtmlWithTheContentSecurityPolicy() throws Exception {
        for (String path : PAGES) {
            HttpResponse<String> page = client.get(path, null);

            assertEquals(200, page.statusCode(), path);
            assertEquals("text/html;charset=utf-8", contentType(page), path);
            assertEquals(List.of(CSP), page.headers().allValues("content-security-policy"), path);
            assertEquals("nosniff", page.headers().firstValue("x-content-type-options").orElse(null), path);
        }
    }

    @Test
    void errorPagesAndStaticFilesCarryThePolicyToo() throws Exception {
        HttpResponse<String> missing = client.get("/product?id=matcha", null);
        HttpResponse<String> video = client.get("/video.html", null);
        HttpResponse<String> script = client.get("/js/analytics.js", null);

        assertEquals(404, missing.statusCode());
        assertTrue(contentType(missing).startsWith("text/html"), contentType(missing));
        for (HttpResponse<String> r : List.of(missing, video, script)) {
            assertEquals(CSP, r.headers().firstValue("content-security-policy").orElse(null), r.uri().toString());
        }
    }

    @Test
    void everyPageGetsTheBannerUntilTheVisitorChooses() throws Exception {
        for (String path : PAGES) {
            String html = client.get(path, null).body();

            assertTrue(html.contains("<section id=\"cw-banner\""), path);
            assertTrue(html.contains("data-cw-decided=\"false\""), path);
            String back = path.replace("&", "&amp;");
            assertTrue(html.contains("<input type=\"hidden\" name=\"return\" value=\"" + back + "\">"), path);
        }
    }

    @Test
    void bannerOffersAcceptAndRejectAlikeAndLinksThePolicyPage() throws Exception {
        String html = client.get("/", null).body();

        String accept = buttonClass(html, "accept-all");
        assertEquals(accept, buttonClass(html, "reject-all"), "refusing must look exactly like accepting");
        assertTrue(html.contains("data-cookie-warden-open>Customize</button>"), "Customize");
        assertTrue(html.contains("<a class=\"cw-link\" href=\"/privacy\">"), "banner.policy-url=/privacy");
        assertFalse(html.contains("checked"), "nothing may be ticked in advance");
        for (String id : optionalCategories()) {
            assertTrue(html.contains(config.getProperty("category." + id + ".label.en")), id);
        }
    }

    @Test
    void aFrenchBrowserGetsTheBannerInFrench() throws Exception {
        String html = client.get("/", null, "Accept", ShopClient.NAVIGATION_ACCEPT,
                "Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5").body();

        assertTrue(html.contains("<aside id=\"cw-root\" class=\"cw\" lang=\"fr\""), html);
        assertTrue(html.contains(">Tout accepter</button>") && html.contains(">Tout refuser</button>"), html);
    }

    @Test
    void afterAChoiceTheBannerGivesWayToCookieSettings() throws Exception {
        String consent = consent("action", "save", "category", "analytics", "return", "/");

        String html = client.get("/", consent).body();

        assertFalse(html.contains("id=\"cw-banner\""), "no first layer once chosen");
        assertTrue(html.contains("id=\"cw-settings\""), "a way back to the choices on every page");
        assertTrue(html.contains("data-cw-granted=\"analytics\" data-cw-decided=\"true\""), html);
    }

    @Test
    void pagesHaveNoInlineScriptAndNoStyleAttribute() throws Exception {
        for (String path : PAGES) {
            String html = client.get(path, null).body();

            Matcher m = SCRIPT_TAG.matcher(html);
            int scripts = 0;
            while (m.find()) {
                scripts++;
                assertTrue(m.group(1).contains(" src=\""), path + ": " + m.group());
                assertEquals("", m.group(2).strip(), path + ": " + m.group());
            }
            assertTrue(scripts >= 2, path + ": Cookie Warden's script and the analytics tag");
            assertFalse(html.contains(" style="), path);
        }
    }

    // ---- the gated trackers --------------------------------------------------------------------

    @Test
    void everyPageCarriesTheAnalyticsScriptAndThePixelInert() throws Exception {
        for (String path : PAGES) {
            String html = client.get(path, null).body();

            assertTrue(html.contains("<script type=\"text/plain\" data-cookie-warden-category=\"analytics\""
                    + " src=\"/js/analytics.js\"></script>"), path);
            assertTrue(html.contains("<img class=\"pixel\" data-src=\"/pixel.gif\""
                    + " data-cookie-warden-category=\"marketing\" alt=\"\""), path);
            assertFalse(html.contains(" src=\"/pixel.gif\""), path);
        }
    }

    @Test
    void theVideoWaitsForAdvertisingConsentBehindAPlaceholder() throws Exception {
        String html = client.get("/", null).body();

        assertTrue(html.contains("<iframe data-src=\"/video.html\" data-cookie-warden-category=\"marketing\""), html);
        assertFalse(html.contains(" src=\"/video.html\""), "no src until granted");
        String label = config.getProperty("category.marketing.label.en");
        assertTrue(html.contains("<p class=\"video-placeholder\"><span>This video needs the “" + label + "” cookies. "
                + "<a href=\"/cookie-consent/preferences?return=%2F\" data-cookie-warden-open>Cookie settings</a>"),
                html);
    }

    @Test
    void theVideoPageIsLocalAndMayBeFramedByTheShopOnly() throws Exception {
        HttpResponse<String> video = client.get("/video.html", null);

        assertEquals(200, video.statusCode());
        assertTrue(contentType(video).startsWith("text/html"), contentType(video));
        assertTrue(video.headers().firstValue("content-security-policy").orElse("").endsWith("frame-ancestors 'self'"));
        assertFalse(video.body().contains("http://") || video.body().contains("https://"), "nothing remote");
        assertEquals(List.of(), setCookieNames(video));
    }

    @Test
    void thePixelSetsItsCookieOnlyWithAdvertisingConsent() throws Exception {
        HttpResponse<byte[]> refused = client.getBytes("/pixel.gif", consent("action", "reject-all"));
        HttpResponse<byte[]> granted = client.getBytes("/pixel.gif", consent("action", "save", "category", "marketing"));

        for (HttpResponse<byte[]> r : List.of(refused, granted)) {
            assertEquals(200, r.statusCode());
            assertEquals("image/gif", contentType(r));
            assertArrayEquals(PixelServlet.GIF, r.body());
            assertEquals("no-store", r.headers().firstValue("cache-control").orElse(null));
        }
        assertEquals(List.of(), setCookieNames(refused));
        String adId = setCookie(granted, "ad_id");
        assertEquals(PixelServlet.AD_ID_MAX_AGE, maxAge(adId).orElse(-1), adId);
        assertEquals(List.of(), setCookieNames(client.getBytes("/pixel.gif", null)), "undecided: nothing");
    }

    @Test
    void theLocalScriptsAreServedWithoutCookies() throws Exception {
        for (String path : List.of("/js/analytics.js", "/js/api-demo.js", "/js/gtag-demo.js")) {
            HttpResponse<String> script = client.get(path, null, "Accept", "*/*");

            assertEquals(200, script.statusCode(), path);
            assertTrue(contentType(script).contains("javascript"), path + ": " + contentType(script));
            assertEquals(List.of(), setCookieNames(script), path);
            assertFalse(script.body().contains("http://") || script.body().contains("https://"), path);
        }
    }

    // ---- the policy page -------------------------------------------------------------------------

    @Test
    void thePolicyPageExplainsEveryCategoryAndListsEveryDeclaredCookie() throws Exception {
        String html = client.get("/privacy", null).body();

        for (String id : config.getProperty("categories").split(",")) {
            String label = config.getProperty("category." + id.strip() + ".label.en");
            assertTrue(html.contains("<h2>" + Html.escape(label)), label);
        }
        for (String key : config.stringPropertyNames()) {
            if (key.startsWith("cookie.") && key.endsWith(".name")) {
                assertTrue(html.contains("<td><code>" + Html.escape(config.getProperty(key)) + "</code></td>"), key);
            }
        }
        assertTrue(html.contains("<td><code>cookie_warden</code></td>"), "the consent cookie itself");
        assertTrue(html.contains("<td>13 months</td>"), "_ga's P13M in words");
        assertTrue(html.contains("href=\"/cookie-consent/preferences?return=%2Fprivacy\" data-cookie-warden-open>"),
                "the settings, from the policy");
    }

    // ---- the API demo ----------------------------------------------------------------------------

    @Test
    void theApiDemoRunsItsScriptsAfterCookieWardensAndHasARowPerOptionalCategory() throws Exception {
        String html = client.get("/api-demo", null).body();

        List<String> scripts = new ArrayList<>();
        Matcher m = SCRIPT_TAG.matcher(html);
        while (m.find()) {
            scripts.add(m.group(1).strip());
        }
        int banner = indexOf(scripts, "/cookie-consent/assets/cw.");
        int api = scripts.indexOf("src=\"/js/api-demo.js\" defer");
        int gtag = scripts.indexOf("src=\"/js/gtag-demo.js\" defer");
        assertTrue(banner >= 0 && api > banner && gtag > banner, scripts.toString());
        assertTrue(!scripts.get(banner).endsWith(" defer"),
                "Cookie Warden's script runs synchronously in <head>, before the page's deferred scripts");
        for (String id : optionalCategories()) {
            assertTrue(html.contains("<tr data-category=\"" + id + "\">"), id);
        }
        assertTrue(html.contains("<button type=\"button\" class=\"button\" id=\"open-settings\" hidden>"), html);
        assertTrue(html.contains("<ol id=\"consent-log\""), html);
    }

    @Test
    void consentModeIsOnInCookieWardensScript() throws Exception {
        String html = client.get("/api-demo", null).body();
        Matcher guard = Pattern.compile("<script src=\"(/cookie-consent/assets/cw\\.[^\"]+\\.js)\"").matcher(html);
        assertTrue(guard.find(), html);

        String script = client.get(guard.group(1), null, "Accept", "*/*").body();

        // Google's consent types, each following the category the configuration maps it to.
        for (String type : List.of("ad_storage", "ad_user_data", "ad_personalization", "analytics_storage")) {
            assertTrue(script.contains("\"" + type + "\":\""), type);
        }
        assertTrue(script.contains("'consent','default'"), "defaults at page load");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static String consent(String... fields) throws Exception {
        HttpResponse<String> response = client.post("/cookie-consent", null, null, fields);
        assertEquals(303, response.statusCode(), response.body());
        return cookiePair(response, "cookie_warden")
                .orElseThrow(() -> new AssertionError("no consent cookie in " + setCookies(response)));
    }

    private static List<String> optionalCategories() {
        List<String> optional = new ArrayList<>();
        for (String id : config.getProperty("categories").split(",")) {
            if (!"true".equals(config.getProperty("category." + id.strip() + ".required"))) {
                optional.add(id.strip());
            }
        }
        return optional;
    }

    private static String contentType(HttpResponse<?> r) {
        return r.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
    }

    private static String buttonClass(String html, String action) {
        Matcher m = Pattern.compile("<button type=\"submit\" class=\"([^\"]*)\" name=\"action\" value=\""
                + Pattern.quote(action) + "\">").matcher(html);
        assertTrue(m.find(), action);
        return m.group(1);
    }

    private static int indexOf(List<String> scripts, String srcPrefix) {
        for (int i = 0; i < scripts.size(); i++) {
            if (scripts.get(i).startsWith("src=\"" + srcPrefix)) {
                return i;
            }
        }
        return -1;
    }
}
