package dev.cookiewarden.register;

import static dev.cookiewarden.register.RegisterFixtures.renderer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.banner.Html;
import dev.cookiewarden.banner.Messages;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.config.WardenConfigParser;
import dev.cookiewarden.endpoint.SameOrigin;
import dev.cookiewarden.register.PolicyRenderer.Representation;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The policy page and fragment, checked on the parsed output. */
class PolicyRendererTest {
    private static final String CTX = "/shop";
    private static final String EXEMPT_EN = "exempt from consent (Directive 2002/58/EC \u201cePrivacy\u201d, art. 5(3); "
            + "French Data Protection Act \u201cInformatique et Libert\u00e9s\u201d, art. 82)";
    private static final String CONSENT_EN = "your consent (GDPR, art. 6(1)(a))";
    private static final String EXEMPT_FR = "exempt\u00e9s de consentement (article 82 de la loi Informatique et "
            + "Libert\u00e9s\u00a0; article 5, paragraphe 3, de la directive 2002/58/CE";
    private static final String CONSENT_FR = "votre consentement (RGPD, article 6, paragraphe 1, point a)";

    private static Document page(PolicyRenderer r, String lang) {
        return Jsoup.parse(r.page(CTX, lang));
    }

    private static Element category(Document d, String id) {
        Elements found = d.select("#cw-policy-" + id);
        assertEquals(1, found.size(), () -> "expected one #cw-policy-" + id + " in " + d.html());
        return found.first();
    }

    /** Rows of a category's table: each row's cells as text. */
    private static List<List<String>> rows(Element category) {
        return category.select("tbody tr").stream()
                .map(tr -> tr.select("td").stream().map(Element::text).toList()).toList();
    }

    private static String nbspToSpace(String s) {
        return s.replace('\u00a0', ' ');
    }

    // ---------------------------------------------------------------- content

    @Test
    void englishPageListsEveryCategoryCookieAndLegalBasis() {
        Document d = page(renderer(), "en");
        assertEquals("en", d.select("html").attr("lang"));
        assertEquals("Cookie policy", d.title());
        assertEquals("Cookie policy", d.selectFirst("h1").text());
        assertEquals(List.of("Strictly necessary cookies", "Preferences", "Audience measurement",
                "Personalised advertising"), d.select("h2").eachText());

        Element necessary = category(d, "necessary");
        assertEquals("Description of Strictly necessary cookies", necessary.selectFirst(".cw-cat-desc").text());
        assertTrue(necessary.selectFirst(".cw-policy-basis").text().contains(EXEMPT_EN),
                necessary.selectFirst(".cw-policy-basis").text());
        assertEquals(List.of("Name", "Set by", "Purpose", "Lifetime", "First or third party"),
                necessary.select("th").eachText());
        assertEquals(List.of(
                List.of("cookie_warden", "This site", "Stores your cookie choices, so that they are respected on every page.",
                        "182 days", "First party"),
                List.of("JSESSIONID", "exemple.fr", "Purpose of JSESSIONID", "Session (until you close your browser)",
                        "First party")), rows(necessary));

        for (String id : List.of("preferences", "analytics", "marketing")) {
            String basis = category(d, id).selectFirst(".cw-policy-basis").text();
            assertTrue(basis.startsWith("Legal basis: " + CONSENT_EN), basis);
            assertFalse(basis.contains("exempt"), basis);
        }
        assertEquals(List.of(List.of("lang", "exemple.fr", "Purpose of lang", "1 year", "First party")),
                rows(category(d, "preferences")));
        assertEquals(List.of(
                List.of("_ga", "Google Ireland Limited", "Purpose of _ga", "13 months", "Third party"),
                List.of("_ga_*", "Google Ireland Limited", "Purpose of _ga_*", "1 year and 6 months", "Third party")),
                rows(category(d, "analytics")));
        assertEquals(List.of(List.of("_fbp", "Meta Platforms Ireland Limited", "Purpose of _fbp", "3 months",
                "Third party")), rows(category(d, "marketing")));
    }

