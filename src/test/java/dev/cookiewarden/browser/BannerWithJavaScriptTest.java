package dev.cookiewarden.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The banner in headless Chromium with JavaScript on, on a page under a strict
 * Content-Security-Policy: what the visitor sees, what their choice does to the cookie jar and to
 * the page's gated scripts, frames and pixels, and the keyboard. One browser for the class; every
 * test starts with an empty cookie jar, and none may cause a CSP violation.
 */
class BannerWithJavaScriptTest {
    /** What the site may store before any choice: its strictly necessary cookies. */
    private static final Set<String> REQUIRED = Set.of("JSESSIONID", "cart", "ui_seen");
    private static final By BANNER = By.id("cw-banner");
    private static final By PREFS = By.id("cw-prefs");
    private static final By SETTINGS = By.id("cw-settings");
    private static final By ACCEPT_ALL = By.cssSelector("#cw-banner button[value=accept-all]");
    private static final By REJECT_ALL = By.cssSelector("#cw-banner button[value=reject-all]");
    private static final By CUSTOMIZE = By.cssSelector("#cw-banner button[data-cookie-warden-open]");

    private static Site site;
    private static Visitor visitor;

    @BeforeAll
    static void start() throws Exception {
        Browser.assumeAvailable();
        site = Site.start();
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

    private static Set<String> with(Set<String> base, String... more) {
        Set<String> all = new TreeSet<>(base);
        all.addAll(List.of(more));
        return all;
    }

    private static Object js(String script) {
        return visitor.js(script);
    }

    /** Marks the current document, so that a test can tell the page was not reloaded. */
    private static void markPage() {
        js("window.__samePage = 'yes'");
    }

    private static void assertSamePage() {
        assertEquals("yes", js("return window.__samePage"), "the page must not have been reloaded");
    }

    private static void assertNothingGatedRan() {
        assertNull(js("return window.analyticsRan"), "the gated analytics script ran");
        assertNull(visitor.find(By.id("video")).getDomAttribute("src"), "the gated frame has a src");
        assertNull(visitor.find(By.id("pixel")).getDomAttribute("src"), "the gated pixel has a src");
        assertEquals("text/plain", js("return document.querySelector('script[src=\"/static/analytics.js\"]').type"));
    }

    private static void assertMarketingInert() {
        assertNull(visitor.find(By.id("video")).getDomAttribute("src"), "the gated frame has a src");
        assertNull(visitor.find(By.id("pixel")).getDomAttribute("src"), "the gated pixel has a src");
    }

    private static void assertMarketingLoaded() {
        visitor.waitUntil("the gated frame and pixel to load", d -> {
            String frame = d.findElement(By.id("video")).getDomAttribute("src");
            String pixel = d.findElement(By.id("pixel")).getDomAttribute("src");
            return frame != null && frame.endsWith("/static/video.html") && pixel != null
                    && pixel.endsWith("/static/pixel.gif") ? Boolean.TRUE : null;
        });
        visitor.waitForJs("the pixel to be decoded", "document.getElementById('pixel').complete"
                + " && document.getElementById('pixel').naturalWidth === 1");
    }

    @Test
    void firstVisitShowsFocusedBannerAndStoresOnlyNecessaryCookies() {
        visitor.open("/page");

        WebElement banner = visitor.find(BANNER);
        assertTrue(banner.isDisplayed(), "the first layer is shown");
        assertEquals("cw-banner", visitor.focused().getDomAttribute("id"), "the first layer has the focus");
        assertTrue(visitor.find(ACCEPT_ALL).isDisplayed());
        assertTrue(visitor.find(REJECT_ALL).isDisplayed());
        assertFalse(visitor.find(SETTINGS).isDisplayed(), "the settings link hides behind the first layer");

        Map<String, Cookie> jar = visitor.jar();
        assertEquals(REQUIRED, jar.keySet(), "the jar before any choice");
        assertTrue(jar.get("cart").isHttpOnly(), "WebDriver sees HttpOnly cookies too");
        assertNothingGatedRan();
        String seenByPageScript = (String) js("return window.pageScript.cookie");
        assertTrue(seenByPageScript.contains("ui_seen=1"), "the page's script ran: " + seenByPageScript);
        assertFalse(seenByPageScript.contains("_fbp"), "the guard let the page write _fbp: " + seenByPageScript);
        assertFalse(seenByPageScript.contains("lang"), "the guard let the page write lang: " + seenByPageScript);
        assertEquals(List.of(), js("return CookieWarden.granted()"));
    }

    @Test
    void navigatingWithoutChoosingGrantsNothing() {
        visitor.open("/page");
        visitor.find(By.cssSelector("nav a[href='/about']")).click();
        visitor.waitUntil("the next page", d -> d.getCurrentUrl().endsWith("/about"));

        assertTrue(visitor.find(BANNER).isDisplayed(), "silence is not consent: the banner is still there");
        visitor.driver.navigate().back();
        js("window.scrollTo(0, document.body.scrollHeight)");

        assertTrue(visitor.find(BANNER).isDisplayed());
        assertEquals(REQUIRED, visitor.jarNames());
        assertNothingGatedRan();
    }

    @Test
    void acceptAllClosesBannerInPlaceAndActivatesEveryGatedElement() {
        visitor.open("/page");
        markPage();

        visitor.find(ACCEPT_ALL).click();

        visitor.waitForAbsent(BANNER);
        assertSamePage();
        visitor.waitForJs("the gated analytics script to run", "window.analyticsRan");
        visitor.waitForCookie("_ga");
        assertEquals("GA1.2.3", visitor.cookie("_ga"), "the gated script's cookie passed the guard");
        assertMarketingLoaded();
        assertEquals(1L, js("return window.analyticsRuns"), "the gated script ran once");
        assertTrue(visitor.jarNames().contains(Site.CONSENT_COOKIE));
        assertTrue(visitor.jar().get(Site.CONSENT_COOKIE).isHttpOnly(), "the consent cookie is HttpOnly");
        assertEquals(List.of("preferences", "analytics", "marketing"), js("return CookieWarden.granted()"));
        assertTrue(visitor.find(SETTINGS).isDisplayed(), "the settings link takes the banner's place");

        visitor.reload();

        assertFalse(visitor.present(BANNER), "the banner is gone on the next page");
        assertTrue(visitor.find(SETTINGS).isDisplayed(), "the settings link is on the next page");
        Map<String, Cookie> jar = visitor.jar();
        assertEquals(with(REQUIRED, Site.CONSENT_COOKIE, "lang", "_ga", "_fbp"), jar.keySet());
        assertEquals("en", jar.get("lang").getValue(), "the server's preferences cookie");
        assertEquals("GA1.1.server", jar.get("_ga").getValue(), "the server's analytics cookie");
        assertEquals("fb.1.server", jar.get("_fbp").getValue(), "the server's marketing cookie");
        visitor.waitForJs("the gated analytics script to run at load", "window.analyticsRan");
        assertMarketingLoaded();
    }

    @Test
    void rejectAllClosesBannerInPlaceAndKeepsEveryGatedElementInert() {
        visitor.open("/page");
        markPage();

        visitor.find(REJECT_ALL).click();

        visitor.waitForAbsent(BANNER);
        assertSamePage();
        visitor.waitForCookie(Site.CONSENT_COOKIE);
        assertEquals(with(REQUIRED, Site.CONSENT_COOKIE), visitor.jarNames());
        assertNothingGatedRan();
        assertEquals(List.of(), js("return CookieWarden.granted()"));

        visitor.reload();

        assertFalse(visitor.present(BANNER), "a refusal is remembered");
        assertTrue(visitor.find(SETTINGS).isDisplayed());
        assertEquals(with(REQUIRED, Site.CONSENT_COOKIE), visitor.jarNames());
        assertNothingGatedRan();
        assertFalse(((String) js("return window.pageScript.cookie")).contains("_fbp"));
    }

    @Test
    void customizeOpensDialogWithNothingTickedAndSavingAnalyticsGrantsOnlyAnalytics() {
        visitor.open("/page");
        markPage();

        visitor.find(CUSTOMIZE).click();

        WebElement prefs = visitor.waitForVisible(PREFS);
        assertSamePage();
        assertEquals("dialog", prefs.getDomAttribute("role"));
        assertEquals("true", prefs.getDomAttribute("aria-modal"));
        assertEquals("cw-prefs", visitor.focused().getDomAttribute("id"), "the dialog has the focus");
        List<WebElement> switches = prefs.findElements(By.cssSelector("input[name=category]"));
        assertEquals(List.of("preferences", "analytics", "marketing"),
                switches.stream().map(s -> s.getDomAttribute("value")).toList());
        switches.forEach(s -> assertFalse(s.isSelected(), "pre-ticked: " + s.getDomAttribute("value")));
        WebElement necessary = prefs.findElement(By.cssSelector("input[type=checkbox]:not([name])"));
        assertTrue(necessary.isSelected() && !necessary.isEnabled(), "necessary: always on, not a choice");

        prefs.findElement(By.cssSelector("input[value=analytics]")).click();
        prefs.findElement(By.cssSelector("button[value=save]")).click();

        visitor.waitForAbsent(PREFS);
        visitor.waitForAbsent(BANNER);
        assertSamePage();
        visitor.waitForJs("the gated analytics script to run", "window.analyticsRan");
        visitor.waitForCookie("_ga");
        assertEquals(with(REQUIRED, Site.CONSENT_COOKIE, "_ga"), visitor.jarNames());
        assertMarketingInert();
        assertEquals(List.of("analytics"), js("return CookieWarden.granted()"));

        visitor.reload();

        assertFalse(visitor.present(BANNER));
        assertEquals(with(REQUIRED, Site.CONSENT_COOKIE, "_ga"), visitor.jarNames());
        assertEquals("GA1.1.server", visitor.cookie("_ga"));
        assertMarketingInert();
        assertFalse(((String) js("return window.pageScript.cookie")).contains("lang="),
                "the guard let the page write lang without consent");
    }

    @Test
    void withdrawingFromCookieSettingsRemovesGrantedCookiesAndStopsGatedElements() {
        visitor.open("/page");
        visitor.find(ACCEPT_ALL).click();
        visitor.waitForAbsent(BANNER);
        visitor.reload();
        assertTrue(visitor.jarNames().containsAll(Set.of("lang", "_ga", "_fbp")), visitor.jarNames().toString());
        markPage();
        js("window.__changes = []; CookieWarden.onChange(g => window.__changes.push(g));");

        visitor.find(SETTINGS).click();
        WebElement prefs = visitor.waitForVisible(PREFS);
        prefs.findElements(By.cssSelector("input[name=category]"))
                .forEach(s -> assertTrue(s.isSelected(), "shows the current grant: " + s.getDomAttribute("value")));
        prefs.findElement(By.cssSelector("button[value=reject-all]")).click();

        visitor.waitForAbsent(PREFS);
        assertSamePage();
        visitor.waitUntil("granted cookies to leave the jar", d -> {
            Set<String> names = visitor.jarNames();
            return names.contains("_ga") || names.contains("_fbp") || names.contains("lang") ? null : names;
        });
        assertEquals(with(REQUIRED, Site.CONSENT_COOKIE), visitor.jarNames());
        assertEquals(List.of(List.of()), js("return window.__changes"), "subscribers hear of the withdrawal");
        assertEquals(Boolean.FALSE, js("return CookieWarden.isGranted('analytics')"));
        assertEquals(Boolean.FALSE, js("document.cookie = '_ga=again; path=/'; return /_ga=/.test(document.cookie)"),
                "after withdrawal the guard blocks the category's cookies again");

        visitor.reload();

        assertFalse(visitor.present(BANNER));
        assertEquals(with(REQUIRED, Site.CONSENT_COOKIE), visitor.jarNames());
        assertNothingGatedRan();
    }

    @Test
    void reopeningFromScriptApiShowsTheDialog() {
        visitor.open("/page");
        visitor.find(REJECT_ALL).click();
        visitor.waitForAbsent(BANNER);

        js("CookieWarden.open()");

        WebElement prefs = visitor.waitForVisible(PREFS);
        prefs.findElements(By.cssSelector("input[name=category]"))
                .forEach(s -> assertFalse(s.isSelected(), "after a refusal nothing is ticked"));
        prefs.findElement(By.cssSelector("button[value=accept-all]")).click();
        visitor.waitForAbsent(PREFS);
        visitor.waitForJs("the gated analytics script to run", "window.analyticsRan");
        assertMarketingLoaded();
    }

    @Test
    void gatedScriptAddedLaterRunsOnlyOnceItsCategoryIsGranted() {
        visitor.open("/page");
        String addLate = "const s = document.createElement('script'); s.type = 'text/plain';"
                + "s.dataset.cookieWardenCategory = 'analytics'; s.src = '/static/late.js'; s.className = 'late';"
                + "document.body.append(s);";

        js(addLate);

        assertEquals("text/plain|undefined", visitor.jsAfterQueuedTasks(
                "return document.querySelector('script.late').type + '|' + window.lateRuns"),
                "a gated script added before consent stays inert");

        visitor.find(ACCEPT_ALL).click();
        visitor.waitForJs("the script added before consent to run once granted", "window.lateRuns === 1");

        js(addLate);
        visitor.waitForJs("the script added after consent to run", "window.lateRuns === 2");
        js("const f = document.createElement('iframe'); f.id = 'late-frame'; f.title = 'Late';"
                + "f.dataset.cookieWardenCategory = 'marketing'; f.dataset.src = '/static/video.html';"
                + "document.body.append(f);");
        visitor.waitUntil("a frame added after consent to load",
                d -> d.findElement(By.id("late-frame")).getDomAttribute("src"));
    }

    @Test
    void noCspViolationOnFirstVisitInPreferenceCenterOrAfterAccepting() {
        visitor.open("/page");
        assertEquals(List.of(), visitor.cspViolations(), "first visit");

        visitor.find(CUSTOMIZE).click();
        visitor.waitForVisible(PREFS);
        visitor.find(By.cssSelector("#cw-prefs details summary")).click();
        assertEquals(List.of(), visitor.cspViolations(), "preference center open");

        visitor.find(By.cssSelector("#cw-prefs button[value=accept-all]")).click();
        visitor.waitForAbsent(PREFS);
        visitor.waitForJs("the gated analytics script to run", "window.analyticsRan");
        assertMarketingLoaded();
        assertEquals(List.of(), visitor.cspViolations(), "after accepting");

        visitor.reload();
        visitor.waitForJs("the gated analytics script to run", "window.analyticsRan");
        assertEquals(List.of(), visitor.cspViolations(), "returning visitor");
    }

    @Test
    void cspViolationIsSeenByBothListenerAndConsole() {
        // The control for the test above: an image from a data: URL breaks img-src 'self'.
        visitor.open("/about");
        js("const i = new Image(); i.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw='; document.body.append(i);");
        visitor.waitForJs("the violation event", "window.__cspViolations.length > 0");
        List<String> seen = visitor.waitUntil("the console report", d -> {
            List<String> v = visitor.cspViolations();
            return v.stream().anyMatch(s -> s.startsWith("console:")) ? v : null;
        });
        assertTrue(seen.stream().anyMatch(s -> s.startsWith("listener: img-src")), seen.toString());
        visitor.reset();
    }

    @Test
    void tabFromPageStartReachesBannerFirstAndEnterOnRejectAllDecides() {
        visitor.open("/page");
        assertEquals("cw-banner", visitor.focused().getDomAttribute("id"));

        List<String> order = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            visitor.press(Keys.TAB);
            order.add(visitor.focusedDescription());
        }
        assertEquals(List.of("a.cw-link See the cookies used", "button.cw-btn.cw-choice[value=accept-all] Accept all",
                "button.cw-btn.cw-choice[value=reject-all] Reject all", "button.cw-btn.cw-more Customize",
                "a.brand Green Hill Teas"), order, "Tab order: the banner first, in reading order, then the page");

        visitor.pressShiftTab();
        visitor.pressShiftTab();
        assertEquals("reject-all", visitor.focused().getDomAttribute("value"));
        visitor.press(Keys.ENTER);

        visitor.waitForAbsent(BANNER);
        visitor.waitForCookie(Site.CONSENT_COOKIE);
        assertEquals(with(REQUIRED, Site.CONSENT_COOKIE), visitor.jarNames());
        assertNothingGatedRan();
    }

