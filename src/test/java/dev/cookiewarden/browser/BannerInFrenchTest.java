package dev.cookiewarden.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * A French visitor: Chromium's language preference {@code fr-FR,fr} reaches the server as
 * {@code Accept-Language}, and the banner, the dialog and the standalone page speak French.
 */
class BannerInFrenchTest {
    private static Site site;
    private static Visitor visitor;

    @BeforeAll
    static void start() throws Exception {
        Browser.assumeAvailable();
        site = Site.start();
        visitor = new Visitor(Browser.start(true, Browser.FRENCH), site);
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

    @Test
    void firstLayerSpeaksFrench() throws IOException {
        visitor.open("/page");

        assertEquals("fr-FR", visitor.js("return navigator.language"));
        assertEquals("fr", visitor.find(By.id("cw-root")).getDomAttribute("lang"));
        assertEquals("Vos choix en mati\u00e8re de cookies", visitor.find(By.id("cw-title")).getText());
        assertEquals("Tout accepter", visitor.find(By.cssSelector("#cw-banner button[value=accept-all]")).getText());
        assertEquals("Tout refuser", visitor.find(By.cssSelector("#cw-banner button[value=reject-all]")).getText());
        assertEquals("Personnaliser", visitor.find(By.cssSelector("#cw-banner button[data-cookie-warden-open]")).getText());
        assertTrue(visitor.find(By.id("cw-text")).getText()
                .contains("Pr\u00e9f\u00e9rences, Mesure d'audience, Publicit\u00e9"), "the purposes, in French");
        visitor.screenshot("banner-first-layer-fr");
    }

    @Test
    void preferenceDialogAndSettingsLinkSpeakFrench() throws IOException {
        visitor.open("/page");

        visitor.find(By.cssSelector("#cw-banner button[data-cookie-warden-open]")).click();

        visitor.waitForVisible(By.id("cw-prefs"));
        assertEquals("Vos pr\u00e9f\u00e9rences en mati\u00e8re de cookies", visitor.find(By.id("cw-prefs-title")).getText());
        assertEquals("Fermer", visitor.find(By.cssSelector("#cw-prefs .cw-close")).getDomAttribute("aria-label"));
        assertEquals("Toujours actifs", visitor.find(By.cssSelector("#cw-prefs .cw-always")).getText());
        visitor.screenshot("banner-preferences-fr");

        assertEquals("Enregistrer mes choix", visitor.find(By.cssSelector("#cw-prefs button[value=save]")).getText());
        visitor.find(By.cssSelector("#cw-prefs button[value=save]")).click();
        visitor.waitForAbsent(By.id("cw-prefs"));
        assertEquals("Param\u00e8tres des cookies", visitor.find(By.id("cw-settings")).getText());
    }
}
