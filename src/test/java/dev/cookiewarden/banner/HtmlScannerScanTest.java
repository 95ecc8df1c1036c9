package dev.cookiewarden.banner;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@link HtmlScanner}'s bulk {@code scan} methods, which skip the code units that cannot change
 * its state, against {@link OriginalHtmlScanner}, the state machine fed one unit at a time: for
 * bytes, chars and strings, cut into pieces at every position, around every unit that matters and
 * at random, the same points are reported after the same units, and after every piece every field
 * of the scanner holds what the original's holds. Seeded: a failure names the seed and the page.
 */
class HtmlScannerScanTest {
    /** Every field of the scanners' state, by name: the two classes declare the same ones. */
    private static final String[] FIELDS = {"state", "endTag", "name", "nameLength", "tagId", "rawName", "rawReturn",
            "matched", "templateDepth", "headReported"};

    /** Pieces that open, close, imitate or cut what the scanner must tell apart. */
    private static final String[] TOKENS = {"<", ">", "/", "!", "-", "--", "->", "-->", "--!>", "<!--", "<!---",
            "<!", "<?", "<![CDATA[", "]", "]]", "]]>", "\"", "'", "=", " ", "\n", "\t", "\f", "\r", "a", "x", "b",
            "\u00e9", "\uD83C\uDF6A", "\u212A", "\u013C", "\u00BC", "\uFF1C", "\u3C00", "\u00A0", "\u0100",
            "<head>", "<HEAD ", "</head>", "<body>", "<BODY ", "<body/>", "<bodyx>", "<tbody>", "<header>", "</body>",
            "<script>", "</script>", "</script", "</SCRIPT ", "<!-- <script>", "<script ", "</scrip", "<style>",
            "</style>", "<title>", "</title>", "<textarea>", "</textarea>", "<xmp>", "</xmp>", "<template>",
            "</template>", "<noscript>", "<p class=", " data-x=\"<body>\"", " a='>'", " b=c", " d=e>", "<a href=x/ ",
            "<!DOCTYPE html>", "<plaintext>", "<averyveryverylongtagname ", "=\"", "='"};

    /** The units some state does not skip: a piece ending or starting at one is what matters. */
    private static final String SIGNIFICANT = "<>/!-?[]\"'= \n\t\f\rsS";

    @Test
    void scanWhenTokenPagesCutAnywhereThenSameAsFeedingEveryUnit() {
        Random seeds = new Random(20261130L);
        for (int n = 0; n < 400; n++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            String page = tokenPage(random, 1 + random.nextInt(40));
            String what = "seed " + seed + ", page " + escape(page);
            assertSameAsOriginal(page, chunkings(random, page), what);
        }
    }

    @Test
    void scanWhenEveryTwoPieceCutOfKnownPagesThenSameAsFeedingEveryUnit() {
        String[] pages = {
            "<!doctype html><html><head><title>t</title></head><body class=\"a\">x",
            "<!-- <body> --><!----><!--><!---><!-- a -- b --!> <body>",
            "<script>if (a < b && c <!-- d) {} '</scr' + 'ipt>'; <!-- <script></script> --></script><body>",
            "<script><!-- x <script> y </script> z --> </SCRIPT\t><body>",
            "<style>p::before { content: '<body>' }</style ><textarea><body></textarea/><body>",
            "<p a=\"<body>\" b='>' c=<body> d = \"x\"e>' \u00e9\u013c\u00bc<body\f>",
            "<![CDATA[ <body> ] ]] ]]]> <?x <body ?><!x><body>",
            "<template><head><body></template></template><head><body/>",
            "\u00e9t\u00e9 <\u00e9> <\u00bc> \uD83C\uDF6A<b\u00d6dy><body>",
            "<head data-a=\"\u013c\u3c00\uff1c\"><averylongtagname-with-more><body\n>",
        };
        for (String page : pages) {
            List<List<int[]>> cuts = new ArrayList<>();
            for (int cut = 0; cut <= page.length(); cut++) {
                cuts.add(List.of(new int[] {0, cut}, new int[] {cut, page.length()}));
            }
            assertSameAsOriginal(page, cuts, "page " + escape(page));
        }
    }

    @Test
    void scanWhenRandomBytesCutAnywhereThenSameAsFeedingEveryByte() {
        // Raw bytes, not UTF-8: every value, and those the eight-at-a-time search could confuse.
        byte[] alphabet = {'<', '>', '-', '"', '\'', ']', '=', ';', ',', '\\', '\\' ^ 1, (byte) ('<' ^ 0x80), (byte) ('-' ^ 0x80),
                0, 1, 0x7F, (byte) 0x80, (byte) 0x81, (byte) 0xFF, 'b', 'o', 'd', 'y', 's', 'c', 'r', 'i', 'p', 't',
                '!', '[', '/', ' ', '\n', 'C', 'D', 'A', 'T'};
        Random seeds = new Random(6265L);
        for (int n = 0; n < 200; n++) {
            long seed = seeds.nextLong();
            Random random = new Random(seed);
            StringBuilder page = new StringBuilder();
            for (int i = random.nextInt(300); i > 0; i--) {
                if (random.nextInt(4) == 0) {
                    page.append(TOKENS[random.nextInt(TOKENS.length)]);
                } else {
                    page.append((char) (random.nextInt(3) == 0 ? random.nextInt(256) : alphabet[random.nextInt(alphabet.length)] & 0xFF));
                }
            }
            // Chars 0..255 as bytes, one to one.
            String latin1 = page.toString().chars().map(c -> c & 0xFF)
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
            assertSameAsOriginal(latin1, chunkings(random, latin1), "seed " + seed + ", page " + escape(latin1));
        }
    }

