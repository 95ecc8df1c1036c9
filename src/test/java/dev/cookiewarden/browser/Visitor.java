package dev.cookiewarden.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One visitor's browser on a {@link Site}: navigation, the cookie jar, the keyboard, waits, and
 * what the Content-Security-Policy refused. Not thread-safe; one per test class.
 */
final class Visitor implements AutoCloseable {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    final ChromeDriver driver;
    private final Site site;

    Visitor(ChromeDriver driver, Site site) {
        this.driver = driver;
        this.site = site;
    }

    /** Loads {@code path} of the site and waits for the load event. */
    Visitor open(String path) {
        driver.get(site.url(path));
        return this;
    }

    /** Reloads the current page. */
    Visitor reload() {
        driver.navigate().refresh();
        return this;
    }

    /** Forgets everything the site stored: every cookie of the browser, and any emulation. */
    void reset() {
        driver.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        driver.get("about:blank");
        cspViolations();
    }

    /** The browser's cookies for the current page, HttpOnly ones included, by name. */
    Map<String, Cookie> jar() {
        Map<String, Cookie> jar = new TreeMap<>();
        for (Cookie c : driver.manage().getCookies()) {
            jar.put(c.getName(), c);
        }
        return jar;
    }

    /** The names of {@link #jar()}, sorted. */
    Set<String> jarNames() {
        return new TreeSet<>(jar().keySet());
    }

    /** The value of one cookie in the jar, or null. */
    String cookie(String name) {
        Cookie c = driver.manage().getCookieNamed(name);
        return c == null ? null : c.getValue();
    }

    Object js(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    /** Runs {@code script} after the tasks and microtasks already queued (a MutationObserver's, say). */
    Object jsAfterQueuedTasks(String script) {
        return driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "setTimeout(() => done((function () {" + script + "})()), 0);");
    }

    <T> T waitUntil(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(10), Duration.ofMillis(25))
                .withMessage(what).until(condition);
    }

    /**
     * Waits until the document {@code element} belongs to has been replaced (a navigation). While
     * the next document loads, Chromium can answer for the old node with an inspector error
     * ("Node with given id does not belong to the document") instead of a stale element: both
     * mean the document is gone.
     */
    void waitUntilReplaced(String what, WebElement element) {
        waitUntil(what, d -> {
            try {
                element.isEnabled();
                return false;
            } catch (StaleElementReferenceException e) {
                return true;
            } catch (WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        });
    }

    /** Waits until the expression is truthy. */
    void waitForJs(String what, String booleanScript) {
        waitUntil(what, d -> Boolean.TRUE.equals(((ChromeDriver) d).executeScript("return !!(" + booleanScript + ")")));
    }

    void waitForAbsent(By by) {
        waitUntil(by + " to be gone", d -> d.findElements(by).isEmpty());
    }

    WebElement waitForVisible(By by) {
        return waitUntil(by + " to be visible", d -> {
            List<WebElement> found = d.findElements(by);
            return !found.isEmpty() && found.get(0).isDisplayed() ? found.get(0) : null;
        });
    }

    void waitForCookie(String name) {
        waitUntil("cookie " + name + " in the jar", d -> d.manage().getCookieNamed(name) != null);
    }

    WebElement find(By by) {
        return driver.findElement(by);
    }

    boolean present(By by) {
        return !driver.findElements(by).isEmpty();
    }

    /** The element that has the focus. */
    WebElement focused() {
        return driver.switchTo().activeElement();
    }

    /** A short description of the focused element: tag, id, class, text. */
    String focusedDescription() {
        return (String) js("const e = document.activeElement; return e.localName + (e.id ? '#' + e.id : '')"
                + " + (e.className ? '.' + String(e.className).trim().replace(/\\s+/g, '.') : '')"
                + " + (e.value ? '[value=' + e.value + ']' : '') + ' ' + (e.textContent || '').trim().slice(0, 30)");
    }

    /** Presses keys as the keyboard would, on whatever has the focus. */
    void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    void pressShiftTab() {
        new Actions(driver).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
    }

    /** Lays the page out as on a phone (CSS width {@code width}) until {@link #reset()}. */
    void emulateWidth(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                "deviceScaleFactor", 1, "mobile", true));
    }

    /** Emulates {@code prefers-color-scheme} until {@link #reset()}. */
    void emulateColorScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /**
     * What the Content-Security-Policy refused, both as the page's listener saw it (since the
     * current page loaded) and as the browser console reported it (since the last call).
     */
    List<String> cspViolations() {
        List<String> all = new ArrayList<>();
        Object seen = driver.getCurrentUrl().startsWith("http") ? js("return window.__cspViolations || []") : List.of();
        for (Object v : (List<?>) seen) {
            all.add("listener: " + v);
        }
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getMessage().contains("Content Security Policy")) {
                all.add("console: " + e.getMessage());
            }
        }
        return all;
    }

    /** Saves a PNG of the viewport to target/screenshots/{@code name}.png; returns its path. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        return file;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
