package dev.cookiewarden.banner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.config.WardenConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AssetsTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void hashIsTheFirstTenCharactersOfTheUnpaddedBase64urlSha256() {
        // SHA-256("abc") = ba7816bf..., base64 "ungWv48Bz+pBQUDe...": '+' becomes '-' in base64url.
        assertEquals("ungWv48Bz-", Assets.hash(bytes("abc")));
        assertEquals(10, Assets.hash(new byte[0]).length());
    }

    @Test
    void namesCarryTheHashOfTheContentAndChangeWithIt() {
        Assets a = Assets.of(bytes(".cw{}"), bytes(".cw-prefs{}"), bytes("1;"));
        assertEquals("/assets/cw." + Assets.hash(bytes(".cw{}")) + ".css", a.cssPath());
        assertEquals("/assets/cw-prefs." + Assets.hash(bytes(".cw-prefs{}")) + ".css", a.prefsCssPath());
        assertEquals("/assets/cw." + Assets.hash(bytes("1;")) + ".js", a.scriptPath());

        Assets b = Assets.of(bytes(".cw{ }"), bytes(".cw-prefs{}"), bytes("1;"));
        assertNotEquals(a.cssPath(), b.cssPath(), "one more byte, a new name");
        assertEquals(a.prefsCssPath(), b.prefsCssPath());
        assertEquals(a.scriptPath(), b.scriptPath());
    }

    @Test
    void namesAreStableForOneConfigurationAndFollowItsChanges() {
        Assets first = Assets.of(AssetFixtures.conformance());
        Assets second = Assets.of(AssetFixtures.conformance());
        assertEquals(List.of(first.cssPath(), first.prefsCssPath(), first.scriptPath()),
                List.of(second.cssPath(), second.prefsCssPath(), second.scriptPath()));
        assertTrue(first.cssPath().matches("/assets/cw\\.[A-Za-z0-9_-]{10}\\.css"), first.cssPath());
        assertTrue(first.prefsCssPath().matches("/assets/cw-prefs\\.[A-Za-z0-9_-]{10}\\.css"), first.prefsCssPath());
        assertTrue(first.scriptPath().matches("/assets/cw\\.[A-Za-z0-9_-]{10}\\.js"), first.scriptPath());

        Assets changed = Assets.of(AssetFixtures.conformanceWith("cookie.fbp.path", "/ads"));
        assertNotEquals(first.scriptPath(), changed.scriptPath(), "the script holds the configuration");
        assertEquals(first.cssPath(), changed.cssPath());
        assertEquals(first.prefsCssPath(), changed.prefsCssPath());
    }

    @Test
    void gzipCopyInflatesToTheSameBytesAndIsDeterministic() throws IOException {
        byte[] data = bytes(Assets.resource("cw.css"));
        byte[] gz = Assets.gzip(data);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertArrayEquals(gz, Assets.gzip(data), "no timestamp in the header");
        assertEquals(gz.length, Assets.gzipSize(data));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL | false",
        "'' | false",
        "gzip | true",
        "GZip | true",
        "x-gzip | true",
        "gzip, deflate, br, zstd | true",
        "br;q=1.0, gzip;q=0.8, *;q=0.1 | true",
        "gzip;q=0 | false",
        "gzip; q=0.000 | false",
        "gzip;Q=0.001 | true",
        "gzip;q=1.000 | true",
        "gzip;q=1.5 | false",
        "gzip;q=abc | false",
        "identity | false",
        "br | false",
        "* | true",
        "*;q=0 | false",
        "*, gzip;q=0 | false",
        "gzip;q=0, * | false",
        "deflate, *;q=0.5 | true",
    })
    void acceptEncodingAllowsGzip(String header, boolean expected) {
        assertEquals(expected, Assets.acceptsGzip(header == null ? null
                : Collections.enumeration(List.of(header))));
    }

    @Test
    void acceptEncodingOverSeveralHeaderLinesIsOneList() {
        assertTrue(Assets.acceptsGzip(Collections.enumeration(List.of("br", "gzip"))));
        assertFalse(Assets.acceptsGzip(Collections.enumeration(List.of("gzip", "gzip;q=0"))));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "\"AbCdEf0123\" | true",
        "W/\"AbCdEf0123\" | true",
        "* | true",
        "\"other\", \"AbCdEf0123\" | true",
        "\"other\" | false",
        "\"AbCdEf0123-gzip\" | false",
        "AbCdEf0123 | false",
    })
    void ifNoneMatchComparesWeakly(String header, boolean expected) {
        assertEquals(expected, Assets.matches(Collections.enumeration(List.of(header)), "\"AbCdEf0123\""));
    }

    @Test
    void withoutIfNoneMatchNothingMatches() {
        assertFalse(Assets.matches(Collections.emptyEnumeration(), "\"AbCdEf0123\""));
        assertFalse(Assets.matches(null, "\"AbCdEf0123\""));
    }

    /** The return path of the measured page: a product page of a shop, with a query. */
    static final String BUDGET_PAGE = "/boutique/categorie/chaussures?page=2";

    /**
     * The requirement: the first layer, markup and the files it needs, is at most 4 KB on the wire.
     * That is, with the wire tests' configuration, for an undecided visitor in each language: the
     * markup the filter puts into a page (the head tags and the {@code #cw-root} element, gzipped
     * together, as they travel inside the page) plus {@code cw.css} and {@code cw.js}, each gzipped
     * as served. {@code cw-prefs.css} is left out: only the preference center loads it. The
     * figures are printed for the record (docs/BANNER.md quotes them).
     */
    @Test
    void theFirstLayerIsAtMost4KbGzipped() throws IOException {
        WardenConfig config = AssetFixtures.conformance();
        Assets assets = Assets.of(config);
        int css = Assets.gzipSize(bytes(Compactor.css(Assets.resource("cw.css"))));
        int script = Assets.gzipSize(GuardScript.of(config).bytes());
        int prefsCss = Assets.gzipSize(bytes(Compactor.css(Assets.resource("cw-prefs.css"))));
        assertEquals(css + script, assets.firstLayerGzipped(), "the sizes of what is served");
        BannerRenderer renderer = new BannerRenderer(config, assets.cssPath(), assets.prefsCssPath(), assets.scriptPath());
        Map<String, List<Integer>> rows = new LinkedHashMap<>();
        for (String lang : List.of("en", "fr")) {
            String markup = renderer.head("", Set.of(), false, false) + renderer.body("", lang, true, BUDGET_PAGE);
            int html = Assets.gzipSize(bytes(markup));
            int total = html + css + script;
            System.out.printf("first layer gzip [%s]: markup %d B + cw.css %d B + cw.js %d B = %d B of 4096"
                    + " (cw-prefs.css %d B, with the preference center)%n", lang, html, css, script, total, prefsCss);
            assertTrue(total <= 4096, lang + ": " + total + " bytes gzipped: markup " + html + ", cw.css " + css
                    + ", cw.js " + script);
            for (Object[] row : new Object[][] {{"markup", html}, {"cw.css", css}, {"cw.js", script},
                {"first layer", total}, {"cw-prefs.css", prefsCss}}) {
                rows.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((Integer) row[1]);
            }
        }
        assertEquals(rows, documentedPayload(), "the Payload table of docs/BANNER.md states the measured sizes");
    }

    /** The rows of the Payload table of docs/BANNER.md: first cell's leading words, then the two numbers. */
    private static Map<String, List<Integer>> documentedPayload() throws IOException {
        String doc = Files.readString(Path.of("docs/BANNER.md"), StandardCharsets.UTF_8);
        String section = doc.substring(doc.indexOf("## Payload"));
        Map<String, List<Integer>> rows = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\|\\W*([a-z.-]+(?: [a-z]+)?)[^|]*\\|\\W*(\\d+)\\W*\\|\\W*(\\d+)\\W*\\|$").matcher(section);
        while (m.find()) {
            rows.put(m.group(1), List.of(Integer.valueOf(m.group(2)), Integer.valueOf(m.group(3))));
        }
        return rows;
    }

    @Test
    void toStringNamesTheFilesAndTheirSizes() {
        String s = Assets.of(AssetFixtures.conformance()).toString();
        assertTrue(s.startsWith("Assets[/assets/cw.") && s.contains("B gzip"), s);
    }
}
