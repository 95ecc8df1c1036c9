package dev.cookiewarden.banner;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.ScaledTries;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;

/**
 * The streaming injectors as properties, with the real banner markup: however a page of
 * {@code html-corpus/} is cut into writes, through {@link InjectingWriter} or
 * {@link InjectingOutputStream}, the result is the page plus the head snippet and exactly one
 * banner, byte for byte, where {@link ReferenceInjectionPoints} puts them; and where the corpus
 * says jsoup builds the tree a browser does, the banner is the first child of {@code <body>} and
 * removing the injected nodes gives back the tree of the original page. A second property does
 * the same on pages made of random tokens, compared with the reference.
 *
 * <p>Unlike {@link HtmlInjectionFuzzTest}, a failure here is shrunk by jqwik to the fewest, largest
 * writes (and the shortest token page) that still fail, and reported with its seed. CI runs the
 * tries written below; {@code -Dcookiewarden.tries=N} runs N (see {@link ScaledTries}).
 */
@AddLifecycleHook(ScaledTries.class)
class InjectionChunkingPropertiesTest {
    /** The markup a real visitor without a choice gets. */
    private static final PageSnippets SNIPPETS;

    static {
        BannerRenderer renderer = BannerFixtures.renderer();
        SNIPPETS = new PageSnippets(renderer.head("", Set.of(), false, false), renderer.body("", "fr", true, "/"));
    }

    private static final List<CorpusPage> CORPUS = loadCorpus();

    /** A document of the corpus and what its line in {@code corpus.tsv} says. */
    record CorpusPage(String file, byte[] bytes, String text, boolean jsoup) {
        @Override
        public String toString() {
            return file;
        }
    }

