package dev.cookiewarden.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;

/**
 * An axe-core audit of the banner's first layer, its preference dialog, the preference page and
 * the settings link, in the light and the dark theme, on a page that is itself clean; and the
 * screenshots the README shows (target/screenshots/).
 *
 * <p>axe-core comes from npm (the pom's {@code axe-core} profile installs it into target/npm). It
 * is injected through WebDriver, which Chromium runs outside the page's Content-Security-Policy;
 * the audit itself must not trip the policy either.
 */
class BannerAccessibilityTest {
    static final Path AXE = Path.of("target", "npm", "node_modules", "axe-core", "axe.min.js");

    private static Site site;
    private static Visitor visitor;
    private static String axe;

    @BeforeAll
    static void start() throws Exception {
        Browser.assumeAvailable();
        boolean present = Files.isRegularFile(AXE);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + AXE + " is missing: the axe-core profile needs npm");
        }
        assumeTrue(present, "Accessibility tests skipped: " + AXE + " is missing (install npm and run mvn again)");
        axe = Files.readString(AXE, StandardCharsets.UTF_8);
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

    /** Runs every axe rule on the whole document; returns the violations, one readable line per node. */
    private static List<String> audit() {
        return audit("{ resultTypes: ['violations'] }");
    }

    /** Runs axe with {@code options} (a JavaScript object literal) on the whole document. */
    private static List<String> audit(String options) {
        if (!Boolean.TRUE.equals(visitor.js("return typeof axe === 'object'"))) {
            visitor.js(axe);
        }
        Object result = visitor.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, " + options + ").then(r => done(r.violations.flatMap(v =>"
                + "  v.nodes.map(n => v.id + ' (' + v.impact + '): ' + v.help + ' at ' + n.target.join(' ')"
                + "    + ' | ' + (n.failureSummary || '').replace(/\\s+/g, ' ')))), e => done(['axe failed: ' + e]));");
        return ((List<?>) result).stream().map(String::valueOf).toList();
    }

    private static void assertClean(String what) {
        List<String> violations = audit();
        assertEquals(List.of(), violations, what + ": axe-core violations:\n" + String.join("\n", violations));
    }

    private static void screenshot(String scheme, String name) throws IOException {
        if (scheme.equals("light")) {
            visitor.screenshot(name);
        } else {
            visitor.screenshot(name + "-dark");
        }
    }

    @ParameterizedTest(name = "{0} theme")
    @ValueSource(strings = {"light", "dark"})
    void firstLayerHasNoAccessibilityViolation(String scheme) throws IOException {
        visitor.emulateColorScheme(scheme);
        visitor.open("/page");
        assertTrue(visitor.find(By.id("cw-banner")).isDisplayed());
        assertEquals(scheme.equals("dark"), visitor.js("return matchMedia('(prefers-color-scheme: dark)').matches"));

        screenshot(scheme, "banner-first-layer-en");
        assertClean("first layer, " + scheme);
    }

    @ParameterizedTest(name = "{0} theme")
    @ValueSource(strings = {"light", "dark"})
    void preferenceDialogHasNoAccessibilityViolation(String scheme) throws IOException {
        visitor.emulateColorScheme(scheme);
        visitor.open("/page");
        visitor.find(By.cssSelector("#cw-banner button[data-cookie-warden-open]")).click();
        visitor.waitForVisible(By.id("cw-prefs"));
        visitor.find(By.cssSelector("#cw-prefs input[value=analytics]")).click();
        visitor.find(By.cssSelector("#cw-prefs .cw-cat:nth-of-type(3) summary")).click();

        screenshot(scheme, "banner-preferences-en");
        assertClean("preference dialog, " + scheme);
    }

    @ParameterizedTest(name = "{0} theme")
    @ValueSource(strings = {"light", "dark"})
    void preferencePageHasNoAccessibilityViolation(String scheme) throws IOException {
        visitor.emulateColorScheme(scheme);
        visitor.open("/cookie-consent/preferences?return=%2Fpage");
        visitor.find(By.cssSelector("input[value=marketing]")).click();

        screenshot(scheme, "preference-page-en");
        assertClean("preference page, " + scheme);
    }

    @ParameterizedTest(name = "{0} theme")
    @ValueSource(strings = {"light", "dark"})
    void settingsLinkMeetsWcag(String scheme) throws IOException {
        visitor.emulateColorScheme(scheme);
        visitor.open("/page");
        visitor.find(By.cssSelector("#cw-banner button[value=reject-all]")).click();
        visitor.waitForAbsent(By.id("cw-banner"));

        screenshot(scheme, "settings-link-en");
        List<String> violations = audit("{ resultTypes: ['violations'], runOnly: { type: 'tag',"
                + " values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } }");
        assertEquals(List.of(), violations, "settings link, " + scheme + ":\n" + String.join("\n", violations));
    }

    @Test
    void settingsLinkIsInsideLandmark() {
        visitor.open("/page");
        visitor.find(By.cssSelector("#cw-banner button[value=reject-all]")).click();
        visitor.waitForAbsent(By.id("cw-banner"));

        assertEquals(List.of(), audit("{ resultTypes: ['violations'], runOnly: ['region'] }"));
    }

    @ParameterizedTest(name = "{0} theme")
    @ValueSource(strings = {"light", "dark"})
    void firstLayerOnPhoneHasNoAccessibilityViolation(String scheme) throws IOException {
        visitor.emulateColorScheme(scheme);
        visitor.emulateWidth(375, 812);
        visitor.open("/page");
        assertEquals(375L, visitor.js("return innerWidth"));

        screenshot(scheme, "banner-first-layer-phone");
        assertClean("first layer on a phone, " + scheme);
    }
}
