package dev.cookiewarden.banner;

import static dev.cookiewarden.banner.BannerFixtures.renderer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The markup contract of docs/BANNER.md, checked on the parsed output. */
class BannerRendererTest {
    private static final Set<String> NONE = Set.of();
    private static final String RETURN = "/shop/produit?id=3&tri=prix";

    private static Element fragment(String html) {
        return Jsoup.parseBodyFragment(html).body();
    }

    private static Element one(Element root, String css) {
        Elements found = root.select(css);
        assertEquals(1, found.size(), () -> "expected one " + css + " in " + root.html());
        return found.first();
    }

    private static void assertAttrs(Element e, String... nameValues) {
        for (int i = 0; i < nameValues.length; i += 2) {
            assertTrue(e.hasAttr(nameValues[i]), () -> e.tagName() + " lacks " + e.attributes());
            assertEquals(nameValues[i + 1], e.attr(nameValues[i]), nameValues[i] + " of " + e.outerHtml());
        }
    }

    // ---------------------------------------------------------------- head

    @Test
    void headHasTheStylesheetAndTheScriptWithTheState() {
        Element head = Jsoup.parse("<head>" + renderer().head("/shop", Set.of("marketing", "analytics", "necessary",
                "unknown"), true, false) + "</head>").head();
        List<Element> tags = head.children();
        assertEquals(List.of("link", "script"), tags.stream().map(Element::tagName).toList());
        assertAttrs(tags.get(0), "rel", "stylesheet", "href", "/shop/cookie-consent/assets/cw.1a2b3c.css");
        // Only the optional categories, in display order.
        assertAttrs(tags.get(1), "src", "/shop/cookie-consent/assets/cw.7a8b9c.js",
                "data-cw-granted", "analytics marketing", "data-cw-decided", "true", "data-cw-gpc", "false");
        assertFalse(tags.get(1).hasAttr("defer") || tags.get(1).hasAttr("async"),
                "the script runs synchronously: its guard comes before any page script");
        assertTrue(tags.get(1).data().isEmpty(), "no inline script");
    }

    @Test
    void headOfAnUndecidedVisitorWithGpcGrantsNothing() {
        Element script = Jsoup.parse(renderer().head("", NONE, false, true)).selectFirst("script");
        assertAttrs(script, "src", "/cookie-consent/assets/cw.7a8b9c.js", "data-cw-granted", "",
                "data-cw-decided", "false", "data-cw-gpc", "true");
    }

    // ---------------------------------------------------------------- body: first layer

    @Test
    void firstLayerFollowsTheContract() {
        Element body = fragment(renderer().body("/shop", "fr", true, RETURN));
        Element root = one(body, "aside#cw-root");
        assertEquals(body.children().size(), 1);
        assertAttrs(root, "class", "cw", "lang", "fr");

        Element banner = one(root, "> section#cw-banner");
        assertAttrs(banner, "class", "cw-banner", "role", "dialog", "aria-modal", "false",
                "aria-labelledby", "cw-title", "aria-describedby", "cw-text", "tabindex", "-1");
        assertEquals("Vos choix en mati\u00e8re de cookies", one(banner, "h2#cw-title").text());
        Element text = one(banner, "p#cw-text");
        assertTrue(text.text().startsWith("Ce site et ses partenaires"), text.text());
        assertTrue(text.text().contains("Pr\u00e9f\u00e9rences, Mesure d'audience, Publicit\u00e9 personnalis\u00e9e."),
                "the optional purposes are named: " + text.text());
        assertFalse(text.text().contains("strictement n\u00e9cessaires,"), "a required category is not a purpose to consent to");
        Element details = one(text, "a.cw-link");
        assertEquals("/shop/cookie-consent/preferences?return=%2Fshop%2Fproduit%3Fid%3D3%26tri%3Dprix",
                details.attr("href"));

        Element form = one(banner, "form.cw-actions");
        assertAttrs(form, "method", "post", "action", "/shop/cookie-consent");
        assertAttrs(one(form, "input[name=return]"), "type", "hidden", "value", RETURN);
        Elements buttons = form.select("button");
        assertEquals(3, buttons.size());
        Element accept = buttons.get(0);
        Element reject = buttons.get(1);
        assertAttrs(accept, "type", "submit", "class", "cw-btn cw-choice", "name", "action", "value", "accept-all");
        assertAttrs(reject, "type", "submit", "class", "cw-btn cw-choice", "name", "action", "value", "reject-all");
        assertEquals("Tout accepter", accept.text());
        assertEquals("Tout refuser", reject.text());
        Element more = buttons.get(2);
        assertAttrs(more, "type", "submit", "class", "cw-btn cw-more", "formmethod", "get",
                "formaction", "/shop/cookie-consent/preferences", "data-cookie-warden-open", "");
        assertFalse(more.hasAttr("name"), "Customize posts no action");
        assertEquals("Personnaliser", more.text());

        Element settings = one(root, "> a#cw-settings");
        assertAttrs(settings, "class", "cw-settings", "data-cookie-warden-open", "",
                "href", "/shop/cookie-consent/preferences?return=%2Fshop%2Fproduit%3Fid%3D3%26tri%3Dprix");
        assertEquals("Param\u00e8tres des cookies", settings.text());
    }