    private static List<CorpusPage> loadCorpus() {
        List<CorpusPage> pages = new ArrayList<>();
        try {
            for (HtmlInjectionFuzzTest.Page p : HtmlInjectionFuzzTest.corpus().toList()) {
                byte[] bytes = resource(p.file());
                pages.add(new CorpusPage(p.file(), bytes, new String(bytes, UTF_8), p.jsoup()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(pages);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = InjectionChunkingPropertiesTest.class.getResourceAsStream("/html-corpus/" + name)) {
            if (in == null) {
                throw new IOException("no test resource html-corpus/" + name);
            }
            return in.readAllBytes();
        }
    }

    // ---- generators ----------------------------------------------------------------------------

    @Provide
    Arbitrary<CorpusPage> corpusPages() {
        return Arbitraries.of(CORPUS);
    }

    /**
     * Sizes of the successive writes, mostly small so that tags are cut, now and then large; what
     * is left when the list runs out goes in one write. Shrinks towards fewer writes.
     */
    @Provide
    Arbitrary<List<Integer>> writes() {
        Arbitrary<Integer> size = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.integers().between(1, 16)),
                Tuple.of(6, Arbitraries.integers().between(17, 300)),
                Tuple.of(1, Arbitraries.integers().between(301, 1 << 16)));
        return size.list().ofMaxSize(400);
    }

    private static IntSupplier inTurn(List<Integer> sizes) {
        Iterator<Integer> it = sizes.iterator();
        return () -> it.hasNext() ? it.next() : Integer.MAX_VALUE;
    }

    // ---- the corpus ----------------------------------------------------------------------------

    @Property(tries = 400)
    void corpusPageWrittenInAnyPiecesGetsOneBannerFirstInBody(@ForAll("corpusPages") CorpusPage page,
                                                             @ForAll("writes") List<Integer> writes,
                                                             @ForAll boolean throughStream) {
        String result = throughStream
                ? new String(Injections.throughStream(page.bytes(), SNIPPETS.head().getBytes(US_ASCII),
                        SNIPPETS.body().getBytes(US_ASCII), inTurn(writes)), UTF_8)
                : Injections.throughWriter(page.text(), SNIPPETS.head(), SNIPPETS.body(), inTurn(writes));
        Statistics.label("page").collect(page.file());

        assertEquals(Injections.expected(page.text(), SNIPPETS.head(), SNIPPETS.body()), result,
                "the page with the snippets where the reference puts them");
        ReferenceInjectionPoints.Points points = ReferenceInjectionPoints.find(page.text());
        assertEquals(page.text(), withoutSnippets(result, points), "the original, once the snippets are taken out");
        assertEquals(points.body() >= 0 ? 1 : 0, count(result, SNIPPETS.body()), "banners");
        if (page.jsoup() && points.body() >= 0) {
            assertOneBannerFirstInBodyAndTreeOtherwiseUnchanged(page, result.getBytes(UTF_8), points.head() >= 0);
        }
    }

    private static String withoutSnippets(String result, ReferenceInjectionPoints.Points points) {
        StringBuilder out = new StringBuilder(result);
        // The head snippet comes first in the page, so remove the body's first to keep indexes right.
        if (points.body() >= 0) {
            int shift = points.head() >= 0 && points.head() < points.body() ? SNIPPETS.head().length() : 0;
            int at = points.body() + shift;
            assertEquals(SNIPPETS.body(), out.substring(at, at + SNIPPETS.body().length()), "banner after <body>");
            out.delete(at, at + SNIPPETS.body().length());
        }
        if (points.head() >= 0) {
            assertEquals(SNIPPETS.head(), out.substring(points.head(), points.head() + SNIPPETS.head().length()),
                    "head snippet after <head>");
            out.delete(points.head(), points.head() + SNIPPETS.head().length());
        }
        return out.toString();
    }

    private static void assertOneBannerFirstInBodyAndTreeOtherwiseUnchanged(CorpusPage page, byte[] result,
                                                                            boolean headInjected) {
        Document injected = parse(result);
        Node first = injected.body().childNode(0);
        assertTrue(first instanceof Element e && e.id().equals("cw-root"), "first child of <body>: " + first);
        assertEquals(1, injected.select("#cw-root").size(), "banners in the tree");
        first.remove();
        if (headInjected) {
            List<Node> snippet = Jsoup.parse("<head>" + SNIPPETS.head() + "</head>").head().childNodes();
            for (int i = 0; i < snippet.size(); i++) {
                Node n = injected.head().childNode(0);
                assertEquals(snippet.get(i).outerHtml(), n.outerHtml(), "head snippet node " + i + " first in <head>");
                n.remove();
            }
        }
        assertEquals(parse(page.bytes()).outerHtml(), injected.outerHtml(),
                "the tree, without the injected nodes, is the original page's");
    }

    private static Document parse(byte[] html) {
        try {
            // From bytes, as a browser would: jsoup drops the byte order mark while decoding.
            return Jsoup.parse(new ByteArrayInputStream(html), "UTF-8", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- pages of random tokens -------------------------------------------------------------------

    /** Pieces that open, close or imitate what the scanner must tell apart. */
    static final List<String> TOKENS = List.of(
            "<", ">", "/", "!", "-", "--", "-->", "--!>", "<!--", "<!", "<?", "<![CDATA[", "]]>", "\"", "'", "=", " ",
            "\n", "\t", "a", "\u00e9", "\uD83C\uDF6A", "\u212A", "<head>", "<HEAD ", "</head>", "<body>", "<BODY ",
            "<body/>", "<bodyx>", "<tbody>", "<header>", "</body>", "<script>", "</script>", "</script", "<!-- <script>",
            "<style>", "</style>", "<title>", "</title>", "<textarea>", "</textarea>", "<template>", "</template>",
            "<noscript>", "</noscript>", "<p class=", " data-x=\"<body>\"", " a='>'", "<!DOCTYPE html>", "<plaintext>");

    @Provide
    Arbitrary<List<String>> tokenPages() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(60);
    }

    @Property(tries = 3000)
    void tokenPageWrittenInAnyPiecesMatchesTheReference(@ForAll("tokenPages") List<String> tokens,
                                                       @ForAll("writes") List<Integer> writes,
                                                       @ForAll boolean throughStream) {
        String page = String.join("", tokens);
        String expected = Injections.expected(page, SNIPPETS.head(), SNIPPETS.body());
        String result = throughStream
                ? new String(Injections.throughStream(page.getBytes(UTF_8), SNIPPETS.head().getBytes(US_ASCII),
                        SNIPPETS.body().getBytes(US_ASCII), inTurn(writes)), UTF_8)
                : Injections.throughWriter(page, SNIPPETS.head(), SNIPPETS.body(), inTurn(writes));
        Statistics.label("banner injected").collect(!expected.equals(page) && expected.contains(SNIPPETS.body()));
        assertEquals(expected, result);
        assertTrue(count(result, SNIPPETS.body()) <= 1 && count(result, SNIPPETS.head()) <= 1, "each snippet once at most");
    }

    // ---- writes cut where the scanner's fast path changes gear -------------------------------------

    /**
     * The tokens above and more of what the bulk scan skips over or stops at: long runs (searched
     * eight bytes at a time), quotes and dashes on their own, characters whose low byte is
     * {@code <} ({@code \u013C}, {@code \u3C00}, {@code \uFF1C}) and bytes at or above
     * {@code 0x80} right against tags.
     */
    private static final List<String> SKIP_TOKENS = Stream.concat(TOKENS.stream(), Stream.of("->", "]", "]]", "--!",
            "x".repeat(23), " ".repeat(9), "\u00e9".repeat(11), "\u013C", "\u3C00", "\uFF1C", "\u00BC", "\u00A0",
            "\u00e9<", "<\u00e9", "\u00e9>", "<p\u00e9 ", " a=\"\u00e9", "\u00e9\"", "'\u00e9", " b=c\u00e9", "<SCRIPT>",
            "</Script\n>", "<!-- x --", "<script><!--", "--></script>", "<xmp>", "</xmp>", "<a href=/x title='y'>", "</",
            "<averylongtagname")).toList();

    /** What can end a skipped run, or a tag name, in some state: where the writes are cut. */
    private static boolean mattersToTheScan(int unit) {
        return "<>-\"'=/ \n\t]!?".indexOf(unit) >= 0;
    }

    @Provide
    Arbitrary<List<String>> skipTokenPages() {
        return Arbitraries.of(SKIP_TOKENS).list().ofMaxSize(60);
    }

    /**
     * For each unit that matters to the scan, in turn: 0 leaves it inside a write, 1 makes it the
     * first unit of a write, 2 the last. Shrinks towards fewer cuts.
     */
    @Provide
    Arbitrary<List<Integer>> cutsAroundUnits() {
        return Arbitraries.integers().between(0, 2).list().ofMaxSize(200);
    }

    /** Write sizes that put the cuts the choices ask for around the units that matter. */
    private static List<Integer> writesCutAround(int[] units, List<Integer> choices) {
        List<Integer> sizes = new ArrayList<>();
        Iterator<Integer> choice = choices.iterator();
        int from = 0;
        for (int i = 0; i < units.length && choice.hasNext(); i++) {
            if (!mattersToTheScan(units[i])) {
                continue;
            }
            int c = choice.next();
            int cut = c == 1 ? i : c == 2 ? i + 1 : -1;
            if (cut > from) {
                sizes.add(cut - from);
                from = cut;
            }
        }
        return sizes; // the rest goes in one write
    }

    @Property(tries = 1500)
    void tokenPageCutAroundEveryUnitThatMattersMatchesTheReference(@ForAll("skipTokenPages") List<String> tokens,
                                                                   @ForAll("cutsAroundUnits") List<Integer> cuts,
                                                                   @ForAll boolean throughStream) {
        String page = String.join("", tokens);
        String expected = Injections.expected(page, SNIPPETS.head(), SNIPPETS.body());
        String result;
        if (throughStream) {
            byte[] bytes = page.getBytes(UTF_8);
            int[] units = new int[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                units[i] = bytes[i] & 0xFF;
            }
            result = new String(Injections.throughStream(bytes, SNIPPETS.head().getBytes(US_ASCII),
                    SNIPPETS.body().getBytes(US_ASCII), inTurn(writesCutAround(units, cuts))), UTF_8);
        } else {
            result = Injections.throughWriter(page, SNIPPETS.head(), SNIPPETS.body(),
                    inTurn(writesCutAround(page.chars().toArray(), cuts)));
        }
        Statistics.label("banner injected").collect(!expected.equals(page) && expected.contains(SNIPPETS.body()));
        assertEquals(expected, result);
    }

    private static int count(String text, String snippet) {
        int n = 0;
        for (int at = text.indexOf(snippet); at >= 0; at = text.indexOf(snippet, at + 1)) {
            n++;
        }
        return n;
    }
}
