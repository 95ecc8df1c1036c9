package dev.cookiewarden.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The banner in headless Chromium with JavaScript off: every choice is a plain form post that
 * the endpoint answers with 303 back to the page, and "Customize" is the preference center page.
 * Nothing runs in the page, so the jar holds only what the server set.
 */
class BannerWithoutJavaScriptTest {
    /** What the server may store before any choice (the page's script does not run). */
    private static final Set<String> REQUIRED = Set.of("JSESSIONID", "cart");
    private static final By BANNER = By.id("cw-banner");
    private static final String PAGE = "/page?q=sencha&sort=price";

    private static Site site;
    private static Visitor visitor;

    @BeforeAll
    static void start() throws Exception {
        Browser.assumeAvailable();
        site = Site.start();
        visitor = new Visitor(Browser.start(false), site);
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

    private static Set<String> with(Set<String> base, String... more) {
        Set<String> all = new TreeSet<>(base);
        all.addAll(List.of(more));
        return all;
    }

    /** The document a click leaves: it goes stale once the browser has loaded the next one. */
    private static WebElement leaving;

    private static void click(By by) {
        leaving = visitor.find(By.tagName("html"));
        visitor.find(by).click();
    }

    /**
     * Back on the page after the form's round trip. The address alone cannot tell: it is the
     * page's before the post too, so first wait for the document the click left to be replaced.
     */
    private static void assertBackOnPage() {
        visitor.waitUntilReplaced("the form's document to be replaced", leaving);
        visitor.waitUntil("the 303 back to the page", d -> d.getCurrentUrl().equals(site.url(PAGE)));
    }

    @Test
    void bannerIsShownAndNothingOptionalIsStored() {
        visitor.open(PAGE);

        assertTrue(visitor.find(BANNER).isDisplayed());
        assertFalse(visitor.find(By.id("cw-settings")).isDisplayed());
        assertEquals(REQUIRED, visitor.jarNames());
        assertEquals(null, visitor.find(By.id("video")).getDomAttribute("src"));
    }

    @Test
    void acceptAllPostsTheFormAndComesBackToTheSamePage() {
        visitor.open(PAGE);

        click(By.cssSelector("#cw-banner button[value=accept-all]"));

        assertBackOnPage();
        assertFalse(visitor.present(BANNER), "the banner is gone once chosen");
        assertTrue(visitor.find(By.id("cw-settings")).isDisplayed());
        assertEquals(with(REQUIRED, Site.CONSENT_COOKIE, "lang", "_ga", "_fbp"), visitor.jarNames());
        assertEquals("GA1.1.server", visitor.cookie("_ga"));
    }

    @Test
    void rejectAllPostsTheFormAndKeepsOnlyNecessaryCookies() {
        visitor.open(PAGE);

        click(By.cssSelector("#cw-banner button[value=reject-all]"));

        assertBackOnPage();
        assertFalse(visitor.present(BANNER));
        assertEquals(with(REQUIRED, Site.CONSENT_COOKIE), visitor.jarNames());
        visitor.open("/about");
        assertFalse(visitor.present(BANNER), "a refusal is remembered on the next page");
        assertEquals(with(REQUIRED, Site.CONSENT_COOKIE), visitor.jarNames());
    }

    @Test
    void customizeOpensPreferencePageWhereSavingAnalyticsGrantsOnlyAnalytics() {
        visitor.open(PAGE);

        click(By.cssSelector("#cw-banner button.cw-more"));

        visitor.waitUntil("the preference page", d -> d.getCurrentUrl().startsWith(site.url("/cookie-consent/preferences?")));
        assertEquals("Your cookie preferences", visitor.find(By.tagName("h1")).getText());
        List<WebElement> switches = visitor.driver.findElements(By.cssSelector("input[name=category]"));
        assertEquals(3, switches.size());
        switches.forEach(s -> assertFalse(s.isSelected(), "pre-ticked: " + s.getDomAttribute("value")));
        assertEquals(PAGE, visitor.find(By.cssSelector("input[name=return]")).getDomAttribute("value"));

        click(By.cssSelector("input[value=analytics]"));
        click(By.cssSelector("button[value=save]"));

        assertBackOnPage();
        assertFalse(visitor.present(BANNER));
        assertEquals(with(REQUIRED, Site.CONSENT_COOKIE, "_ga"), visitor.jarNames());
    }

    @Test
    void cookieSettingsPageWithdrawsConsent() {
        visitor.open(PAGE);
        click(By.cssSelector("#cw-banner button[value=accept-all]"));
        assertBackOnPage();

        click(By.id("cw-settings"));
        visitor.waitUntil("the preference page", d -> d.getCurrentUrl().startsWith(site.url("/cookie-consent/preferences?")));
        visitor.driver.findElements(By.cssSelector("input[name=category]"))
                .forEach(s -> assertTrue(s.isSelected(), "shows the current grant"));
        click(By.cssSelector("button[value=reject-all]"));

        assertBackOnPage();
        assertEquals(with(REQUIRED, Site.CONSENT_COOKIE), visitor.jarNames());
    }

    @Test
    void preferencePageBackLinkReturnsWithoutDeciding() {
        visitor.open(PAGE);
        click(By.cssSelector("#cw-banner a.cw-link"));
        visitor.waitUntil("the preference page", d -> d.getCurrentUrl().startsWith(site.url("/cookie-consent/preferences?")));

        click(By.cssSelector(".cw-back a"));

        assertBackOnPage();
        assertTrue(visitor.find(BANNER).isDisplayed(), "leaving the preference page decides nothing");
        assertEquals(REQUIRED, visitor.jarNames());
    }
}
