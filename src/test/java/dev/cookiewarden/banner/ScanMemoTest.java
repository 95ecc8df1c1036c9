package dev.cookiewarden.banner;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.Concurrently;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanMemoTest {
    private static final String HEAD = "<link rel=stylesheet href=/cw.css>";
    private static final String BODY = "<div id=cw-banner></div>";
    /** Long enough to be kept: the body start tag comes after the first 256 bytes. */
    private static final String META = "<meta name=description content=\"" + "x".repeat(300) + "\">";

    private static String page(String title, String beforeBody) {
        return "<!DOCTYPE html><html lang=fr><head><meta charset=utf-8>" + META + "<title>" + title + "</title>"
                + "<script>if (a < b) { document.write('<body>'); }</script>" + beforeBody
                + "</head><BODY class=\"shop\"><h1>" + title + "</h1><p>Text</p></body></html>";
    }

    /** The page through a new injector using {@code memo}, written as one write, then as {@code rest}. */
    private static String through(ScanMemo memo, PageSnippets snippets, String page, int... pieces) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = page.getBytes(UTF_8);
        try (InjectingOutputStream stream = new InjectingOutputStream(out, snippets, memo, new ResyncMemo())) {
            int at = 0;
            for (int piece : pieces) {
                stream.write(bytes, at, piece);
                at += piece;
            }
            stream.write(bytes, at, bytes.length - at);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(UTF_8);
    }

    private static String through(ScanMemo memo, String page) {
        return through(memo, new PageSnippets(HEAD, BODY), page);
    }

    /** Scans {@code page} twice, after which {@code memo} keeps its head if it can. */
    private static void seenTwice(ScanMemo memo, String page) {
        through(memo, page);
        through(memo, page);
    }

    /** A new memo that keeps the head of {@code page}. */
    private static ScanMemo keeping(String page) {
        ScanMemo memo = new ScanMemo();
        seenTwice(memo, page);
        assertEquals(1, memo.kept(), memo::toString);
        return memo;
    }

    /**
     * The page through a new writer injector using {@code memo}: first {@code pieces} as a
     * {@code char[]}, then the rest, as a {@code String} when {@code asString}, else as a {@code char[]}.
     */
    private static String throughWriter(ScanMemo memo, PageSnippets snippets, String page, boolean asString,
            int... pieces) {
        StringWriter out = new StringWriter();
        char[] chars = page.toCharArray();
        try (InjectingWriter writer = new InjectingWriter(out, snippets, memo, new ResyncMemo())) {
            int at = 0;
            for (int piece : pieces) {
                writer.write(chars, at, piece);
                at += piece;
            }
            if (asString) {
                writer.write(page, at, page.length() - at);
            } else {
                writer.write(chars, at, chars.length - at);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String throughWriter(ScanMemo memo, String page, boolean asString) {
        return throughWriter(memo, new PageSnippets(HEAD, BODY), page, asString);
    }

    @Test
    void findWhenSamePageScannedTwiceThenKeptAndTheThirdTimeNotScannedButInjectedAlike() {
        ScanMemo memo = new ScanMemo();
        String page = page("Chaises", "");
        String expected = Injections.expected(page, HEAD, BODY);
        byte[] bytes = page.getBytes(UTF_8);

        assertEquals(expected, through(memo, page));
        assertEquals(0, memo.kept(), "not kept after one scan");
        assertEquals(expected, through(memo, page));
        assertEquals(1, memo.kept(), "kept after the second");

        ScanMemo.Points points = memo.find(bytes, 0, bytes.length);
        assertNotNull(points);
        ReferenceInjectionPoints.Points reference = ReferenceInjectionPoints.find(page);
        assertEquals(reference.head(), points.head());
        assertEquals(reference.body(), points.body());
        assertEquals(expected, through(memo, page), "from the memo");
        // At an offset inside a larger array, too.
        byte[] shifted = ("12345" + page).getBytes(UTF_8);
        assertEquals(points, memo.find(shifted, 5, bytes.length));
    }

    @Test
    void findWhenPageDiffersAfterTheKeyBytesThenNoFalseHit() {
        String kept = page("Chaises", "");
        ScanMemo memo = keeping(kept);
        // The same first bytes, then a comment that hides the body start tag the kept page has:
        // a memo that trusted its key would put the banner inside the comment.
        String hidden = kept.replace("</head><BODY", "</head><!--<BODY").replace("<h1>", "--><body><h1>");
        assertEquals(kept.substring(0, ScanMemo.KEY_UNITS), hidden.substring(0, ScanMemo.KEY_UNITS));
        byte[] bytes = hidden.getBytes(UTF_8);
        assertNull(memo.find(bytes, 0, bytes.length));
        String expected = Injections.expected(hidden, HEAD, BODY);
        assertTrue(expected.contains("--><body>" + BODY), expected);
        assertEquals(expected, through(memo, hidden));
        // One byte changed anywhere in the prefix is enough.
        String retitled = kept.replace("<title>Chaises", "<title>Chaisez");
        byte[] retitledBytes = retitled.getBytes(UTF_8);
        assertNull(memo.find(retitledBytes, 0, retitledBytes.length));
        assertEquals(Injections.expected(retitled, HEAD, BODY), through(memo, retitled));
    }

    @Test
    void scannedWhenHeadCarriesPerRequestContentThenNeverKept() {
        ScanMemo memo = new ScanMemo();
        for (int i = 0; i < 200; i++) {
            String page = page("Chaises", "<meta name=csrf content=token" + i + ">");
            assertEquals(Injections.expected(page, HEAD, BODY), through(memo, page));
        }
        assertEquals(0, memo.kept(), "a prefix seen once is never copied");
    }

    @Test
    void scannedWhenBodyTooEarlyOrTooLateThenNotKept() {
        ScanMemo memo = new ScanMemo();
        String early = "<html><head><title>t</title></head><body>short</body></html>";
        String late = page("Chaises", "<style>" + "p{}".repeat(ScanMemo.MAX_PREFIX / 3) + "</style>");
        for (int i = 0; i < 3; i++) {
            assertEquals(Injections.expected(early, HEAD, BODY), through(memo, early));
            assertEquals(Injections.expected(late, HEAD, BODY), through(memo, late));
        }
        assertEquals(0, memo.kept());
    }

    @Test
    void findWhenFirstWriteEndsInsideTheKeptPrefixThenScanned() {
        String page = page("Chaises", "");
        ScanMemo memo = keeping(page);
        int bodyPoint = ReferenceInjectionPoints.find(page).body();
        byte[] bytes = page.getBytes(UTF_8);
        assertNull(memo.find(bytes, 0, bodyPoint - 1));
        String expected = Injections.expected(page, HEAD, BODY);
        assertEquals(expected, through(memo, new PageSnippets(HEAD, BODY), page, bodyPoint - 1));
        assertEquals(expected, through(memo, new PageSnippets(HEAD, BODY), page, ScanMemo.KEY_UNITS));
        // A later write never consults the memo: only a page's first bytes are a prefix.
        assertEquals(expected, through(memo, new PageSnippets(HEAD, BODY), page, 1, bytes.length - 1 - 10));
    }

    @Test
    void findWhenOnlyOneSnippetThenTakenAsTheScanWould() {
        String page = page("Chaises", "");
        ScanMemo memo = keeping(page);
        byte[] bytes = page.getBytes(UTF_8);
        assertNotNull(memo.find(bytes, 0, bytes.length));
        assertEquals(Injections.expected(page, HEAD, null), through(memo, new PageSnippets(HEAD, ""), page));
        assertEquals(Injections.expected(page, null, BODY), through(memo, new PageSnippets("", BODY), page));
        assertEquals(page, through(memo, new PageSnippets("", ""), page));
        // A page without a head start tag: the body point only.
        String headless = page.replace("<head>", "");
        seenTwice(memo, headless);
        byte[] headlessBytes = headless.getBytes(UTF_8);
        ScanMemo.Points points = memo.find(headlessBytes, 0, headlessBytes.length);
        assertNotNull(points);
        assertEquals(-1, points.head());
        assertEquals(Injections.expected(headless, HEAD, BODY), through(memo, headless));
    }

    @Test
    void keptWhenManyPagesThenBoundedAndTheLatestKept() {
        ScanMemo memo = new ScanMemo();
        for (int i = 0; i < 1_000; i++) {
            seenTwice(memo, page("Page " + i, ""));
            assertTrue(memo.kept() <= ScanMemo.SETS * ScanMemo.WAYS, memo::toString);
        }
        // These pages share their first bytes, so they share a set: the last few are kept.
        assertEquals(ScanMemo.WAYS, memo.kept());
        byte[] last = page("Page 999", "").getBytes(UTF_8);
        assertNotNull(memo.find(last, 0, last.length));
        byte[] first = page("Page 0", "").getBytes(UTF_8);
        assertNull(memo.find(first, 0, first.length));
        // Pages that differ within their first bytes spread over the sets.
        ScanMemo spread = new ScanMemo();
        for (int i = 0; i < 1_000; i++) {
            seenTwice(spread, "<!-- " + i + " -->" + page("Page", ""));
        }
        assertTrue(spread.kept() > ScanMemo.WAYS, spread::toString);
        assertTrue(spread.kept() <= ScanMemo.SETS * ScanMemo.WAYS, spread::toString);
    }

    @Test
    void findWhenManyThreadsShareTheMemoThenEveryPageInjectedAsScanned() throws Exception {
        ScanMemo memo = new ScanMemo();
        assertEveryPageInjectedAsScanned(memo, "", (page, i) -> through(memo, page));
    }

    /** A page written by the {@code i}-th request of a thread, through the memo under test. */
    private interface Through {
        String page(String page, int i);
    }

    /**
     * Eight threads send twelve pages (titled with {@code titleSuffix}) through {@code memo}, 2,000
     * each: every page comes out as scanned, and the memo keeps some, within its bound.
     */
    private static void assertEveryPageInjectedAsScanned(ScanMemo memo, String titleSuffix, Through through)
            throws Exception {
        List<String> pages = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            // Half share their first units (one set), half do not; one in three hides its body tag.
            String page = (i % 2 == 0 ? "" : "<!-- " + i + " -->") + page("Page " + i + titleSuffix, "");
            pages.add(i % 3 == 0 ? page.replace("</head><BODY", "</head><!--<BODY").replace("<h1>", "--><body><h1>")
                    : page);
        }
        List<String> expected = pages.stream().map(p -> Injections.expected(p, HEAD, BODY)).toList();
        List<Integer> wrongs = Concurrently.run(8, seed -> () -> {
            int wrong = 0;
            for (int i = 0; i < 2_000; i++) {
                int k = (i * 7 + seed) % pages.size();
                if (!expected.get(k).equals(through.page(pages.get(k), i + seed))) {
                    wrong++;
                }
            }
            return wrong;
        });
        for (int wrong : wrongs) {
            assertEquals(0, wrong);
        }
        assertTrue(memo.kept() > 0, memo::toString);
        assertTrue(memo.kept() <= ScanMemo.SETS * ScanMemo.WAYS, memo::toString);
    }

    @Test
    void findWhenSameCharactersWrittenTwiceThenKeptAndFoundAsCharsOrString() {
        ScanMemo memo = new ScanMemo();
        // Not ASCII before the body: character offsets are not byte offsets.
        String page = page("Chaises — été", "<meta name=author content=\"Hélène\">");
        String expected = Injections.expected(page, HEAD, BODY);

        assertEquals(expected, throughWriter(memo, page, false));
        assertEquals(0, memo.kept(), "not kept after one scan");
        assertEquals(expected, throughWriter(memo, page, true));
        assertEquals(1, memo.kept(), "kept after the second, written as a string the second time");

        ReferenceInjectionPoints.Points reference = ReferenceInjectionPoints.find(page);
        ScanMemo.Points points = memo.find(page.toCharArray(), 0, page.length());
        assertNotNull(points);
        assertEquals(reference.head(), points.head());
        assertEquals(reference.body(), points.body());
        assertEquals(points, memo.find(page, 0, page.length()));
        assertEquals(points, memo.find("12345" + page, 5, page.length()));
        assertEquals(points, memo.find(("12345" + page).toCharArray(), 5, page.length()));
        assertEquals(expected, throughWriter(memo, page, false), "from the memo, as chars");
        assertEquals(expected, throughWriter(memo, page, true), "from the memo, as a string");
        // Kept as characters only: the same page's bytes are not found, nor the other way round.
        byte[] bytes = page.getBytes(UTF_8);
        assertNull(memo.find(bytes, 0, bytes.length));
        ScanMemo bytesMemo = keeping(page);
        assertNull(bytesMemo.find(page, 0, page.length()));
        assertNull(bytesMemo.find(page.toCharArray(), 0, page.length()));
    }

    @Test
    void findWhenCharactersDifferAfterTheKeyThenNoFalseHit() {
        String kept = page("Chaises", "");
        ScanMemo memo = new ScanMemo();
        throughWriter(memo, kept, false);
        throughWriter(memo, kept, false);
        assertEquals(1, memo.kept());
        String hidden = kept.replace("</head><BODY", "</head><!--<BODY").replace("<h1>", "--><body><h1>");
        assertNull(memo.find(hidden, 0, hidden.length()));
        assertNull(memo.find(hidden.toCharArray(), 0, hidden.length()));
        String expected = Injections.expected(hidden, HEAD, BODY);
        assertTrue(expected.contains("--><body>" + BODY), expected);
        assertEquals(expected, throughWriter(memo, hidden, true));
        assertEquals(expected, throughWriter(memo, hidden, false));
        // One character changed anywhere in the prefix is enough, even one that is not ASCII.
        for (String changed : new String[] {kept.replace("<title>Chaises", "<title>Chaisez"),
                kept.replace("<title>Chaises", "<title>Chaisés")}) {
            assertNull(memo.find(changed, 0, changed.length()));
            assertNull(memo.find(changed.toCharArray(), 0, changed.length()));
            assertEquals(Injections.expected(changed, HEAD, BODY), throughWriter(memo, changed, true));
        }
    }

    @Test
    void scannedWhenCharactersCarryPerRequestContentThenNeverKept() {
        ScanMemo memo = new ScanMemo();
        for (int i = 0; i < 200; i++) {
            String page = page("Chaises", "<meta name=csrf content=token" + i + ">");
            assertEquals(Injections.expected(page, HEAD, BODY), throughWriter(memo, page, i % 2 == 0));
        }
        assertEquals(0, memo.kept(), "a prefix seen once is never copied");
    }

    @Test
    void findWhenFirstCharacterWriteEndsInsideTheKeptPrefixOrSnippetsAreMissingThenInjectedAsScanned() {
        String page = page("Chaises", "");
        ScanMemo memo = new ScanMemo();
        throughWriter(memo, page, false);
        throughWriter(memo, page, false);
        int bodyPoint = ReferenceInjectionPoints.find(page).body();
        assertNull(memo.find(page, 0, bodyPoint - 1));
        PageSnippets both = new PageSnippets(HEAD, BODY);
        String expected = Injections.expected(page, HEAD, BODY);
        assertEquals(expected, throughWriter(memo, both, page, true, bodyPoint - 1));
        assertEquals(expected, throughWriter(memo, both, page, false, ScanMemo.KEY_UNITS));
        assertEquals(expected, throughWriter(memo, both, page, true, 1, page.length() - 1 - 10));
        // From the memo with one snippet or none, taken as the scan would.
        assertNotNull(memo.find(page, 0, page.length()));
        assertEquals(Injections.expected(page, HEAD, null), throughWriter(memo, new PageSnippets(HEAD, ""), page, true));
        assertEquals(Injections.expected(page, null, BODY), throughWriter(memo, new PageSnippets("", BODY), page, false));
        assertEquals(page, throughWriter(memo, new PageSnippets("", ""), page, true));
        // A page without a head start tag: the body point only.
        String headless = page.replace("<head>", "");
        throughWriter(memo, headless, true);
        throughWriter(memo, headless, false);
        ScanMemo.Points points = memo.find(headless, 0, headless.length());
        assertNotNull(points);
        assertEquals(-1, points.head());
        assertEquals(Injections.expected(headless, HEAD, BODY), throughWriter(memo, headless, true));
    }

    @Test
    void findWhenManyThreadsShareTheCharacterMemoThenEveryPageInjectedAsScanned() throws Exception {
        ScanMemo memo = new ScanMemo();
        assertEveryPageInjectedAsScanned(memo, " — é", (page, i) -> throughWriter(memo, page, i % 2 == 0));
    }
}
