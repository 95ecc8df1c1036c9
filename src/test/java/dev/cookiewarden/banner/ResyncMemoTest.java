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
import java.io.StringWriter;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ResyncMemo}: a page whose head differs from a kept one in a few places gets, through an
 * {@link InjectingOutputStream} or an {@link InjectingWriter} ({@link Kind}), exactly the snippets'
 * places a scan from its first unit gives ({@link Injections#expected}, from
 * {@link ReferenceInjectionPoints}), and only the units around the differences are scanned. The property does it for random heads and random edits of them;
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

    /**
     * How a page reaches the injector: its UTF-8 bytes through an {@link InjectingOutputStream}, or
     * its characters through an {@link InjectingWriter}, written as a {@code char[]} or as a
     * {@code String}.
     */
    enum Kind {
        BYTES, CHARS, STRING;

        /** The page as this kind writes it: a {@code byte[]}, a {@code char[]} or the {@code String}. */
        Object units(String page) {
            return switch (this) {
                case BYTES -> page.getBytes(UTF_8);
                case CHARS -> page.toCharArray();
                case STRING -> page;
            };
        }

        /** How many units {@link #units} made. */
        int length(Object units) {
            return units instanceof String s ? s.length() : PageUnits.length(units);
        }

        /** The kind that keeps a layout for this one: characters kept from a {@code char[]} resync a {@code String} too. */
        Kind keeper() {
            return this == STRING ? CHARS : this;
        }
    }

    /**
     * The page through a new injector of {@code kind} using {@code memo}: the first {@code first}
     * units in one write, then the rest.
     */
    private static String through(ResyncMemo memo, Kind kind, String page, int first) {
        // A new ScanMemo each time: only the resync can spare a scan.
        return through(new ScanMemo(), memo, kind, page, first);
    }

    /** As above, with {@code scanMemo} for the memo of whole heads. */
    private static String through(ScanMemo scanMemo, ResyncMemo memo, Kind kind, String page, int first) {
        Object units = kind.units(page);
        int length = kind.length(units);
        int cut = Math.min(first, length);
        try {
            if (kind == Kind.BYTES) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (InjectingOutputStream stream = new InjectingOutputStream(out, SNIPPETS, scanMemo, memo)) {
                    stream.write((byte[]) units, 0, cut);
                    stream.write((byte[]) units, cut, length - cut);
                }
                return out.toString(UTF_8);
            }
            StringWriter out = new StringWriter();
            try (InjectingWriter writer = new InjectingWriter(out, SNIPPETS, scanMemo, memo)) {
                if (kind == Kind.CHARS) {
                    writer.write((char[]) units, 0, cut);
                    writer.write((char[]) units, cut, length - cut);
                } else {
                    writer.write(page, 0, cut);
                    writer.write(page, cut, length - cut);
                }
            }
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String through(ResyncMemo memo, Kind kind, String page) {
        return through(memo, kind, page, Integer.MAX_VALUE);
    }

    /** What a resync of {@code page}, written whole, found, and the resync itself. */
    private record Outcome(ReferenceInjectionPoints.Points points, ResyncMemo.Resync resync) {
    }

    /** Drives a resync of {@code page} against {@code memo} as the injector of {@code kind} does, or null when nothing is kept for it. */
    private static Outcome resync(ResyncMemo memo, Kind kind, String page) {
        Object units = kind.units(page);
        int length = kind.length(units);
        ResyncMemo.Resync resync = memo.start(units, 0, length);
        if (resync == null) {
            return null;
        }
        HtmlScanner scanner = new HtmlScanner();
        int head = -1;
        int body = -1;
        for (int i = 0; i < length && body < 0 && !scanner.isDone(); ) {
            i = resync.advance(scanner, i);
            if (scanner.reported() == HtmlScanner.Point.HEAD) {
                head = i;
            } else if (scanner.reported() == HtmlScanner.Point.BODY) {
                body = i;
            }
        }
        return new Outcome(new ReferenceInjectionPoints.Points(head, body), resync);
    }

    /**
     * Where the reference puts the points in the units of {@code kind}: in the page's characters,
     * or in its UTF-8 bytes, where a unit at or above 0x80 is text, whatever it encodes.
     */
    private static ReferenceInjectionPoints.Points points(Kind kind, String page) {
        return ReferenceInjectionPoints.find(kind == Kind.BYTES ? new String(page.getBytes(UTF_8), ISO_8859_1) : page);
    }

    /** A new memo that keeps the layout of {@code page}, written as {@code kind}'s keeper writes it. */
    private static ResyncMemo keeping(Kind kind, String page) {
        ResyncMemo memo = new ResyncMemo();
        assertEquals(Injections.expected(page, HEAD, BODY), through(memo, kind.keeper(), page));
        assertEquals(0, memo.kept(), "not kept after one scan");
        assertEquals(Injections.expected(page, HEAD, BODY), through(memo, kind.keeper(), page));
        assertEquals(1, memo.kept(), memo::toString);
        return memo;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void scannedWhenTwoPagesShareTheirLayoutThenKeptOnceAndEveryLaterTokenResyncsAfterAFewBytes(Kind kind) {
        ResyncMemo memo = new ResyncMemo();
        through(memo, kind.keeper(), page("a1b2c3d4e5f6a7b8", "Chaises"));
        through(memo, kind.keeper(), page("f0e1d2c3b4a59687", "Chaises"));
        assertEquals(1, memo.kept(), "kept at the second page of the layout, though the heads differ");

        for (String token : List.of("0123456789abcdef", "QQQQQQQQQQQQQQQQ")) {
            String page = page(token, "Chaises");
            Outcome outcome = resync(memo, kind, page);
            assertNotNull(outcome);
            assertEquals(points(kind, page), outcome.points(), token);
            assertTrue(outcome.resync().reachedBody(), outcome.resync()::toString);
            // Two places differ, each scanned from the copy before it to the next place the states agree.
            assertTrue(outcome.resync().scanned() <= 4 * ResyncMemo.STEP, outcome.resync()::toString);
            assertEquals(Injections.expected(page, HEAD, BODY), through(memo, kind, page));
        }
        assertEquals(1, memo.kept(), "a page that resyncs is not offered again");
    }

    /**
     * A page with a content-security-policy nonce on each of its {@code scripts} inline scripts,
     * the same nonce in each, as a CSP nonce is: its head differs from the kept one's in as many
     * places.
     */
    private static String noncedPage(String nonce, int scripts) {
        StringBuilder page = new StringBuilder(START).append("<title>Chaises</title>\n");
        for (int i = 0; i < scripts; i++) {
            page.append("<script nonce=\"").append(nonce).append("\">var part").append(i).append(" = '")
                    .append("x".repeat(80 + 7 * i)).append("';</script>\n");
        }
        return page.append("</head><body class=shop><p>Text</p></body></html>").toString();
    }

    /** Many places apart, each resynced after: the count of failed places starts again at each resume. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void advanceWhenANonceOnEveryScriptThenEachIsScannedAroundAndTheRestSkipped(Kind kind) {
        int scripts = 3 * ResyncMemo.CHECKS;
        ResyncMemo memo = keeping(kind, noncedPage("a1b2c3d4e5f6a7b8", scripts));
        for (String nonce : List.of("0123456789abcdef", "QQQQQQQQQQQQQQQQ")) {
            String page = noncedPage(nonce, scripts);
            Outcome outcome = resync(memo, kind, page);
            assertEquals(points(kind, page), outcome.points(), nonce);
            assertTrue(outcome.resync().reachedBody(), outcome.resync()::toString);
            // Each nonce is scanned from the copy before it to the copy after it, two at most apart.
            int head = ReferenceInjectionPoints.find(page).body();
            assertTrue(outcome.resync().scanned() <= scripts * 2 * ResyncMemo.STEP && outcome.resync().scanned() < head / 2,
                    outcome.resync() + " of a head of " + head);
            assertEquals(Injections.expected(page, HEAD, BODY), through(memo, kind, page));
        }
    }

    /**
     * A page with the kept start and points but other units all along gives up after {@value
     * ResyncMemo#CHECKS} places and is scanned on in one go: it costs a few comparisons, not one per place.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void advanceWhenTheUnitsDifferAllAlongThenGivesUpAfterTheCountOfPlaces(Kind kind) {
        String kept = noncedPage("a1b2c3d4e5f6a7b8", 3 * ResyncMemo.CHECKS);
        ResyncMemo memo = keeping(kind, kept);
        int body = ReferenceInjectionPoints.find(kept).body();
        String unlike = kept.substring(0, ResyncMemo.KEY_UNITS) + kept.substring(ResyncMemo.KEY_UNITS, body).toUpperCase()
                .replace("<BODY", "<body") + kept.substring(body);
        Object units = kind.units(unlike);
        int length = kind.length(units);
        ResyncMemo.Resync resync = memo.start(units, 0, length);
        assertNotNull(resync);
        HtmlScanner scanner = new HtmlScanner();
        int calls = 0;
        int bodyAt = -1;
        for (int i = 0; i < length && bodyAt < 0; calls++) {
            i = resync.advance(scanner, i);
            if (scanner.reported() == HtmlScanner.Point.BODY) {
                bodyAt = i;
            }
        }
        assertEquals(points(kind, unlike).body(), bodyAt);
        assertFalse(resync.reachedBody(), resync::toString);
        assertTrue(calls <= ResyncMemo.CHECKS + 2, calls + " calls, " + resync);
        assertTrue(resync.scanned() > body - 2 * ResyncMemo.STEP, resync::toString);
    }

    /**
     * The injector itself resyncs: a page that reaches the body by a resync is not told to the
     * memo of whole heads, so the same page twice is kept there only when the injector scanned it.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void injectorWhenThePageResyncsToTheBodyThenNotToldToTheMemoOfWholeHeads(Kind kind) {
        String page = page("0123456789abcdef", "Chaises");
        ScanMemo wholeHeads = new ScanMemo();
        ResyncMemo memo = keeping(kind, page("a1b2c3d4e5f6a7b8", "Chaises"));
        for (int i = 0; i < 2; i++) {
            assertEquals(Injections.expected(page, HEAD, BODY), through(wholeHeads, memo, kind, page, Integer.MAX_VALUE));
        }
        assertEquals(0, wholeHeads.kept(), "resynced, never scanned whole");
        for (int i = 0; i < 2; i++) {
            assertEquals(Injections.expected(page, HEAD, BODY), through(wholeHeads, new ResyncMemo(), kind, page,
                    Integer.MAX_VALUE));
        }
        assertEquals(1, wholeHeads.kept(), "scanned whole twice without the kept layout, and kept");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void advanceWhenTheDifferenceOpensACommentOrATemplateOrMovesTheBodyThenThePointsOfAScan(Kind kind) {
        String kept = page("a1b2c3d4e5f6a7b8", "Chaises");
        ResyncMemo memo = keeping(kind, kept);
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
            Outcome outcome = resync(memo, kind, page);
            assertNotNull(outcome, page);
            assertEquals(points(kind, page), outcome.points(), page);
            assertEquals(Injections.expected(page, HEAD, BODY), through(memo, kind, page), page);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void advanceWhenTheFirstWriteEndsBeforeTheBodyThenTheRestIsScannedInTheNextWrite(Kind kind) {
        String kept = page("a1b2c3d4e5f6a7b8", "Chaises");
        ResyncMemo memo = keeping(kind, kept);
        String page = page("0123456789abcdef", "Chaises");
        int body = ReferenceInjectionPoints.find(page).body();
        for (int first : new int[] {ResyncMemo.KEY_UNITS, 100, body - 1, body, body + 1}) {
            assertEquals(Injections.expected(page, HEAD, BODY), through(memo, kind, page, first), "first write " + first);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void startWhenThePageStartsOtherwiseOrIsShortThenNoResync(Kind kind) {
        ResyncMemo memo = keeping(kind, page("a1b2c3d4e5f6a7b8", "Chaises"));
        String other = page("a1b2c3d4e5f6a7b8", "Chaises").replace("lang=fr", "lang=en");
        assertNull(resync(memo, kind, other), "another start chooses another set, or nothing kept in it");
        assertNull(memo.start(kind.units(page("a1b2c3d4e5f6a7b8", "Chaises")), 0, ResyncMemo.KEY_UNITS - 1));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void scannedWhenBodyTooEarlyOrTooLateThenNotKept(Kind kind) {
        ResyncMemo memo = new ResyncMemo();
        String early = START + "</head><body><p>Text</p></body>";
        String late = START + "<style>" + "x".repeat(ResyncMemo.MAX_PREFIX) + "</style></head><body></body>";
        for (String page : List.of(early, late)) {
            through(memo, kind, page);
            through(memo, kind, page);
        }
        assertEquals(0, memo.kept(), memo::toString);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void scannedWhenManyLayoutsThenBoundedAndTheLatestKept(Kind kind) {
        ResyncMemo memo = new ResyncMemo();
        for (int layout = 0; layout < 3 * ResyncMemo.WAYS; layout++) {
            String page = page("a1b2c3d4e5f6a7b8", "x".repeat(layout + 1));
            through(memo, kind, page);
            through(memo, kind, page);
        }
        assertEquals(ResyncMemo.WAYS, memo.kept(), "one set, full, as the pages all start alike");
        String latest = page("0123456789abcdef", "x".repeat(3 * ResyncMemo.WAYS));
        assertTrue(resync(memo, kind, latest).resync().reachedBody());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void scannedWhenLayoutKeptAlreadyThenNotKeptAgain(Kind kind) {
        ResyncMemo memo = keeping(kind, page("a1b2c3d4e5f6a7b8", "Chaises"));
        // The same start and points, and bytes that cannot resync: every letter after the start in upper case.
        String kept = page("a1b2c3d4e5f6a7b8", "Chaises");
        int body = ReferenceInjectionPoints.find(kept).body();
        String unlike = kept.substring(0, ResyncMemo.KEY_UNITS) + kept.substring(ResyncMemo.KEY_UNITS, body).toUpperCase()
                + kept.substring(body);
        assertEquals(ReferenceInjectionPoints.find(kept), ReferenceInjectionPoints.find(unlike));
        Outcome outcome = resync(memo, kind, unlike);
        assertFalse(outcome.resync().reachedBody(), outcome.resync()::toString);
        assertEquals(points(kind, unlike), outcome.points());
        through(memo, kind, unlike);
        through(memo, kind, unlike);
        assertEquals(1, memo.kept(), memo::toString);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void advanceWhenManyThreadsShareTheMemoThenEveryPageInjectedAsScanned(Kind kind) throws Exception {
        ResyncMemo memo = new ResyncMemo();
        List<Integer> wrongs = Concurrently.run(8, thread -> () -> {
            int wrong = 0;
            for (int i = 0; i < 1_000; i++) {
                // Twelve layouts (titles), a new token on every page, the first write cut anywhere.
                String page = page(Integer.toHexString(0x10000000 + thread * 10_000 + i).repeat(2), "Titre " + (i % 12));
                if (!Injections.expected(page, HEAD, BODY).equals(through(memo, kind, page, 64 + i % 700))) {
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
                                                              @ForAll @IntRange(min = 1, max = 4000) int firstWrite,
                                                              @ForAll Kind kind) {
        String tokens = String.join("", head);
        int half = between(tokens, tokens.length() / 2);
        String kept = START + "<title>Titre</title>" + tokens.substring(0, half)
                + "<meta name=description content=\"" + "x".repeat(150) + "\">" + tokens.substring(half)
                + "<body class=shop><p>Texte</p></body>";
        ResyncMemo memo = new ResyncMemo();
        through(memo, kind.keeper(), kept);
        through(memo, kind.keeper(), kept);
        Statistics.label("kept").collect(memo.kept() == 1);

        String page = edited(kept, edits);
        Outcome outcome = resync(memo, kind, page);
        if (outcome != null) {
            assertEquals(points(kind, page), outcome.points(), outcome.resync()::toString);
        }
        Statistics.label("resync").collect(outcome == null ? "none" : outcome.resync().reachedBody() ? "reached the body"
                : "scanned on");
        String expected = Injections.expected(page, HEAD, BODY);
        String result = through(memo, kind, page, firstWrite);
        assertEquals(expected, result, () -> "the page " + visible(page) + " written in " + firstWrite
                + " units (" + kind + ") and the rest, like the kept " + visible(kept) + " gets " + visible(result));
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
        ResyncMemo memo = keeping(Kind.BYTES, page("a1b2c3d4e5f6a7b8", "Chaises"));
        assertEquals("ResyncMemo[1 of 64 prefixes kept]", memo.toString());
        assertFalse(resync(memo, Kind.BYTES, page("a1b2c3d4e5f6a7b8", "Chaises")).resync().toString().isEmpty());
    }
}
