package dev.cookiewarden.browser;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's Chromium driven by Debian's ChromeDriver, never a downloaded browser: the driver and
 * binary are set explicitly so Selenium Manager never reaches for the network. Without them a
 * developer's run skips the browser tests with a message; with {@code CI=true} it fails instead.
 */
final class Browser {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    /** What an English-speaking visitor's browser sends in {@code Accept-Language}. */
    static final String ENGLISH = "en-US,en";
    /** What a French visitor's browser sends in {@code Accept-Language}. */
    static final String FRENCH = "fr-FR,fr";

    private Browser() {
    }

    /** Skips (or, in CI, fails) when Chromium or ChromeDriver is missing. */
    static void assumeAvailable() {
        boolean present = new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute();
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: .ci/run must install the chromium and chromium-driver packages");
        }
        assumeTrue(present, "Browser tests skipped: install Debian's chromium and chromium-driver "
                + "(apt-get install -y chromium chromium-driver) to run them");
    }

    /** A fresh headless Chromium with its own profile under target/, JavaScript on or off, in English. */
    static ChromeDriver start(boolean javascript) throws IOException {
        return start(javascript, ENGLISH);
    }

    /**
     * A fresh headless Chromium with its own profile under target/, JavaScript on or off, whose
     * {@code Accept-Language} is {@code acceptLanguages} (such as {@code fr-FR,fr}). The console
     * is kept at every level, so that a test can read Content-Security-Policy reports from it.
     */
    static ChromeDriver start(boolean javascript, String acceptLanguages) throws IOException {
        assumeAvailable();
        System.setProperty("SE_OFFLINE", "true");
        Path profiles = Files.createDirectories(Path.of("target", "chromium-profiles"));
        Path profile = Files.createTempDirectory(profiles, "profile");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,900", "--lang=" + acceptLanguages.split(",")[0],
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                "--user-data-dir=" + profile.toAbsolutePath());
        // --lang alone does not reach Accept-Language in headless mode; the profile preference does.
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", acceptLanguages));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        if (!javascript) {
            options.addArguments("--blink-settings=scriptEnabled=false");
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }
}
