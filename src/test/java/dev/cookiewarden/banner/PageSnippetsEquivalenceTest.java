package dev.cookiewarden.banner;

import static dev.cookiewarden.banner.BannerFixtures.CSS;
import static dev.cookiewarden.banner.BannerFixtures.PREFS_CSS;
import static dev.cookiewarden.banner.BannerFixtures.SCRIPT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.config.WardenConfigParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The precomputed page snippets are byte for byte what the renderer produced before they were
 * precomputed ({@link LegacyPageMarkup}), for every configuration, language, consent state,
 * context path and return path here, paths needing escaping and URL-encoding included.
 */
class PageSnippetsEquivalenceTest {
    private static final List<String> CONTEXT_PATHS = List.of("", "/shop", "/a b", "/x&y", "/caf\u00e9",
            "/<script>", "/q\"uo'te", "/ctl\u0001\u007f\u0085", "/tab\tnl\n", "/emoji\ud83c\udf6a", "/lone\ud800",
            "/amp&amp;");
    private static final List<String> RETURN_PATHS = Arrays.asList(null, "/", "/fr/salon",
            "/shop/produit?id=3&tri=prix", "/a\"b'<c>d", "/caf\u00e9?q=\u00e9t\u00e9", "/%41?x=%25&y=+",
            "/emoji/\ud83d\ude00", "/lone\udc00x", "/ctl\u0007\u009f", "/tab\tnl\n\r", "/plus+space here",
            "/?return=%2Fa&b=c#frag", "/\u00ff\u0100\uffff", "");
    private static final List<Set<String>> GRANTS = List.of(Set.of(), Set.of("analytics"),
            Set.of("marketing", "analytics", "necessary", "unknown"), Set.of("preferences", "analytics", "marketing"),
            Set.of("necessary"));
    private static final List<String> LANGUAGES = Arrays.asList("fr", "en", "de", "FR", "", null);

