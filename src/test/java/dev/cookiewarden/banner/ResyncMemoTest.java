package dev.cookiewarden.banner;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.Concurrently;
import dev.cookiewarden.ScaledTries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * {@link ResyncMemo}: a page whose head differs from a kept one in a few places gets, through an
 * {@link InjectingOutputStream}, exactly the snippets' places a scan from its first byte gives
 * ({@link Injections#expected}, from {@link ReferenceInjectionPoints}), and only the bytes around
 * the differences are scanned. The property does it for random heads and random edits of them;
 * {@code -Dcookiewarden.tries=N} runs N (see {@link ScaledTries}).
 */
@AddLifecycleHook(ScaledTries.class)
class ResyncMemoTest {
    private static final String HEAD = "<link rel=stylesheet href=/cw.css>";
    private static final String BODY = "<div id=cw-banner></div>";
    private static final PageSnippets SNIPPETS = new PageSnippets(HEAD, BODY);
    /** The same first 64 bytes for every page here, as the pages of one site have. */
    private static final String START = "<!DOCTYPE html><html lang=fr><head><meta charset=utf-8>"
            + "<meta name=viewport content=\"width=device-width\">";

    private static String page(String token, String title) {
        return START + "<title>" + title + "</title>"
                + "<meta name=csrf-token content=\"" + token + "\">"
                + "<link rel=stylesheet href=\"/assets/app.css\">"
                + "<script nonce=\"" + token + "\">if (a < b) { document.write('<body>'); }</script>"
                + "<style>.x{color:red}</style>" + "<meta name=description content=\"" + "x".repeat(120) + "\">"
                + "</head><BODY class=\"shop\"><h1>" + title + "</h1><p>Text</p></body></html>";
    }

    /** The page through a new injector using {@code memo}: the first {@code first} bytes in one write, then the rest. */
    private static String through(ResyncMemo memo, String page, int first) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = page.getBytes(UTF_8);
        int cut = Math.min(first, bytes.length);
        // A new ScanMemo each time: only the resync can spare a scan.
        try (InjectingOutputStream stream = new InjectingOutputStream(out, SNIPPETS, new ScanMemo(), memo)) {
            stream.write(bytes, 0, cut);
            stream.write(bytes, cut, bytes.length - cut);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(UTF_8);
    }

    private static String through(ResyncMemo memo, String page) {
        return through(memo, page, Integer.MAX_VALUE);
    }

    /** What a resync of {@code page}, written whole, found, and the resync itself. */
    private record Outcome(ReferenceInjectionPoints.Points points, ResyncMemo.Resync resync) {
    }

    /** Drives a resync of {@code page} against {@code memo} as the injector does, or null when nothing is kept for it. */
    private static Outcome resync(ResyncMemo memo, String page) {
        byte[] b = page.getBytes(UTF_8);
        ResyncMemo.Resync resync = memo.start(b, 0, b.length);
        if (resync == null) {
            return null;
        }
        HtmlScanner scanner = new HtmlScanner();
        int head = -1;
        int body = -1;
        for (int i = 0; i < b.length && body < 0 && !scanner.isDone(); ) {
            i = resync.advance(scanner, i);
            if (scanner.reported() == HtmlScanner.Point.HEAD) {
                head = i;
            } else if (scanner.reported() == HtmlScanner.Point.BODY) {
                body = i;
            }
        }
        return new Outcome(new ReferenceInjectionPoints.Points(head, body), resync);
    }

    /** Where the reference puts the points in the page's UTF-8 bytes: a unit at or above 0x80 is text, whatever it encodes. */
    private static ReferenceInjectionPoints.Points bytePoints(String page) {
        return ReferenceInjectionPoints.find(new String(page.getBytes(UTF_8), ISO_8859_1));
    }

    /** A new memo that keeps the layout of {@code page}. */
    private static ResyncMemo keeping(String page) {
        ResyncMemo memo = new ResyncMemo();
        assertEquals(Injections.expected(page, HEAD, BODY), through(memo, page));
        assertEquals(0, memo.kept(), "not kept after one scan");
        assertEquals(Injections.expected(page, HEAD, BODY), through(memo, page));
        assertEquals(1, memo.kept(), memo::toString);
        return memo;
    }

    @Test
    void scannedWhenTwoPagesShareTheirLayoutThenKeptOnceAndEveryLaterTokenResyncsAfterAFewBytes() {
        ResyncMemo memo = new ResyncMemo();
        through(memo, page("a1b2c3d4e5f6a7b8", "Chaises"));
        through(memo, page("f0e1d2c3b4a59687", "Chaises"));
        assertEquals(1, memo.kept(), "kept at the second page of the layout, though the heads differ");

        for (String token : List.of("0123456789abcdef", "QQQQQQQQQQQQQQQQ")) {
            String page = page(token, "Chaises");
            Outcome outcome = resync(memo, page);
            assertNotNull(outcome);
            assertEquals(bytePoints(page), outcome.points(), token);
            assertTrue(outcome.resync().reachedBody(), outcome.resync()::toString);
            // Two places differ, each scanned from the copy before it to the next place the states agree.
            assertTrue(outcome.resync().scanned() <= 4 * ResyncMemo.STEP, outcome.resync()::toString);
            assertEquals(Injections.expected(page, HEAD, BODY), through(memo, page));
        }
        assertEquals(1, memo.kept(), "a page that resyncs is not offered again");
    }

    @Test
    void advanceWhenTheDifferenceOpensACommentOrATemplateOrMovesTheBodyThenThePointsOfAScan() {
        String kept = page("a1b2c3d4e5f6a7b8", "Chaises");
        ResyncMemo memo = keeping(kept);
        List<String> pages = List.of(
                // A comment opened in the token swallows the rest, the body start tag included.
                page("<!--c3d4e5f6a7b8", "Chaises"),
                // The same length, but the script's end tag is hidden by an escape.
                page("a1b2c3d4e5f6a7b8", "Chaises").replace("if (a < b)", "<!--<script>"),
                // A token that ends its attribute value and opens a comment in the next tag.
                page("<body>\"'--><!--", "Chaises"),
                // A template opened: the body start tag after it is inert.
                kept.replace("<link rel=stylesheet href=\"/assets/app.css\">", "<template rel=x href=\"/app.css\">"),
                // Longer and shorter heads: the rest of the bytes moved.
                page("a1b2c3d4e5f6a7b8a1b2", "Chaises"), page("a1b2", "Chaises"),
                page("a1b2c3d4e5f6a7b8", "Tables et chaises"),
                // The body start tag itself changed.
                kept.replace("<BODY class=\"shop\">", "<BODX class=\"shop\">"));
        for (String page : pages) {
            Outcome outcome = resync(memo, page);
            assertNotNull(outcome, page);
            assertEquals(bytePoints(page), outcome.points(), page);
            assertEquals(Injections.expected(page, HEAD, BODY), through(memo, page), page);
        }
    }

    @Test
    void advanceWhenTheFirstWriteEndsBeforeTheBodyThenTheRestIsScannedInTheNextWrite() {
        String kept = page("a1b2c3d4e5f6a7b8", "Chaises");
        ResyncMemo memo = keeping(kept);
        String page = page("0123456789abcdef", "Chaises");
        int body = ReferenceInjectionPoints.find(page).body();
        for (int first : new int[] {ResyncMemo.KEY_UNITS, 100, body - 1, body, body + 1}) {
            assertEquals(Injections.expected(page, HEAD, BODY), through(memo, page, first), "first write " + first);
        }
    }

    @Test
    void startWhenThePageStartsOtherwiseOrIsShortThenNoResync() {
        ResyncMemo memo = keeping(page("a1b2c3d4e5f6a7b8", "Chaises"));
        String other = page("a1b2c3d4e5f6a7b8", "Chaises").replace("lang=fr", "lang=en");
        assertNull(resync(memo, other), "another start chooses another set, or nothing kept in it");
        byte[] b = page("a1b2c3d4e5f6a7b8", "Chaises").getBytes(UTF_8);
        assertNull(memo.start(b, 0, ResyncMemo.KEY_UNITS - 1));
    }

    @Test
    void scannedWhenBodyTooEarlyOrTooLateThenNotKept() {
        ResyncMemo memo = new ResyncMemo();
        String early = START + "</head><body><p>Text</p></body>";
        String late = START + "<style>" + "x".repeat(ResyncMemo.MAX_PREFIX) + "</style></head><body></body>";
        for (String page : List.of(early, late)) {
            through(memo, page);
            through(memo, page);
        }
        assertEquals(0, memo.kept(), memo::toString);
    }

    @Test
    void scannedWhenManyLayoutsThenBoundedAndTheLatestKept() {
        ResyncMemo memo = new ResyncMemo();
        for (int layout = 0; layout < 3 * ResyncMemo.WAYS; layout++) {
            String page = page("a1b2c3d4e5f6a7b8", "x".repeat(layout + 1));
            through(memo, page);
            through(memo, page);
        }
        assertEquals(ResyncMemo.WAYS, memo.kept(), "one set, full, as the pages all start alike");
        String latest = page("0123456789abcdef", "x".repeat(3 * ResyncMemo.WAYS));
        assertTrue(resync(memo, latest).resync().reachedBody());
    }

    @Test
    void scannedWhenLayoutKeptAlreadyThenNotKeptAgain() {
        ResyncMemo memo = keeping(page("a1b2c3d4e5f6a7b8", "Chaises"));
        // The same start and points, and bytes that cannot resync: every letter after the start in upper case.
        String kept = page("a1b2c3d4e5f6a7b8", "Chaises");
        int body = ReferenceInjectionPoints.find(kept).body();
        String unlike = kept.substring(0, ResyncMemo.KEY_UNITS) + kept.substring(ResyncMemo.KEY_UNITS, body).toUpperCase()
                + kept.substring(body);
        assertEquals(ReferenceInjectionPoints.find(kept), ReferenceInjectionPoints.find(unlike));
        Outcome outcome = resync(memo, unlike);
        assertFalse(outcome.resync().reachedBody(), outcome.resync()::toString);
        assertEquals(bytePoints(unlike), outcome.points());
        through(memo, unlike);
        through(memo, unlike);
        assertEquals(1, memo.kept(), memo::toString);
    }

    @Test
    void advanceWhenManyThreadsShareTheMemoThenEveryPageInjectedAsScanned() throws Exception {
        ResyncMemo memo = new ResyncMemo();
        List<Integer> wrongs = Concurrently.run(8, thread -> () -> {
            int wrong = 0;
            for (int i = 0; i < 1_000; i++) {
                // Twelve layouts (titles), a new token on every page, the first write cut anywhere.
                String page = page(Integer.toHexString(0x10000000 + thread * 10_000 + i).repeat(2), "Titre " + (i % 12));
                if (!Injections.expected(page, HEAD, BODY).equals(through(memo, page, 64 + i % 700))) {
                    wrong++;
                }
            }
            return wrong;
        });
        for (int wrong : wrongs) {
            assertEquals(0, wrong);
        }
        assertTrue(memo.kept() > 0, memo::toString);
        assertTrue(memo.kept() <= ResyncMemo.SETS * ResyncMemo.WAYS, memo::toString);
    }

    // ---- the property ----------------------------------------------------------------------------

    /** An edit of a kept page: at a share of its length after the first 64 bytes, some units replaced by others. */
    record Edit(double at, int removed, String inserted) {
    }

    /** What heads are made of, whole: the kept pages mostly have a body start tag the scanner finds. */
    private static final List<String> HEAD_PIECES = List.of("<meta name=x content=\"y\">", "<link rel=icon href=/i.svg>",
            "<script>var a = 1 < 2;</script>", "<style>p{}</style>", "<!-- note -->", "<title>T</title>", "text", " ",
            "\n", "<script nonce=\"abc\">x()</script>", "<noscript><img src=x></noscript>", "<base href=/>",
            "<meta property='og:t' content='<body>'>", "<![CDATA[x]]>", "<?xml x?>", "<template><body></template>",
            "<script><!-- document.write('<script></script>') --></script>", "<p class=a>", "</p>");

    @Provide
    Arbitrary<List<String>> heads() {
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(HEAD_PIECES)),
                Tuple.of(1, Arbitraries.of(InjectionChunkingPropertiesTest.TOKENS))).list().ofMaxSize(40);
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<String> tokens = Arbitraries.of(InjectionChunkingPropertiesTest.TOKENS).list().ofMaxSize(3)
                .map(list -> String.join("", list));
        Arbitrary<String> letters = Arbitraries.strings().withChars("abcXYZ0189").ofMaxLength(24);
        return Combinators.combine(Arbitraries.doubles().between(0, 1), Arbitraries.integers().between(0, 24),
                Arbitraries.oneOf(tokens, letters)).as(Edit::new).list().ofMaxSize(4);
    }

    @Property(tries = 2000)
    void pageLikeAKeptOneGetsThePointsOfAScanFromItsFirstByte(@ForAll("heads") List<String> head,
                                                              @ForAll("edits") List<Edit> edits,
                                                              @ForAll @IntRange(min = 1, max = 4000) int firstWrite) {
        String tokens = String.join("", head);
        int half = between(tokens, tokens.length() / 2);
        String kept = START + "<title>Titre</title>" + tokens.substring(0, half)
                + "<meta name=description content=\"" + "x".repeat(150) + "\">" + tokens.substring(half)
                + "<body class=shop><p>Texte</p></body>";
        ResyncMemo memo = new ResyncMemo();
        through(memo, kept);
        through(memo, kept);
        Statistics.label("kept").collect(memo.kept() == 1);

        String page = edited(kept, edits);
        Outcome outcome = resync(memo, page);
        if (outcome != null) {
            assertEquals(bytePoints(page), outcome.points(), outcome.resync()::toString);
        }
        Statistics.label("resync").collect(outcome == null ? "none" : outcome.resync().reachedBody() ? "reached the body"
                : "scanned on");
        String expected = Injections.expected(page, HEAD, BODY);
        String result = through(memo, page, firstWrite);
        assertEquals(expected, result, () -> "the page " + visible(page) + " written in " + firstWrite
                + " bytes and the rest, like the kept " + visible(kept) + " gets " + visible(result));
    }

    /** {@code page} with the edits made in turn, each after the start that chooses the set. */
    private static String edited(String page, List<Edit> edits) {
        String edited = page;
        for (Edit edit : edits) {
            int at = between(edited, START.length() + (int) (edit.at() * (edited.length() - START.length())));
            edited = edited.substring(0, at) + edit.inserted()
                    + edited.substring(between(edited, Math.min(edited.length(), at + edit.removed())));
        }
        return edited;
    }

    /** {@code at}, or the index before it when it would cut a surrogate pair (which UTF-8 cannot encode cut). */
    private static int between(String text, int at) {
        return at > 0 && at < text.length() && Character.isLowSurrogate(text.charAt(at)) ? at - 1 : at;
    }

    /** The text on one line, for a report: line ends and tabs as escapes. */
    private static String visible(String text) {
        return text.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
    }

    /**
     * The resync is only as right as the scanner's copies: a field that {@link HtmlScanner#resumeFrom}
     * and {@link HtmlScanner#sameStateAs} do not know of would make two scanners look alike that
     * are not. A new field fails here until both take it.
     */
    @Test
    void copyWhenScannerHasTheseFieldsThenEveryOneIsCopiedAndCompared() {
        List<String> fields = Arrays.stream(HtmlScanner.class.getDeclaredFields())
                .filter(f -> !Modifier.isStatic(f.getModifiers())).map(Field::getName).sorted().toList();
        assertEquals(List.of("endTag", "headReported", "matched", "name", "nameLength", "rawName", "rawReturn",
                "reported", "state", "tagId", "templateDepth"), fields,
                "a field of HtmlScanner that resumeFrom and sameStateAs must take");

        // Through comments, a script with its escapes, raw text, attributes and the body tag.
        byte[] page = ("<!--c--><!DOCTYPE html>" + page("a1b2c3d4e5f6a7b8", "Chaises")
                .replace("if (a < b)", "<!-- <script> x </script> -->")).getBytes(UTF_8);
        HtmlScanner scanner = new HtmlScanner();
        for (int i = 0; i < page.length; i++) {
            HtmlScanner copy = scanner.copy();
            assertTrue(copy.sameStateAs(scanner) && scanner.sameStateAs(copy), "before unit " + i);
            assertEquals(scanner.feed(page[i] & 0xFF), copy.feed(page[i] & 0xFF), "unit " + i);
            assertTrue(copy.sameStateAs(scanner), "a copy goes on as the original, after unit " + i);
        }
        assertTrue(scanner.isDone(), scanner::toString);
    }

    @Test
    void toStringWhenKeptThenSaysHowMany() {
        ResyncMemo memo = keeping(page("a1b2c3d4e5f6a7b8", "Chaises"));
        assertEquals("ResyncMemo[1 of 64 prefixes kept]", memo.toString());
        assertFalse(resync(memo, page("a1b2c3d4e5f6a7b8", "Chaises")).resync().toString().isEmpty());
    }
}