    /** CNIL: "Reject all" is the same element as "Accept all", with the same class and attributes but the value. */
    @Test
    void acceptAndRejectAreTheSameElementWithTheSameClass() {
        for (String lang : List.of("fr", "en")) {
            Elements choices = fragment(renderer().body("", lang, true, "/")).select("#cw-banner button.cw-choice");
            assertEquals(2, choices.size());
            Element a = choices.get(0).clone().attr("value", "x").text("");
            Element r = choices.get(1).clone().attr("value", "x").text("");
            assertEquals(a.outerHtml(), r.outerHtml());
        }
    }

    @Test
    void decidedVisitorGetsOnlyTheSettingsLink() {
        Element root = one(fragment(renderer().body("", "en", false, "/")), "#cw-root");
        assertNull(root.selectFirst("#cw-banner"));
        assertEquals(List.of("cw-settings"), root.children().stream().map(Element::id).toList());
        assertEquals("Cookie settings", root.child(0).text());
    }

    @Test
    void settingsLinkCanBeLeftToTheSite() {
        BannerRenderer r = renderer("banner.settings-link", "false");
        Element root = one(fragment(r.body("", "fr", true, "/")), "#cw-root");
        assertNull(root.selectFirst("#cw-settings"));
        assertNotNull(root.selectFirst("#cw-banner"));
        Element empty = one(fragment(r.body("", "fr", false, "/")), "#cw-root");
        assertEquals(0, empty.childrenSize(), "the root stays, for the script");
        assertAttrs(empty, "class", "cw", "lang", "fr");
    }

    @Test
    void policyUrlIsLinkedFromBothLayers() {
        BannerRenderer r = renderer("banner.policy-url", "https://exemple.fr/cookies?a=1&b=2");
        Elements links = fragment(r.body("", "fr", true, "/")).select("#cw-text a.cw-link");
        assertEquals(2, links.size());
        assertEquals("https://exemple.fr/cookies?a=1&b=2", links.get(1).attr("href"));
        assertEquals("Politique relative aux cookies", links.get(1).text());
        Element prefsLink = one(fragment(r.preferencesFragment("", "en", NONE, false, "/")), "#cw-prefs-text a.cw-link");
        assertEquals("https://exemple.fr/cookies?a=1&b=2", prefsLink.attr("href"));
        assertEquals("Cookie policy", prefsLink.text());
        assertEquals(1, fragment(renderer().body("", "fr", true, "/")).select("#cw-text a").size());
        assertNull(fragment(renderer().preferencesFragment("", "fr", NONE, false, "/")).selectFirst("#cw-prefs-text a"));
    }

    @Test
    void languageThatIsNotConfiguredGetsTheDefault() {
        assertEquals("fr", one(fragment(renderer().body("", "de", true, "/")), "#cw-root").attr("lang"));
        assertEquals("en", one(fragment(renderer().body("", "en", true, "/")), "#cw-root").attr("lang"));
    }