    @Test
    void escapeOnFirstLayerDecidesNothing() {
        visitor.open("/page");
        Set<String> before = visitor.jarNames();

        visitor.press(Keys.ESCAPE);
        visitor.press(Keys.TAB, Keys.TAB);
        assertEquals("accept-all", visitor.focused().getDomAttribute("value"));
        visitor.press(Keys.ESCAPE);

        assertTrue(visitor.find(BANNER).isDisplayed(), "the first layer stays until a choice");
        assertEquals(before, visitor.jarNames());
        assertEquals(Boolean.FALSE, decidedOnServer(), "Escape is not a choice");
        assertNothingGatedRan();
    }

    /** What the consent endpoint says about this browser. */
    private static Object decidedOnServer() {
        return visitor.driver.executeAsyncScript("const done = arguments[0];"
                + "fetch('/cookie-consent').then(r => r.json()).then(s => done(s.decided), e => done(String(e)));");
    }

    @Test
    void preferenceDialogTrapsTabAndEscapeClosesItBackToItsOpener() {
        visitor.open("/page");
        visitor.press(Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB);
        assertEquals("Customize", visitor.focused().getText());
        visitor.press(Keys.ENTER);
        WebElement prefs = visitor.waitForVisible(PREFS);
        assertEquals("cw-prefs", visitor.focused().getDomAttribute("id"));

        long stops = (Long) js("return [...document.querySelectorAll('#cw-prefs a, #cw-prefs button,"
                + " #cw-prefs input, #cw-prefs summary')].filter(e => !e.disabled && e.getClientRects().length).length");
        List<String> visited = new java.util.ArrayList<>();
        for (int i = 0; i < stops + 2; i++) {
            visitor.press(Keys.TAB);
            assertEquals(Boolean.TRUE, js("return document.getElementById('cw-prefs').contains(document.activeElement)"
                    + " && document.activeElement !== document.getElementById('cw-prefs')"),
                    "Tab left the dialog after " + visited);
            visited.add(visitor.focusedDescription());
        }
        assertEquals(visited.get(0), visited.get((int) stops), "Tab wraps from the last control to the first");
        visitor.pressShiftTab();
        visitor.pressShiftTab();
        assertEquals(visited.get((int) stops - 1), visitor.focusedDescription(), "Shift+Tab wraps back to the last");

        visitor.press(Keys.ESCAPE);

        visitor.waitForAbsent(PREFS);
        assertFalse(visitor.present(By.cssSelector(".cw-backdrop")), "the backdrop goes with the dialog");
        assertEquals("Customize", visitor.focused().getText(), "focus returns to the button that opened the dialog");
        assertTrue(visitor.find(BANNER).isDisplayed(), "closing decides nothing");
        assertEquals(Boolean.FALSE, decidedOnServer());
        assertFalse(visitor.jarNames().contains(Site.CONSENT_COOKIE));
    }

