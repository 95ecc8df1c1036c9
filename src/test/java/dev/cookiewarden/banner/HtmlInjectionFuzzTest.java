package dev.cookiewarden.banner;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The injectors against {@link ReferenceInjectionPoints}, a whole-page reference written
 * differently, over the real-looking pages of {@code html-corpus/} and over random and mutated
 * pages, each cut into random pieces: however a page is written, the output is the same as when
 * it is written at once, it is the page with the snippets where the reference puts them, and each
 * snippet is there at most once. Where the corpus says so, jsoup parses the result and must find
 * the snippets as the first children of {@code <head>} and {@code <body>}. Seeded: a failure
 * names the seed that reproduces it.
 */
class HtmlInjectionFuzzTest {
    private static final String HEAD = "<meta name=\"cw-head\" content=\"1\">";
    private static final String BODY = "<div id=\"cw-banner\" hidden></div>";
    private static final int CHUNKINGS_PER_PATH = 120;

    /** One line of {@code html-corpus/corpus.tsv}. */
    record Page(String file, String afterHead, String afterBody, boolean jsoup) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Page> corpus() throws IOException {
        List<Page> pages = new ArrayList<>();
        for (String line : new String(resource("corpus.tsv"), UTF_8).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            pages.add(new Page(f[0], f[1], f[2], f[3].equals("yes")));
        }
        return pages.stream();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = HtmlInjectionFuzzTest.class.getResourceAsStream("/html-corpus/" + name)) {
            if (in == null) {
                throw new IOException("no test resource html-corpus/" + name);
            }
            return in.readAllBytes();
        }
    }

    /** Mostly 1 to 64, now and then anything up to 64 KiB. */
    private static IntSupplier pieceSizes(Random random) {
        return () -> random.nextInt(16) == 0 ? 1 + random.nextInt(1 << 16) : 1 + random.nextInt(64);
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void injectWhenCorpusPageWrittenInRandomPiecesThenSameAsReference(Page page) throws IOException {
        byte[] bytes = resource(page.file());
        String text = new String(bytes, UTF_8);
        assertArrayEquals(bytes, text.getBytes(UTF_8), "the corpus is UTF-8");

        // The reference against what a person read in the page.
        ReferenceInjectionPoints.Points points = ReferenceInjectionPoints.find(text);
        assertInsertedAfter(text, points.head(), page.afterHead(), "head");
        assertInsertedAfter(text, points.body(), page.afterBody(), "body");

        String expected = Injections.expected(text, HEAD, BODY);
        String once = Injections.throughWriter(text, HEAD, BODY, Injections.whole());
        assertEquals(expected, once, "writer, one write");
        byte[] onceBytes = Injections.throughStream(bytes, HEAD.getBytes(US_ASCII), BODY.getBytes(US_ASCII), Injections.whole());
        assertArrayEquals(expected.getBytes(UTF_8), onceBytes, "stream, one write");
        assertTrue(count(once, HEAD) <= 1 && count(once, BODY) <= 1);

        long seed = page.file().hashCode();
        Random random = new Random(seed);
        for (int i = 0; i < CHUNKINGS_PER_PATH; i++) {
            assertEquals(once, Injections.throughWriter(text, HEAD, BODY, pieceSizes(random)),
                    "writer, chunking " + i + " of seed " + seed);
            assertArrayEquals(onceBytes, Injections.throughStream(bytes, HEAD.getBytes(US_ASCII), BODY.getBytes(US_ASCII),
                    pieceSizes(random)), "stream, chunking " + i + " of seed " + seed);
        }

        if (page.jsoup()) {
            assertJsoupFindsSnippetsFirst(onceBytes, points);
        }
    }

    private static void assertInsertedAfter(String text, int point, String after, String what) {
        if (after.equals("-")) {
            assertEquals(-1, point, "no " + what + " insertion expected");
        } else {
            assertTrue(point >= 0, "a " + what + " insertion expected");
            assertTrue(text.startsWith(after, point - after.length()),
                    what + " insertion expected after [" + after + "], found after ["
                            + text.substring(Math.max(0, point - 60), point) + "]");
        }
    }

    private static void assertJsoupFindsSnippetsFirst(byte[] html, ReferenceInjectionPoints.Points points)
            throws IOException {
        // From bytes, as a browser would: jsoup drops the byte order mark while decoding.
        Document doc = Jsoup.parse(new ByteArrayInputStream(html), "UTF-8", "");
        if (points.head() >= 0) {
            Node first = doc.head().childNode(0);
            assertTrue(first instanceof Element e && e.attr("name").equals("cw-head"), "first in <head>: " + first);
        }
        if (points.body() >= 0) {
            Node first = doc.body().childNode(0);
            assertTrue(first instanceof Element e && e.id().equals("cw-banner"), "first in <body>: " + first);
        }
        assertEquals(points.head() >= 0 ? 1 : 0, doc.select("meta[name=cw-head]").size());
        assertEquals(points.body() >= 0 ? 1 : 0, doc.select("#cw-banner").size());
    }

    // ---- random pages ----

    /** Pieces that open, close or fake the constructs the scanner must get right. */
    private static final String[] TOKENS = {
        "<", ">", "/", "!", "-", "--", "-->", "--!>", "<!--", "<!", "<?", "?>", "<![CDATA[", "]]>", "]",
        "\"", "'", "=", " ", "\n", "\t", "\r\n", "\f", "a", "x", "3", "\u017F", "\u212A", "\u00e9", "\uD83C\uDF6A",
        "\u00a0", "\uFEFF", "<head", "<HEAD", "<head>", "<head>", "</head>", "<body", "<BODY", "<Body ", "<body>",
        "<body>", "<body/>", "</body>", "<header>", "<bodyx>", "<tbody>", "<script>", "<script", "<SCRIPT>",
        "</script>", "</script", "</SCRIPT ", "</scr", "ipt>", "script", "<style>", "</style>", "<textarea>",
        "</textarea>", "<title>", "</title>", "<xmp>", "</xmp>", "<iframe>", "</iframe>", "<noembed>", "</noembed>",
        "<noframes>", "</noframes>", "<noscript>", "</noscript>", "<template>", "</template>", "<TEMPLATE ", "<div",
        "<p>", " class=", " a=b", " t=\"", " s='", "<!DOCTYPE html>", "</", "</ ", "<a href=/x/>",
    };

    private static String randomPage(Random random) {
        StringBuilder page = new StringBuilder();
        int tokens = random.nextInt(80);
        for (int i = 0; i < tokens; i++) {
            page.append(TOKENS[random.nextInt(TOKENS.length)]);
        }
        if (random.nextInt(50) == 0) {
            page.insert(random.nextInt(page.length() + 1), "<plaintext>");
        }
        return page.toString();
    }

    @Test
    void injectWhenRandomPagesWrittenInRandomPiecesThenSameAsReference() {
        Random random = new Random(20250601);
        for (int i = 0; i < 3000; i++) {
            assertAgreesWithReference(randomPage(random), random, "random page " + i);
        }
    }

    @Test
    void injectWhenCorpusPagesMutatedThenSameAsReference() throws IOException {
        List<String> pages = new ArrayList<>();
        for (Page page : corpus().toList()) {
            pages.add(new String(resource(page.file()), UTF_8));
        }
        Random random = new Random(42);
        for (int i = 0; i < 1500; i++) {
            String page = pages.get(random.nextInt(pages.size()));
            int from = random.nextInt(page.length());
            StringBuilder window = new StringBuilder(page.substring(from, Math.min(page.length(), from + 1 + random.nextInt(3000))));
            for (int m = random.nextInt(6); m > 0 && window.length() > 0; m--) {
                int at = random.nextInt(window.length());
                int end = Math.min(window.length(), at + random.nextInt(24));
                switch (random.nextInt(3)) {
                    case 0 -> window.delete(at, end);
                    case 1 -> window.insert(at, window.substring(at, end));
                    default -> window.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                }
            }
            assertAgreesWithReference(window.toString(), random, "mutation " + i);
        }
    }

    private static void assertAgreesWithReference(String page, Random random, String what) {
        String expected = Injections.expected(page, HEAD, BODY);
        String viaWriter = Injections.throughWriter(page, HEAD, BODY, pieceSizes(random));
        assertEquals(expected, viaWriter, () -> what + ", writer: " + javaString(page));
        byte[] viaStream = Injections.throughStream(page.getBytes(UTF_8), HEAD.getBytes(US_ASCII), BODY.getBytes(US_ASCII),
                pieceSizes(random));
        assertArrayEquals(expected.getBytes(UTF_8), viaStream, () -> what + ", stream: " + javaString(page));
        assertTrue(count(viaWriter, HEAD) - count(page, HEAD) <= 1 && count(viaWriter, BODY) - count(page, BODY) <= 1,
                what);
    }

    private static int count(String text, String snippet) {
        int n = 0;
        for (int at = text.indexOf(snippet); at >= 0; at = text.indexOf(snippet, at + 1)) {
            n++;
        }
        return n;
    }

    /** The page as a Java literal, to paste into a unit test. */
    private static String javaString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        return out.append('"').toString();
    }
}