    @Test
    void frenchPageListsEveryCategoryCookieAndLegalBasis() {
        Document d = page(renderer(), "fr");
        assertEquals("fr", d.select("html").attr("lang"));
        assertEquals("Politique relative aux cookies", d.title());
        assertEquals(List.of("Cookies strictement n\u00e9cessaires", "Pr\u00e9f\u00e9rences", "Mesure d'audience",
                "Publicit\u00e9 personnalis\u00e9e"), d.select("h2").eachText());
        Element necessary = category(d, "necessary");
        String basis = necessary.selectFirst(".cw-policy-basis").text();
        assertTrue(nbspToSpace(basis).startsWith("Base l\u00e9gale : cookies strictement n\u00e9cessaires"), basis);
        assertTrue(nbspToSpace(basis).contains(nbspToSpace(EXEMPT_FR)), basis);
        assertEquals(List.of("Nom", "\u00c9metteur", "Finalit\u00e9", "Dur\u00e9e de vie", "Interne ou tiers"),
                necessary.select("th").eachText());
        assertEquals(List.of("cookie_warden", "Ce site",
                "Conserve vos choix en mati\u00e8re de cookies, pour qu\u2019ils soient respect\u00e9s sur chaque page.",
                "182 jours", "Interne"), rows(necessary).get(0));
        for (String id : List.of("preferences", "analytics", "marketing")) {
            assertTrue(nbspToSpace(category(d, id).selectFirst(".cw-policy-basis").text()).contains(CONSENT_FR), id);
        }
        assertEquals(List.of("_ga", "Google Ireland Limited", "Finalit\u00e9 de _ga", "13 mois", "Tiers"),
                rows(category(d, "analytics")).get(0));
        assertEquals("1 an et 6 mois", rows(category(d, "analytics")).get(1).get(3));
    }

    @Test
    void everyDeclaredCookieIsOnThePageOnceAndTheConsentCookieOnce() {
        WardenConfig c = RegisterFixtures.config();
        for (String lang : c.languages()) {
            Document d = page(renderer(c), lang);
            List<String> names = d.select("tbody tr td:first-child").eachText();
            assertEquals(c.cookies().size() + 1, names.size(), names.toString());
            c.cookies().forEach(k -> assertEquals(1, names.stream().filter(k.namePattern()::equals).count()));
            assertEquals(1, names.stream().filter("cookie_warden"::equals).count());
        }
    }

    @Test
    void consentCookieGoesUnderTheFirstRequiredCategory() {
        Document d = page(renderer("categories", "preferences,necessary,analytics,marketing",
                "category.preferences.required", "true", "category.preferences.gpc", "false"), "en");
        assertEquals("cookie_warden", rows(category(d, "preferences")).get(0).get(0));
        assertTrue(rows(category(d, "necessary")).stream().noneMatch(r -> r.get(0).equals("cookie_warden")));
        assertTrue(category(d, "preferences").selectFirst(".cw-policy-basis").text().contains(EXEMPT_EN));
    }

    @Test
    void withoutARequiredCategoryTheConsentCookieHasAGroupOfItsOwn() {
        Properties p = RegisterFixtures.shop();
        p.setProperty("categories", "preferences,analytics,marketing");
        p.stringPropertyNames().stream().filter(k -> k.startsWith("category.necessary.") || k.startsWith("cookie.jsessionid."))
                .forEach(p::remove);
        WardenConfig c = WardenConfigParser.parse(p);
        Document d = page(renderer(c), "en");
        Element tool = category(d, "_cookie-warden");
        assertEquals("Cookie Warden", tool.selectFirst("h2").text());
        assertTrue(tool.selectFirst(".cw-cat-desc").text().startsWith("The tool that asks for and keeps"));
        assertTrue(tool.selectFirst(".cw-policy-basis").text().contains(EXEMPT_EN));
        assertEquals(List.of(List.of("cookie_warden", "This site",
                "Stores your cookie choices, so that they are respected on every page.", "182 days", "First party")),
                rows(tool));
        assertEquals("Cookie Warden", d.select("h2").last().text(), "after the configured categories");
    }