    @Test
    void closeButtonAndBackdropCloseTheDialogWithoutDeciding() {
        visitor.open("/page");
        visitor.find(CUSTOMIZE).click();
        visitor.waitForVisible(PREFS).findElement(By.cssSelector("button.cw-close")).click();
        visitor.waitForAbsent(PREFS);
        visitor.find(CUSTOMIZE).click();
        visitor.waitForVisible(PREFS);
        // The backdrop covers the page around the dialog: a click in a corner lands on it.
        new org.openqa.selenium.interactions.Actions(visitor.driver)
                .moveToLocation(5, 5).click().perform();
        visitor.waitForAbsent(PREFS);

        assertTrue(visitor.find(BANNER).isDisplayed());
        assertEquals(Boolean.FALSE, decidedOnServer());
        assertNothingGatedRan();
    }

    @Test
    void acceptAndRejectLookTheSameOnDesktopAndPhone() {
        visitor.open("/page");
        assertSameLook("1280px wide window");

        visitor.emulateWidth(375, 812);
        visitor.reload();
        assertEquals(375L, js("return window.innerWidth"));
        assertSameLook("375px phone");
    }

    private static final List<String> LOOK = List.of("font-family", "font-size", "font-weight",
            "line-height", "letter-spacing", "text-transform", "color", "background-color", "background-image",
            "border-top-width", "border-top-style", "border-top-color", "border-bottom-width", "border-left-width",
            "border-right-width", "border-radius", "padding-top", "padding-left", "opacity", "box-shadow", "outline-style");

