package dev.cookiewarden.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The guard's report in Chromium: the names the page's own script could not write reach the
 * inventory through one beacon per page, under the page's Content-Security-Policy; nothing is
 * reported of what the visitor granted or of strictly necessary cookies. Without
 * {@code admin.token} nothing reads the inventory, and the script sends no report at all.
 */
class GuardReportBrowserTest {
    private static final String TOKEN = "browser-admin-token-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Site site;
    private static Visitor visitor;

    @BeforeAll
    static void start() throws Exception {
        Browser.assumeAvailable();
        site = Site.start("admin.token", TOKEN);
        visitor = new Visitor(Browser.start(true), site);
    }

    @AfterAll
    static void stop() throws Exception {
        if (visitor != null) {
            visitor.close();
        }
        if (site != null) {
            site.close();
        }
    }

    /** Times the guard stopped each name, from the admin inventory. */
    private static Map<String, Long> guardBlocked() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(site.url("/cookie-consent/admin/inventory")))
                .header("X-Cookie-Warden-Token", TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Long> out = new HashMap<>();
        for (JsonNode n : JSON.readTree(r.body()).get("cookies")) {
            if (n.get("guardBlocked").asLong() > 0) {
                out.put(n.get("name").asText(), n.get("guardBlocked").asLong());
            }
        }
        return out;
    }

    /** The beacons the current page sent to the guard endpoint, as its Resource Timing lists them. */
    private static long beaconsSent(Visitor v) {
        return (Long) v.js("return performance.getEntriesByType('resource')"
                + ".filter(e => e.initiatorType == 'beacon'"
                + " && new URL(e.name).pathname == '/cookie-consent/guard').length");
    }

    private static Map<String, Long> waitForReports(Map<String, Long> expected) throws Exception {
        Map<String, Long> seen = Map.of();
        for (long end = System.nanoTime() + 15_000_000_000L; System.nanoTime() < end; Thread.sleep(200)) {
            seen = guardBlocked();
            if (seen.equals(expected)) {
                return seen;
            }
        }
        return seen;
    }

    @Test
    void refusedNamesAreReportedOncePerPageAndGrantedOnesNever() throws Exception {
        visitor.reset();
        visitor.open("/page");
        // page.js writes _fbp and lang (refused before any choice) and ui_seen (strictly necessary).
        assertEquals(Map.of("_fbp", 1L, "lang", 1L), waitForReports(Map.of("_fbp", 1L, "lang", 1L)));
        assertEquals(1, beaconsSent(visitor), "the page's one report, as the browser lists it");

        // A later write on the same page joins no second beacon: one report per page.
        visitor.js("document.cookie = 'late_tracker=1; path=/'");
        Thread.sleep(4000);
        assertFalse(guardBlocked().containsKey("late_tracker"), "one report per page, sent 3 s after the first refusal");

        visitor.open("/about");
        visitor.js("document.cookie = '_fbp=again; path=/'");
        assertEquals(Map.of("_fbp", 2L, "lang", 1L), waitForReports(Map.of("_fbp", 2L, "lang", 1L)));

        visitor.find(By.cssSelector("#cw-banner button[value=accept-all]")).click();
        visitor.waitForAbsent(By.id("cw-banner"));
        visitor.open("/page");
        visitor.js("document.cookie = 'lang=en; path=/'");
        Thread.sleep(4000);
        assertEquals(Map.of("_fbp", 2L, "lang", 1L), guardBlocked(), "granted names are never reported");
        assertEquals(List.of(), visitor.cspViolations(), "the beacon stays within the page's CSP");
        assertTrue(visitor.jarNames().contains("_fbp"));
    }

    @Test
    void noAdminTokenThenTheGuardStillRefusesButSendsNoReport() throws Exception {
        try (Site plain = Site.start("data-dir", "target/browser-guard-no-token");
             Visitor v = new Visitor(Browser.start(true), plain)) {
            v.open("/page");
            // page.js writes _fbp and lang, both refused before any choice; a report would leave at 3 s.
            Thread.sleep(4000);
            assertFalse(v.jarNames().contains("_fbp") || v.jarNames().contains("lang"), v.jarNames().toString());
            assertEquals(0, beaconsSent(v), "nothing reads the inventory without admin.token");
            assertEquals(List.of(), v.cspViolations());
        }
    }
}