    @Test
    void consentCookieNameAndLifetimeFollowTheConfiguration() {
        Document d = page(renderer("consent.cookie-name", "choix", "consent.validity-days", "30"), "fr");
        assertEquals(List.of("choix", "Ce site"), rows(category(d, "necessary")).get(0).subList(0, 2));
        assertEquals("30 jours", rows(category(d, "necessary")).get(0).get(3));
        Document always = page(renderer("consent.secure", "always"), "en");
        assertEquals("__Host-cookie_warden", rows(category(always, "necessary")).get(0).get(0));
    }

    @Test
    void categoryWithoutCookiesSaysSo() {
        Properties p = RegisterFixtures.shop();
        p.stringPropertyNames().stream().filter(k -> k.startsWith("cookie.fbp.")).forEach(p::remove);
        Document d = page(renderer(WardenConfigParser.parse(p)), "en");
        Element marketing = category(d, "marketing");
        assertTrue(marketing.select("table").isEmpty());
        assertEquals("No cookie is declared for this purpose.", marketing.selectFirst(".cw-policy-none").text());
    }

    // ---------------------------------------------------------------- revision, date, version, links

    @Test
    void revisionAloneWhenNoEffectiveDate() {
        Document en = page(renderer(), "en");
        assertEquals("Policy revision: 4.", en.selectFirst(".cw-policy-revision").text());
        assertTrue(en.select("time").isEmpty());
        assertEquals("R\u00e9vision de la politique : 4.", nbspToSpace(page(renderer(), "fr")
                .selectFirst(".cw-policy-revision").text()));
    }