    @Test
    void scanWhenLongRunsBetweenSignificantUnitsThenSkippedAndSame() {
        // Runs longer than a word in every skipping state, with the unit that ends them at each offset.
        String[] runs = {"x", "\u00e9", "<\u00e9", "-x", "]x", "'x", "\"x"};
        String[] openers = {"", "<!--", "<script>", "<!--x<script>", "<style>", "<p a=\"", "<p a='", "<p a=", "<?",
            "<![CDATA[", "<script><!--", "<script><!--<script>", "<p ", "<p a", "<p a ", "<p a= "};
        String[] closers = {"-->", "</script>", "</style>", "\"", "'", ">", "]]>", "-->", " ", "=", "<body>"};
        for (String opener : openers) {
            for (String run : runs) {
                for (int length : new int[] {0, 1, 6, 7, 8, 9, 16, 17, 33}) {
                    for (String closer : closers) {
                        String page = opener + run.repeat(length) + closer + "<body>";
                        int middle = opener.length() + run.length() * length / 2;
                        assertSameAsOriginal(page, List.of(List.of(new int[] {0, page.length()}),
                                List.of(new int[] {0, middle}, new int[] {middle, page.length()})), escape(page));
                    }
                }
            }
        }
    }

    @Test
    void scanWhenStringRangeEndsBeforeTheStringThenStopsThere() {
        HtmlScanner scanner = new HtmlScanner();
        // The '<' lies past the range: the scan must not see it, nor report the body a unit early.
        assertEquals(3, scanner.scan("abc<body>", 0, 3));
        assertEquals(HtmlScanner.Point.NONE, scanner.reported());
        assertEquals(8, scanner.scan("abc<body>", 3, 8));
        assertEquals(HtmlScanner.Point.NONE, scanner.reported());
        assertEquals(9, scanner.scan("abc<body>", 8, 9));
        assertEquals(HtmlScanner.Point.BODY, scanner.reported());
        assertTrue(scanner.isDone());
    }

    @Test
    void scanWhenDoneThenReturnsEndWithoutReporting() {
        HtmlScanner scanner = new HtmlScanner();
        byte[] page = "<body><head><body>".getBytes(UTF_8);
        assertEquals(6, scanner.scan(page, 0, page.length));
        assertEquals(HtmlScanner.Point.BODY, scanner.reported());
        assertEquals(page.length, scanner.scan(page, 6, page.length));
        assertEquals(HtmlScanner.Point.NONE, scanner.reported());
    }

    @Test
    void scanWhenHeadThenBodyInOneRangeThenStopsAfterEach() {
        HtmlScanner scanner = new HtmlScanner();
        char[] page = "<html><head><title>x</title></head><body>text".toCharArray();
        int head = scanner.scan(page, 0, page.length);
        assertEquals(HtmlScanner.Point.HEAD, scanner.reported());
        assertEquals("<html><head>".length(), head);
        int body = scanner.scan(page, head, page.length);
        assertEquals(HtmlScanner.Point.BODY, scanner.reported());
        assertEquals("<html><head><title>x</title></head><body>".length(), body);
    }

    // ---- the comparison ------------------------------------------------------------------------

    /**
     * Feeds the page to the original one unit at a time, then scans it in each of the given
     * chunkings as bytes (code units below 0x100 only), chars and a string, and compares points
     * and fields.
     */
    private static void assertSameAsOriginal(String page, List<List<int[]>> chunkings, String what) {
        int n = page.length();
        OriginalHtmlScanner original = new OriginalHtmlScanner();
        String[] pointAfter = new String[n];
        List<?>[] stateAfter = new List<?>[n + 1];
        stateAfter[0] = snapshot(original);
        for (int i = 0; i < n; i++) {
            pointAfter[i] = original.feed(page.charAt(i)).name();
            stateAfter[i + 1] = snapshot(original);
        }
        boolean bytes = page.chars().allMatch(c -> c < 0x100);
        for (List<int[]> pieces : chunkings) {
            assertSameAsOriginal(page, pieces, bytes, pointAfter, stateAfter, what);
        }
    }