    static Stream<Arguments> configurations() {
        List<Arguments> all = new ArrayList<>();
        all.add(Arguments.of("shop", BannerFixtures.config()));
        all.add(Arguments.of("no settings link", BannerFixtures.config("banner.settings-link", "false")));
        all.add(Arguments.of("policy url", BannerFixtures.config("banner.policy-url",
                "https://exemple.fr/confidentialit%C3%A9?a=1&b=2")));
        all.add(Arguments.of("other prefix", BannerFixtures.config("endpoint.prefix", "/cw-consent")));
        all.add(Arguments.of("texts with markup", BannerFixtures.config(
                "text.banner-title.fr", "Cookies & <vous> \"ok\" 'oui' \ud83c\udf6a",
                "text.accept-all.en", "Accept <all> & \u00e9", "text.settings-link.fr", "R\u00e9glages \u2699",
                "text.details-link.en", "Details \"here\"")));
        Properties german = BannerFixtures.shop();
        german.setProperty("languages", "fr,en,de");
        german.setProperty("language.default", "en");
        for (String key : german.stringPropertyNames()) {
            if (key.endsWith(".en") && (key.startsWith("category.") || key.startsWith("cookie."))) {
                german.setProperty(key.substring(0, key.length() - 3) + ".de", "Deutsch: " + german.getProperty(key)
                        + " \u00e4\u00f6\u00fc <&>");
            }
        }
        german.setProperty("text.banner-title.de", "\u00dcber Cookies");
        all.add(Arguments.of("language without built-in texts", WardenConfigParser.parse(german)));
        Properties p = new Properties();
        p.setProperty("languages", "en");
        p.setProperty("categories", "necessary");
        p.setProperty("category.necessary.required", "true");
        p.setProperty("category.necessary.label.en", "Necessary");
        p.setProperty("category.necessary.description.en", "Needed");
        all.add(Arguments.of("only required cookies", WardenConfigParser.parse(p)));
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void snippetsAreByteForByteTheLegacyMarkup(String name, WardenConfig config) {
        BannerRenderer renderer = new BannerRenderer(config, CSS, PREFS_CSS, SCRIPT);
        LegacyPageMarkup legacy = new LegacyPageMarkup(config, CSS, SCRIPT);
        int compared = 0;
        for (String context : CONTEXT_PATHS) {
            for (String returnPath : RETURN_PATHS) {
                for (String language : LANGUAGES) {
                    for (Set<String> granted : GRANTS) {
                        for (boolean decided : new boolean[] {false, true}) {
                            for (boolean gpc : new boolean[] {false, true}) {
                                check(renderer, legacy, context, language, granted, decided, gpc, returnPath);
                                compared++;
                            }
                        }
                    }
                }
            }
        }
        assertEquals(CONTEXT_PATHS.size() * RETURN_PATHS.size() * LANGUAGES.size() * GRANTS.size() * 4, compared);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void randomPathsGiveTheLegacyMarkup(String name, WardenConfig config) {
        BannerRenderer renderer = new BannerRenderer(config, CSS, PREFS_CSS, SCRIPT);
        LegacyPageMarkup legacy = new LegacyPageMarkup(config, CSS, SCRIPT);
        Random random = new Random(name.hashCode());
        for (int i = 0; i < 2_000; i++) {
            String context = randomPath(random);
            String returnPath = random.nextInt(5) == 0 ? null : randomPath(random);
            check(renderer, legacy, context, random.nextBoolean() ? "fr" : "en", GRANTS.get(random.nextInt(GRANTS.size())),
                    random.nextBoolean(), random.nextBoolean(), returnPath);
        }
    }

    /** Mostly path characters, with every kind that needs escaping or encoding mixed in. */
    private static String randomPath(Random random) {
        String alphabet = "/abcXYZ019-._~?=&#%+ <>\"'\t\n\r\u0000\u001f\u007f\u0080\u009f\u00a0\u00e9\u20ac"
                + "\ud83c\udf6a\ud800\udc00";
        StringBuilder out = new StringBuilder("/");
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private static void check(BannerRenderer renderer, LegacyPageMarkup legacy, String context, String language,
                              Set<String> granted, boolean decided, boolean gpc, String returnPath) {
        String expectedHead = legacy.head(context, granted, decided, gpc);
        String expectedBody = legacy.body(context, language, !decided, returnPath);
        String where = "context [" + context + "], language [" + language + "], granted " + granted + ", decided "
                + decided + ", gpc " + gpc + ", return [" + returnPath + "]";
        PageSnippets snippets = renderer.snippets(context, language, granted, decided, gpc, returnPath);
        assertArrayEquals(expectedHead.getBytes(StandardCharsets.US_ASCII), snippets.headBytes(), where);
        assertArrayEquals(expectedBody.getBytes(StandardCharsets.US_ASCII), snippets.bodyBytes(), where);
        assertEquals(expectedHead, snippets.head(), where);
        assertEquals(expectedBody, snippets.body(), where);
        assertEquals(new PageSnippets(expectedHead, expectedBody), snippets, where);
        assertEquals(expectedHead, renderer.head(context, granted, decided, gpc), where);
        assertEquals(expectedBody, renderer.body(context, language, !decided, returnPath), where);
        assertTrue(Html.isAscii(expectedHead) && Html.isAscii(expectedBody), where);
        checkUtf8Form(snippets, where);
    }

    /**
     * The UTF-8 form has the same head, and a body an HTML parser reads as the same tree: only
     * character references became the characters they name, so it is never longer.
     */
    private static void checkUtf8Form(PageSnippets snippets, String where) {
        PageSnippets utf8 = snippets.forUtf8();
        assertSame(utf8, utf8.forUtf8(), where);
        assertArrayEquals(snippets.headBytes(), utf8.headBytes(), where);
        String body = new String(utf8.bodyBytes(), StandardCharsets.UTF_8);
        assertEquals(body, utf8.body(), where);
        assertTrue(utf8.bodyBytes().length <= snippets.bodyBytes().length, where);
        assertEquals(Jsoup.parseBodyFragment(snippets.body()).body().outerHtml(),
                Jsoup.parseBodyFragment(body).body().outerHtml(), where);
        if (Html.isAscii(body)) {
            assertSame(snippets, utf8, "nothing to keep as text, nothing to hold twice: " + where);
        }
    }
}