    // ---------------------------------------------------------------- preference center

    @Test
    void preferenceFragmentFollowsTheContract() {
        Element fragment = fragment(renderer().preferencesFragment("/shop", "en", NONE, false, RETURN));
        // The backdrop first (a click on it closes the dialog), then the dialog: the script
        // appends both to #cw-root as they come.
        assertEquals(List.of("div", "section"), fragment.children().stream().map(Element::tagName).toList());
        assertAttrs(fragment.child(0), "class", "cw-backdrop", "data-cw-close", "");
        assertEquals(0, fragment.child(0).childrenSize());
        assertNull(Jsoup.parse(renderer().preferencesPage("/shop", "en", NONE, false, RETURN)).selectFirst(".cw-backdrop"),
                "the page has no backdrop: nothing lies behind it");
        Element section = one(fragment, "section#cw-prefs");
        assertAttrs(section, "class", "cw-prefs", "role", "dialog", "aria-modal", "true",
                "aria-labelledby", "cw-prefs-title", "aria-describedby", "cw-prefs-text", "tabindex", "-1");
        // The preference center's stylesheet comes with it: the first layer does not load it.
        assertAttrs(section.child(0), "rel", "stylesheet", "href", "/shop/cookie-consent/assets/cw-prefs.4d5e6f.css");
        assertEquals(1, section.select("link").size());
        assertEquals("Your cookie preferences", one(section, "h2#cw-prefs-title").text());
        assertTrue(one(section, "p#cw-prefs-text").text().contains("as easy as giving it"));
        Element form = one(section, "form");
        assertAttrs(form, "method", "post", "action", "/shop/cookie-consent");
        assertAttrs(one(form, "input[name=return]"), "type", "hidden", "value", RETURN);

        Elements cats = form.select("> div.cw-cat");
        assertEquals(4, cats.size(), "one per category, in display order");
        assertEquals(List.of("Strictly necessary cookies", "Preferences", "Audience measurement",
                "Personalised advertising"), cats.stream().map(c -> c.selectFirst("span.cw-cat-label").text()).toList());
        for (Element cat : cats) {
            Element box = one(cat, "label.cw-switch > input[type=checkbox]");
            assertAttrs(box, "role", "switch");
            assertTrue(one(cat, "p.cw-cat-desc").text().startsWith("Description of "));
            one(cat, "details.cw-cookies > summary");
            one(cat, "details.cw-cookies > table");
        }

        Elements actions = one(form, "div.cw-actions").select("button");
        assertEquals(List.of("save", "reject-all", "accept-all"), actions.stream().map(b -> b.attr("value")).toList());
        assertEquals(List.of("Save my choices", "Reject all", "Accept all"), actions.stream().map(Element::text).toList());
        for (Element b : actions) {
            assertAttrs(b, "type", "submit", "class", "cw-btn cw-choice", "name", "action");
        }
        Element close = one(section, "> button.cw-close");
        assertAttrs(close, "type", "button", "data-cw-close", "", "aria-label", "Close");
        assertEquals("\u00d7", close.text());
        assertFalse(close.hasAttr("name"), "closing decides nothing");
    }

    @Test
    void requiredCategoryIsCheckedDisabledAndNotPosted() {
        for (boolean decided : List.of(false, true)) {
            Element cat = fragment(renderer().preferencesFragment("", "fr", NONE, decided, "/")).selectFirst("div.cw-cat");
            Element box = one(cat, "input[type=checkbox]");
            assertTrue(box.hasAttr("checked") && box.hasAttr("disabled"));
            assertFalse(box.hasAttr("name"), "nothing to post for a category that is not a choice");
            assertEquals("Toujours actifs", one(cat, "span.cw-always").text());
        }
    }