    @SuppressWarnings("unchecked")
    private static void assertSameLook(String where) {
        List<Map<String, String>> looks = (List<Map<String, String>>) visitor.js(
                "return ['accept-all', 'reject-all'].map(v => {"
                + " const s = getComputedStyle(document.querySelector('#cw-banner button[value=' + v + ']'));"
                + " return Object.fromEntries(arguments[0].map(p => [p, s.getPropertyValue(p)])); });", LOOK);
        assertEquals(looks.get(0), looks.get(1), "Accept all and Reject all must look the same (" + where + ")");
        Map<String, Object> boxes = (Map<String, Object>) visitor.js("const r = v => document.querySelector("
                + "'#cw-banner button[value=' + v + ']').getBoundingClientRect();"
                + "const a = r('accept-all'), b = r('reject-all');"
                + "return {aw: a.width, bw: b.width, ah: a.height, bh: b.height, vw: innerWidth, inside: a.right <= innerWidth && b.right <= innerWidth};");
        // Flex layout rounds to 1/64 px: equal shares may differ by that much.
        assertEquals(((Number) boxes.get("aw")).doubleValue(), ((Number) boxes.get("bw")).doubleValue(), 0.05,
                "rendered widths " + boxes);
        assertEquals(((Number) boxes.get("ah")).doubleValue(), ((Number) boxes.get("bh")).doubleValue(), 0.05,
                "rendered heights " + boxes);
        assertEquals(Boolean.TRUE, boxes.get("inside"), "both buttons are inside the viewport " + boxes);
    }