    private static void assertSameAsOriginal(String page, List<int[]> pieces, boolean bytes, String[] pointAfter,
                                             List<?>[] stateAfter, String what) {
        for (int path = bytes ? 0 : 1; path < 4; path++) {
            HtmlScanner scanner = new HtmlScanner();
            byte[] b = page.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            char[] c = page.toCharArray();
            String[] paths = {"bytes", "chars", "string", "string ending with the range"};
            String where = what + ", " + paths[path];
            for (int[] piece : pieces) {
                int i = piece[0];
                int to = piece[1];
                String s = path == 3 ? page.substring(0, to) : page;
                while (i < to) {
                    int from = i;
                    i = switch (path) {
                        case 0 -> scanner.scan(b, i, to);
                        case 1 -> scanner.scan(c, i, to);
                        default -> scanner.scan(s, i, to);
                    };
                    assertTrue(i > from && i <= to, where + ": scan returned " + i + " for [" + from + ", " + to + ")");
                    HtmlScanner.Point point = scanner.reported();
                    if (point != HtmlScanner.Point.NONE) {
                        assertEquals(pointAfter[i - 1], point.name(), where + ": point after unit " + (i - 1));
                        assertEquals(stateAfter[i], snapshot(scanner), where + ": fields after unit " + (i - 1));
                    } else {
                        assertEquals(to, i, where + ": stopped without a point");
                    }
                    for (int k = from; k < (point == HtmlScanner.Point.NONE ? i : i - 1); k++) {
                        assertEquals("NONE", pointAfter[k], where + ": a point after unit " + k + " was not reported");
                    }
                }
                assertEquals(stateAfter[to], snapshot(scanner), where + ": fields after the piece [" + piece[0] + ", " + to + ")");
            }
        }
    }

    private static final Map<Class<?>, Field[]> FIELDS_OF = new ConcurrentHashMap<>();

    /** The fields' values, the used part of the name buffer as a string; compared with {@link List#equals}. */
    private static List<Object> snapshot(Object scanner) {
        Field[] fields = FIELDS_OF.computeIfAbsent(scanner.getClass(), type -> {
            Field[] found = new Field[FIELDS.length];
            for (int i = 0; i < FIELDS.length; i++) {
                try {
                    found[i] = type.getDeclaredField(FIELDS[i]);
                } catch (NoSuchFieldException e) {
                    throw new AssertionError(e);
                }
                found[i].setAccessible(true);
            }
            return found;
        });
        Object[] values = new Object[fields.length];
        try {
            int nameLength = fields[3].getInt(scanner);
            for (int i = 0; i < fields.length; i++) {
                Object value = fields[i].get(scanner);
                values[i] = value instanceof char[] chars ? String.valueOf(chars, 0, Math.min(nameLength, chars.length)) : value;
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
        return Arrays.asList(values);
    }

    // ---- pages and pieces ------------------------------------------------------------------------

    private static String tokenPage(Random random, int tokens) {
        StringBuilder page = new StringBuilder();
        for (int i = 0; i < tokens; i++) {
            page.append(TOKENS[random.nextInt(TOKENS.length)]);
            if (random.nextInt(5) == 0) {
                page.append("text ".repeat(random.nextInt(6)));
            }
        }
        return page.toString();
    }

    /** Pieces as [from, to) pairs: whole, one at a time, at random, and cut around the units that matter. */
    private static List<List<int[]>> chunkings(Random random, String page) {
        int n = page.length();
        List<List<int[]>> all = new ArrayList<>();
        all.add(List.of(new int[] {0, n}));
        List<int[]> single = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            single.add(new int[] {i, i + 1});
        }
        all.add(single);
        for (int r = 0; r < 3; r++) {
            List<Integer> cuts = new ArrayList<>();
            for (int at = 0; at < n; at += 1 + random.nextInt(r == 0 ? 4 : 20)) {
                cuts.add(at);
            }
            all.add(pieces(cuts, n));
        }
        for (int side = 0; side < 2; side++) {
            // Each significant unit first in a piece, then last in a piece.
            List<Integer> cuts = new ArrayList<>();
            cuts.add(0);
            for (int i = 0; i < n; i++) {
                if (SIGNIFICANT.indexOf(page.charAt(i)) >= 0 && random.nextInt(4) != 0) {
                    cuts.add(side == 0 ? i : i + 1);
                }
            }
            all.add(pieces(cuts, n));
        }
        return all;
    }

    private static List<int[]> pieces(List<Integer> cuts, int n) {
        List<int[]> pieces = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            if (cut > from && cut <= n) {
                pieces.add(new int[] {from, cut});
                from = cut;
            }
        }
        if (from < n || pieces.isEmpty()) {
            pieces.add(new int[] {from, n});
        }
        return pieces;
    }

    private static String escape(String page) {
        StringBuilder out = new StringBuilder();
        for (char ch : page.toCharArray()) {
            if (ch >= 0x20 && ch < 0x7F) {
                out.append(ch);
            } else {
                out.append(String.format("\\u%04x", (int) ch));
            }
        }
        return out.toString();
    }
}