    /** CNIL: no box is pre-ticked for a visitor who has not chosen, whatever state the caller passes. */
    @Test
    void undecidedVisitorSeesNoTickedBox() {
        Element form = fragment(renderer().preferencesFragment("", "fr", Set.of("analytics", "marketing",
                "preferences"), false, "/")).selectFirst("form");
        Elements optional = form.select("input[type=checkbox][name=category]");
        assertEquals(List.of("preferences", "analytics", "marketing"), optional.stream().map(e -> e.attr("value")).toList());
        for (Element box : optional) {
            assertFalse(box.hasAttr("checked"), box.outerHtml());
            assertFalse(box.hasAttr("disabled"), box.outerHtml());
        }
    }

    @Test
    void decidedVisitorSeesExactlyTheGrantedCategoriesTicked() {
        for (Set<String> granted : List.of(Set.<String>of(), Set.of("analytics"), Set.of("preferences", "marketing"),
                Set.of("preferences", "analytics", "marketing"))) {
            String html = renderer().preferencesFragment("", "en", granted, true, "/");
            Elements checked = fragment(html).select("input[name=category][checked]");
            assertEquals(granted, Set.copyOf(checked.stream().map(e -> e.attr("value")).toList()), html);
        }
    }

    @Test
    void cookieTableListsNameProviderPurposeAndRetentionInWords() {
        Elements cats = fragment(renderer().preferencesFragment("", "fr", NONE, false, "/")).select("div.cw-cat");
        assertEquals(List.of("Nom", "\u00c9metteur", "Finalit\u00e9", "Dur\u00e9e de vie"),
                cats.get(0).select("thead th").eachText());
        assertEquals(List.of("JSESSIONID", "exemple.fr", "Finalit\u00e9 de JSESSIONID",
                "Session (jusqu\u2019\u00e0 la fermeture du navigateur)"), cats.get(0).select("tbody td").eachText());
        Elements analytics = cats.get(2).select("tbody tr");
        assertEquals(2, analytics.size());
        assertEquals(List.of("_ga", "Google Ireland Limited (tiers)", "Finalit\u00e9 de _ga", "13 mois"),
                analytics.get(0).select("td").eachText());
        assertEquals("1 an et 6 mois", analytics.get(1).select("td").get(3).text());
        assertEquals("(tiers)", one(analytics.get(0), "span.cw-third").text());
        assertNull(cats.get(1).selectFirst("span.cw-third"), "first-party cookie");
        assertEquals("Cookies utilis\u00e9s (2)", cats.get(2).selectFirst("summary").text());
        Elements en = fragment(renderer().preferencesFragment("", "en", NONE, false, "/")).select("div.cw-cat");
        assertEquals(List.of("_fbp", "Meta Platforms Ireland Limited (third party)", "Purpose of _fbp", "3 months"),
                en.get(3).select("tbody td").eachText());
        assertEquals("1 year", en.get(1).select("tbody td").get(3).text());
    }

    @Test
    void categoryWithoutCookiesHasNoTable() {
        java.util.Properties p = BannerFixtures.shop();
        p.setProperty("categories", "necessary,preferences,analytics,marketing,video");
        BannerFixtures.category(p, "video", "Vid\u00e9os", "Videos");
        BannerRenderer r = new BannerRenderer(dev.cookiewarden.config.WardenConfigParser.parse(p),
                BannerFixtures.CSS, BannerFixtures.PREFS_CSS, BannerFixtures.SCRIPT);
        Elements cats = fragment(r.preferencesFragment("", "en", Set.of("video"), true, "/")).select("div.cw-cat");
        assertEquals(5, cats.size());
        assertNull(cats.get(4).selectFirst("details"), "no empty table");
        assertAttrs(one(cats.get(4), "input"), "name", "category", "value", "video", "checked", "");
    }