    @Test
    void settingsLinkReopensChoicesOnEveryPage() {
        visitor.open("/page");
        visitor.find(ACCEPT_ALL).click();
        visitor.waitForAbsent(BANNER);

        visitor.open("/about");

        assertFalse(visitor.present(BANNER));
        visitor.find(SETTINGS).click();
        visitor.waitForVisible(PREFS);
        assertEquals(3L, js("return document.querySelectorAll('#cw-prefs input[name=category]:checked').length"));
    }

    /** A frame is part of the page around it: one banner, one settings link (Sec-Fetch-Dest: iframe). */
    @Test
    void sameSiteFrameGetsNoBanner() {
        visitor.open("/page");
        js("const f = document.createElement('iframe'); f.id = 'about-frame'; f.title = 'About us';"
                + "f.src = '/about'; document.querySelector('main').append(f);");
        assertFalse(bannerInFrame("about-frame"), "an undecided visitor sees a second first layer in a frame");

        visitor.find(ACCEPT_ALL).click();
        assertMarketingLoaded();
        assertFalse(bannerInFrame("video"), "a gated frame shows its own settings link");
    }

    /** Whether the page in the frame {@code id} got the banner root. */
    private static boolean bannerInFrame(String id) {
        visitor.waitForJs("the frame to load", "document.getElementById('" + id + "').contentDocument"
                + " && document.getElementById('" + id + "').contentDocument.readyState === 'complete'"
                + " && document.getElementById('" + id + "').contentDocument.querySelector('footer, p')");
        return Boolean.TRUE.equals(js("return !!document.getElementById('" + id + "').contentDocument"
                + ".getElementById('cw-root')"));
    }
}