    @Test
    void effectiveDateIsWrittenOutInEachLanguage() {
        PolicyRenderer r = renderer("policy.effective-date", "2026-03-01");
        Element en = page(r, "en").selectFirst(".cw-policy-revision");
        assertEquals("Policy revision: 4. In effect since 1 March 2026.", en.text());
        assertEquals("2026-03-01", en.selectFirst("time").attr("datetime"));
        assertEquals("R\u00e9vision de la politique : 4. En vigueur depuis le 1er mars 2026.",
                nbspToSpace(page(r, "fr").selectFirst(".cw-policy-revision").text()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-30", "2027-01-01", "2026-08-15"})
    void longDates(String iso) {
        LocalDate date = LocalDate.parse(iso);
        String fr = PolicyHtml.longDate(date, "fr");
        String en = PolicyHtml.longDate(date, "en");
        switch (iso) {
            case "2026-11-30" -> {
                assertEquals("30 novembre 2026", fr);
                assertEquals("30 November 2026", en);
            }
            case "2027-01-01" -> {
                assertEquals("1er janvier 2027", fr);
                assertEquals("1 January 2027", en);
            }
            default -> {
                assertEquals("15 ao\u00fbt 2026", fr);
                assertEquals("15 August 2026", en);
            }
        }
        assertFalse(PolicyHtml.longDate(date, "de").isBlank());
    }

    @Test
    void configHashIsShownInSmallPrint() {
        PolicyRenderer r = renderer();
        for (String lang : List.of("en", "fr")) {
            Element version = page(r, lang).selectFirst(".cw-policy-version small");
            assertTrue(version.text().endsWith(r.configHash().shortValue()), version.text());
            assertEquals(r.configHash().value(), version.selectFirst("[data-cw-config-hash]").attr("data-cw-config-hash"));
        }
        assertEquals(ConfigHash.of(RegisterFixtures.config()), r.configHash());
    }

    @Test
    void preferenceLinkComesBackToThisPageInThisLanguage() {
        for (String lang : List.of("en", "fr")) {
            Element link = page(renderer(), lang).selectFirst(".cw-policy-choices a");
            String href = link.attr("href");
            assertTrue(href.startsWith(CTX + "/cookie-consent/preferences?return="), href);
            String back = URLDecoder.decode(href.substring(href.indexOf("return=") + 7), StandardCharsets.UTF_8);
            assertEquals(CTX + "/cookie-consent/policy?lang=" + lang, back);
            assertTrue(SameOrigin.isSafeReturn(back));
            assertFalse(link.hasAttr("data-cookie-warden-open"), "the page has no script to open a dialog");
        }
        Document root = Jsoup.parse(renderer().page("", "en"));
        assertEquals("/cookie-consent/preferences?return=%2Fcookie-consent%2Fpolicy%3Flang%3Den",
                root.selectFirst(".cw-policy-choices a").attr("href"));
        assertEquals("/", root.selectFirst(".cw-back a").attr("href"));
    }

    @Test
    void pageUsesTheBannerStylesheetsAndItsPageClasses() {
        Document d = page(renderer("endpoint.prefix", "/cw"), "en");
        assertEquals(List.of(CTX + "/cw" + RegisterFixtures.CSS, CTX + "/cw" + RegisterFixtures.PREFS_CSS),
                d.head().select("link[rel=stylesheet]").eachAttr("href"));
        assertEquals(2, d.select("link").size());
        assertEquals(1, d.select("main.cw.cw-page > section.cw-prefs.cw-policy").size());
        assertEquals(CTX + "/", d.selectFirst("main > p.cw-back a").attr("href"));
        assertEquals("Back to the site", d.selectFirst("main > p.cw-back a").text());
        assertTrue(d.selectFirst(".cw-policy-choices a").attr("href").startsWith(CTX + "/cw/preferences?return=%2Fshop%2Fcw%2Fpolicy"));
    }

    // ---------------------------------------------------------------- fragment

    @Test
    void fragmentIsTheSameContentAsAnEmbeddableSection() {
        PolicyRenderer r = renderer();
        String html = r.fragment(CTX, "fr");
        assertTrue(html.startsWith("<section class=\"cw cw-policy\" lang=\"fr\""), html);
        assertTrue(html.endsWith("</section>"), html);
        Element body = Jsoup.parseBodyFragment(html).body();
        assertEquals(1, body.children().size());
        assertEquals("Politique relative aux cookies", body.selectFirst("h2#cw-policy-title").text());
        assertEquals(4, body.select("h3").size());
        assertTrue(body.select("h1, html, head, main").isEmpty());
        // The page it goes into has cw.css; the categories and tables are styled by cw-prefs.css.
        Element section = body.child(0);
        assertEquals("link", section.child(0).tagName());
        assertEquals(CTX + "/cookie-consent" + RegisterFixtures.PREFS_CSS, section.child(0).attr("href"));
        assertEquals("stylesheet", section.child(0).attr("rel"));
        assertEquals(1, body.select("link").size());
        Element link = body.selectFirst(".cw-policy-choices a");
        assertEquals(CTX + "/cookie-consent/preferences", link.attr("href"));
        assertTrue(link.hasAttr("data-cookie-warden-open"), "opens the dialog where the banner's script runs");
        // Same categories, rows and legal bases as the page.
        Document page = page(r, "fr");
        for (String id : List.of("necessary", "preferences", "analytics", "marketing")) {
            assertEquals(category(page, id).select("tbody").outerHtml(),
                    body.selectFirst("#cw-policy-" + id).select("tbody").outerHtml());
            assertEquals(category(page, id).selectFirst(".cw-policy-basis").text(),
                    body.selectFirst("#cw-policy-" + id + " .cw-policy-basis").text());
        }
    }

    // ---------------------------------------------------------------- safety

    private static WardenConfig hostile() {
        String evil = "<script>alert(1)</script> \"quoted\" & caf\u00e9 \u00e0 l'\u00e9t\u00e9 \uD83C\uDF6A";
        return RegisterFixtures.config(
                "category.analytics.label.en", evil, "category.analytics.label.fr", evil,
                "category.analytics.description.en", evil, "category.analytics.description.fr", evil,
                "cookie.ga.provider", evil,
                "cookie.ga.purpose.en", evil, "cookie.ga.purpose.fr", evil,
                "text.policy-title.en", evil, "text.basis-consent.fr", evil, "text.party-third.en", evil);
    }

    @Test
    void hostileTextsRenderInertAsciiAndRoundTrip() {
        String evil = "<script>alert(1)</script> \"quoted\" & caf\u00e9 \u00e0 l'\u00e9t\u00e9 \uD83C\uDF6A";
        PolicyRenderer r = renderer(hostile());
        for (String lang : List.of("en", "fr")) {
            for (String html : List.of(r.page(CTX, lang), r.fragment(CTX, lang))) {
                assertTrue(Html.isAscii(html), "not ASCII");
                assertFalse(html.contains("<script"), html);
                assertFalse(html.contains("\"quoted\""), "quotes are escaped");
                Document d = Jsoup.parse(html);
                assertTrue(d.select("script").isEmpty());
                Element analytics = d.selectFirst("#cw-policy-analytics");
                assertEquals(evil, analytics.selectFirst("h2, h3").text());
                assertEquals(evil, analytics.selectFirst(".cw-cat-desc").text());
                List<String> ga = analytics.select("tbody tr").first().select("td").eachText();
                assertEquals(evil, ga.get(1));
                assertEquals(evil, ga.get(2));
            }
        }
        assertEquals(evil, page(r, "en").title());
        assertEquals(evil, page(r, "en").selectFirst("h1").text());
        assertTrue(page(r, "fr").selectFirst("#cw-policy-analytics .cw-policy-basis").text().endsWith(evil));
        assertTrue(r.page(CTX, "fr").contains("caf&#233;") && r.page(CTX, "fr").contains("&#127850;"));
    }

    @Test
    void hostileContextPathIsEscaped() {
        String html = renderer().page("/a\"><script>x()</script>", "en");
        assertFalse(html.contains("<script"), html);
        Document d = Jsoup.parse(html);
        assertTrue(d.select("script").isEmpty());
        assertTrue(d.selectFirst("link").attr("href").startsWith("/a\"><script>"));
        String fragment = renderer().fragment("/a\"><script>x()</script>", "en");
        assertFalse(fragment.contains("<script"), fragment);
    }

    @Test
    void noInlineScriptNoInlineStyleNoEventHandler() {
        PolicyRenderer r = renderer(hostile());
        for (String lang : List.of("en", "fr")) {
            for (String html : List.of(r.page(CTX, lang), r.fragment(CTX, lang))) {
                Document d = Jsoup.parse(html);
                assertTrue(d.select("script, style, [style]").isEmpty(), html);
                assertTrue(d.getAllElements().stream().flatMap(e -> e.attributes().asList().stream())
                        .noneMatch(a -> a.getKey().startsWith("on")), html);
            }
        }
    }

    // ---------------------------------------------------------------- languages, tags, arguments

    @Test
    void unconfiguredLanguageGetsTheDefaultOne() {
        PolicyRenderer r = renderer();
        assertEquals(r.page(CTX, "fr"), r.page(CTX, "de"));
        assertEquals(r.fragment(CTX, "fr"), r.fragment(CTX, null));
        assertArrayEquals(r.csv("fr"), r.csv("xx"));
        assertEquals("fr", r.language("de"));
        assertEquals("en", r.language("en"));
        assertEquals(List.of("fr", "en"), r.languages());
    }

    @Test
    void languageWithoutBuiltInTextsFallsBackToTheDefaultLanguagesTexts() {
        Properties p = RegisterFixtures.shop();
        p.setProperty("languages", "fr,en,de");
        for (String id : List.of("necessary", "preferences", "analytics", "marketing")) {
            p.setProperty("category." + id + ".label.de", "DE " + id);
            p.setProperty("category." + id + ".description.de", "DE description " + id);
        }
        for (String key : List.of("jsessionid", "lang", "ga", "ga-session", "fbp")) {
            p.setProperty("cookie." + key + ".purpose.de", "DE purpose " + key);
        }
        p.setProperty("text.policy-title.de", "Cookie-Richtlinie");
        p.setProperty("policy.effective-date", "2026-03-01");
        Document d = Jsoup.parse(renderer(WardenConfigParser.parse(p)).page("", "de"));
        assertEquals("de", d.select("html").attr("lang"));
        assertEquals("Cookie-Richtlinie", d.title());
        assertEquals("DE analytics", category(d, "analytics").selectFirst("h2").text());
        assertTrue(d.selectFirst(".cw-policy-intro").text().startsWith("Cette page"), "French, the default");
        assertEquals("1. M\u00e4rz 2026", d.selectFirst("time").text());
    }

    @Test
    void entityTagsNameTheHashAndTheLanguageAndDifferByRepresentation() {
        PolicyRenderer r = renderer();
        String hash = r.configHash().value();
        String page = r.entityTag(Representation.PAGE, "fr");
        assertTrue(page.matches("\"" + hash + "-fr-[A-Za-z0-9_-]{10}\""), page);
        assertNotEquals(page, r.entityTag(Representation.PAGE, "en"));
        assertNotEquals(page, r.entityTag(Representation.FRAGMENT, "fr"));
        assertNotEquals(page, r.entityTag(Representation.CSV, "fr"));
        assertTrue(r.entityTag(Representation.JSON, "fr").matches("\"" + hash + "-[A-Za-z0-9_-]{10}\""));
        assertEquals(r.entityTag(Representation.JSON, "fr"), r.entityTag(Representation.JSON, "en"));
        assertEquals(page, r.entityTag(Representation.PAGE, "de"), "the default language's");
        assertEquals(page, renderer().entityTag(Representation.PAGE, "fr"), "stable");
    }

    @Test
    void entityTagChangesWithTheStylesheetEvenWhenTheConfigurationDoesNot() {
        WardenConfig c = RegisterFixtures.config();
        PolicyRenderer a = new PolicyRenderer(c, new Messages(c), "/assets/cw.aaaa.css", RegisterFixtures.PREFS_CSS);
        PolicyRenderer b = new PolicyRenderer(c, new Messages(c), "/assets/cw.bbbb.css", RegisterFixtures.PREFS_CSS);
        assertEquals(a.configHash(), b.configHash());
        assertNotEquals(a.entityTag(Representation.PAGE, "en"), b.entityTag(Representation.PAGE, "en"));
        assertEquals(a.entityTag(Representation.JSON, "en"), b.entityTag(Representation.JSON, "en"));
        assertNotEquals(a.entityTag(Representation.PAGE, "en"),
                renderer("cookie.ga.retention", "P12M").entityTag(Representation.PAGE, "en"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "assets/cw.css", "/assets/../cw.css", "/assets/cw.css?x", "/a b", "/.hidden"})
    void invalidStylesheetPathIsRefused(String path) {
        WardenConfig c = RegisterFixtures.config();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PolicyRenderer(c, new Messages(c), path, RegisterFixtures.PREFS_CSS));
        assertTrue(e.getMessage().contains("[" + path + "] of [cssPath]"), e.getMessage());
        IllegalArgumentException prefs = assertThrows(IllegalArgumentException.class,
                () -> new PolicyRenderer(c, new Messages(c), RegisterFixtures.CSS, path));
        assertTrue(prefs.getMessage().contains("[" + path + "] of [prefsCssPath]"), prefs.getMessage());
    }

    @Test
    void bytesHandedOutAreCopies() {
        PolicyRenderer r = renderer();
        r.json()[0] = 'x';
        r.csv("en")[0] = 'x';
        assertEquals('{', r.json()[0]);
        assertEquals((byte) 0xef, r.csv("en")[0]);
        assertTrue(r.toString().contains(r.configHash().shortValue()));
    }
}