    @Test
    void preferencePageIsACompleteDocumentWithoutCloseButton() {
        String html = renderer().preferencesPage("/shop", "fr", Set.of("analytics"), true, RETURN);
        assertTrue(html.startsWith("<!doctype html><html lang=\"fr\">"), html);
        Document doc = Jsoup.parse(html);
        assertEquals("fr", doc.selectFirst("html").attr("lang"));
        assertAttrs(one(doc, "meta[charset]"), "charset", "utf-8");
        assertAttrs(one(doc, "meta[name=viewport]"), "content", "width=device-width, initial-scale=1");
        assertEquals("Vos pr\u00e9f\u00e9rences en mati\u00e8re de cookies", doc.title());
        assertEquals(List.of("/shop/cookie-consent/assets/cw.1a2b3c.css", "/shop/cookie-consent/assets/cw-prefs.4d5e6f.css"),
                doc.head().select("link[rel=stylesheet]").eachAttr("href"), "both stylesheets, in this order");
        assertTrue(doc.body().select("link").isEmpty(), "the page links them in its head");
        Element section = one(doc.body(), "main.cw section#cw-prefs");
        assertAttrs(section, "class", "cw-prefs", "aria-labelledby", "cw-prefs-title", "aria-describedby", "cw-prefs-text");
        assertFalse(section.hasAttr("aria-modal"), "on a page it is not a modal dialog");
        assertEquals("h1", one(section, "#cw-prefs-title").tagName());
        assertNull(doc.selectFirst(".cw-close"));
        assertEquals(List.of("analytics"), doc.select("input[name=category][checked]").eachAttr("value"));
        assertAttrs(one(section, "input[name=return]"), "value", RETURN);
        Element back = one(doc.body(), "p.cw-back > a");
        assertEquals(RETURN, back.attr("href"));
        assertEquals("Retour au site", back.text());
        assertTrue(doc.select("script, style, [style]").isEmpty());
    }

    @Test
    void preferencePageWithoutReturnGoesBackToTheContextRoot() {
        Document doc = Jsoup.parse(renderer().preferencesPage("/shop", "en", NONE, false, null));
        assertEquals("/shop/", doc.selectFirst("p.cw-back > a").attr("href"));
        assertNull(doc.selectFirst("input[name=return]"), "the endpoint's default applies");
    }

    // ---------------------------------------------------------------- safety of the output

    private static List<String> everything(BannerRenderer r, String ctx, String ret) {
        return List.of(r.head(ctx, Set.of("analytics"), true, false), r.body(ctx, "fr", true, ret),
                r.body(ctx, "en", true, ret), r.preferencesFragment(ctx, "fr", Set.of("analytics"), true, ret),
                r.preferencesPage(ctx, "en", NONE, false, ret));
    }

    @Test
    void outputIsAsciiWithoutInlineScriptOrStyle() {
        BannerRenderer r = renderer("text.banner-title.fr", "Cookies \uD83C\uDF6A \u00e0 la fran\u00e7aise",
                "category.analytics.label.en", "Mesure \u2013 d\u2019audience \u4e2d\u6587");
        for (String html : everything(r, "/boutique", "/caf\u00e9?q=\u00e9t\u00e9")) {
            assertTrue(Html.isAscii(html), html);
            Document doc = Jsoup.parse(html);
            assertTrue(doc.select("style, [style]").isEmpty(), html);
            for (Element script : doc.select("script")) {
                assertTrue(script.hasAttr("src") && script.data().isEmpty(), html);
            }
            for (Element e : doc.getAllElements()) {
                for (var a : e.attributes()) {
                    assertFalse(a.getKey().startsWith("on"), "event handler attribute in " + html);
                }
            }
        }
        Element title = fragment(r.body("", "fr", true, "/")).selectFirst("#cw-title");
        assertEquals("Cookies \uD83C\uDF6A \u00e0 la fran\u00e7aise", title.text());
        assertTrue(r.body("", "fr", true, "/").contains("&#127850;"), "one reference per code point");
    }

