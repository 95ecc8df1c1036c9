package dev.cookiewarden.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Google Consent Mode v2 in the browser ({@code consent-mode.enabled=true}, default mapping): the
 * guard sets the defaults before any page script, and every choice pushes an update.
 */
class ConsentModeBrowserTest {
    private static Site site;
    private static Visitor visitor;

    @BeforeAll
    static void start() throws Exception {
        Browser.assumeAvailable();
        site = Site.start("consent-mode.enabled", "true");
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

    @BeforeEach
    void emptyJar() {
        visitor.reset();
    }

    @AfterEach
    void noCspViolation() {
        assertEquals(List.of(), visitor.cspViolations(), "Content-Security-Policy violations");
    }

    /**
     * The seven Consent Mode v2 types under the default mapping: each follows its category, except
     * security_storage, which the default mapping always grants.
     */
    private static Map<String, Object> state(String analytics, String marketing, String preferences) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ad_storage", marketing);
        m.put("analytics_storage", analytics);
        m.put("ad_user_data", marketing);
        m.put("ad_personalization", marketing);
        m.put("functionality_storage", preferences);
        m.put("personalization_storage", preferences);
        m.put("security_storage", "granted");
        return m;
    }

    private static List<?> dataLayer() {
        return (List<?>) visitor.js("return dataLayer.map(a => JSON.parse(JSON.stringify(Array.from(a))))");
    }

    @Test
    void defaultsDenyEveryOptionalTypeBeforeAnyPageScript() {
        visitor.open("/page");

        List<?> atFirstScript = (List<?>) visitor.js("return window.__dataLayerAtFirstScript");
        Map<String, Object> defaults = state("denied", "denied", "denied");
        defaults.put("wait_for_update", 500L);
        assertEquals(List.of(List.of("consent", "default", defaults)), atFirstScript,
                "the page's first script finds the consent defaults, and nothing else");
    }

    @Test
    void acceptAllSendsUpdateAndReturningVisitorStartsGranted() {
        visitor.open("/page");

        visitor.find(By.cssSelector("#cw-banner button[value=accept-all]")).click();

        visitor.waitForJs("the consent update", "dataLayer.length === 2");
        assertEquals(List.of("consent", "update", state("granted", "granted", "granted")), dataLayer().get(1));

        visitor.reload();
        Map<String, Object> defaults = state("granted", "granted", "granted");
        defaults.put("wait_for_update", 500L);
        assertEquals(List.of(List.of("consent", "default", defaults)), visitor.js("return window.__dataLayerAtFirstScript"));
    }

    @Test
    void withdrawalSendsUpdateDenied() {
        visitor.open("/page");
        visitor.find(By.cssSelector("#cw-banner button[value=accept-all]")).click();
        visitor.waitForAbsent(By.id("cw-banner"));
        visitor.reload();

        visitor.find(By.id("cw-settings")).click();
        visitor.waitForVisible(By.id("cw-prefs")).findElement(By.cssSelector("button[value=reject-all]")).click();

        visitor.waitForJs("the consent update", "dataLayer.length === 2");
        assertEquals(List.of("consent", "update", state("denied", "denied", "denied")), dataLayer().get(1));
    }

    @Test
    void savingOneCategoryUpdatesOnlyItsTypes() {
        visitor.open("/page");
        visitor.find(By.cssSelector("#cw-banner button[data-cookie-warden-open]")).click();
        visitor.waitForVisible(By.id("cw-prefs")).findElement(By.cssSelector("input[value=analytics]")).click();
        visitor.find(By.cssSelector("#cw-prefs button[value=save]")).click();

        visitor.waitForJs("the consent update", "dataLayer.length === 2");
        assertEquals(List.of("consent", "update", state("granted", "denied", "denied")), dataLayer().get(1));
    }
}