    @Test
    void configurationTextsRenderInert() {
        String attack = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&";
        BannerRenderer r = renderer("text.banner-title.fr", attack, "text.close.en", attack,
                "text.accept-all.fr", attack, "category.analytics.label.fr", attack,
                "category.analytics.description.en", attack, "cookie.ga.purpose.fr", attack,
                "cookie.ga.provider", attack, "banner.policy-url", "/a?b=\"c\"&d='e'<f>");
        for (String html : everything(r, "", "/")) {
            Document doc = Jsoup.parse(html);
            assertTrue(doc.select("script:not([src]), img").isEmpty(), html);
            assertFalse(html.contains("<script>") || html.contains("<img"), html);
        }
        Element body = fragment(r.body("", "fr", true, "/"));
        assertEquals(attack, body.selectFirst("#cw-title").text());
        assertEquals(attack, body.selectFirst("button[value=accept-all]").text());
        assertEquals("/a?b=\"c\"&d='e'<f>", body.select("#cw-text a").get(1).attr("href"));
        Element prefs = fragment(r.preferencesFragment("", "en", NONE, false, "/"));
        assertEquals(attack, prefs.selectFirst(".cw-close").attr("aria-label"));
        assertEquals(attack, prefs.select("p.cw-cat-desc").get(2).text());
        assertTrue(prefs.select("div.cw-cat").get(2).text().contains(attack + " (third party)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/x\"><script>alert(1)</script>", "/x'><svg onload=alert(1)>", "/a?b=1&c=<d>&amp;"})
    void returnPathIsEscapedEverywhere(String returnPath) {
        BannerRenderer r = renderer();
        for (String html : everything(r, "", returnPath)) {
            Document doc = Jsoup.parse(html);
            assertTrue(doc.select("script:not([src]), svg").isEmpty(), html);
            for (Element input : doc.select("input[name=return]")) {
                assertEquals(returnPath, input.attr("value"));
            }
        }
        Element settings = fragment(r.body("", "en", false, returnPath)).selectFirst("#cw-settings");
        String query = settings.attr("href").substring(settings.attr("href").indexOf("?return=") + 8);
        assertEquals(returnPath, java.net.URLDecoder.decode(query, StandardCharsets.UTF_8));
        assertEquals(returnPath, Jsoup.parse(r.preferencesPage("", "en", NONE, false, returnPath))
                .selectFirst("p.cw-back a").attr("href"));
    }

    @Test
    void contextPathIsEscaped() {
        String html = renderer().head("/a\"b", NONE, false, false);
        assertEquals("/a\"b/cookie-consent/assets/cw.1a2b3c.css", Jsoup.parse(html).selectFirst("link").attr("href"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"assets/cw.css", "/assets/../cw.css", "/assets//cw.css", "/a\"b.css", "/", "",
            "/assets/.hidden"})
    void assetPathMustBeAPlainPathBelowThePrefix(String path) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BannerRenderer(BannerFixtures.config(), path, BannerFixtures.PREFS_CSS, BannerFixtures.SCRIPT));
        assertTrue(e.getMessage().contains("[cssPath]"), e.getMessage());
    }

    // ---------------------------------------------------------------- size and reuse

    /** The first layer shares a 4 KB gzipped budget with the stylesheet and the script (AssetsTest checks the whole). */
    @Test
    void firstLayerIsSmallOnceCompressed() throws IOException {
        BannerRenderer r = renderer();
        for (String lang : List.of("fr", "en")) {
            String html = r.body("/boutique", lang, true, "/boutique/categorie/chaussures?page=2");
            int gzipped = gzip(html);
            assertTrue(gzipped < 1_000, lang + ": " + gzipped + " bytes gzipped, " + html.length() + " raw");
        }
    }

    private static int gzip(String s) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(s.getBytes(StandardCharsets.US_ASCII));
        }
        return bytes.size();
    }

    @Test
    void renderingIsRepeatableAndDependsOnlyOnItsArguments() {
        BannerRenderer r = renderer();
        assertEquals(r.body("/a", "fr", true, "/a/b"), r.body("/a", "fr", true, "/a/b"));
        String first = r.preferencesFragment("", "en", Set.of("analytics"), true, "/");
        r.preferencesFragment("", "en", Set.of("marketing"), true, "/x");
        assertEquals(first, r.preferencesFragment("", "en", Set.of("analytics"), true, "/"));
        assertTrue(r.toString().contains("categories=[preferences, analytics, marketing]"), r.toString());
    }
}
