package dev.cookiewarden.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;


import dev.cookiewarden.Concurrently;
import dev.cookiewarden.enforce.CookieHeader.Pair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class CookieLineMemoTest {

    private static List<Pair> parsed(String line) {
        return CookieHeader.parse(List.of(line));
    }

    @Test
    void pairsWhenLineSentAgainThenTheSamePairsWithoutParsing() {
        CookieLineMemo memo = new CookieLineMemo();
        String line = "cookie_warden=k1.abc.def; JSESSIONID=node01; lang=fr";
        List<Pair> first = memo.read(line).pairs();
        // A new String of the same characters, as the container makes for every request.
        List<Pair> again = memo.read(new String(line.toCharArray())).pairs();
        assertEquals(parsed(line), first);
        assertSame(first, again);
        assertSame(first.get(1).name(), again.get(1).name());
        assertEquals(1, memo.size());
    }

    @Test
    void derivedWhenLineKeptThenKeptUnderItsKeyForTheRequestsThatSendItAgain() {
        CookieLineMemo memo = new CookieLineMemo();
        String line = "cookie_warden=k1.abc.def; lang=fr";
        String plain = "cookie_warden";
        String host = "__Host-cookie_warden";
        CookieLine first = memo.read(line);
        assertNull(first.derived(plain));
        Object value = new Object();
        first.keepDerived(plain, value);
        CookieLine again = memo.read(new String(line.toCharArray()));
        assertSame(value, again.derived(plain));
        assertNull(again.derived(host), "kept under another key");
        assertNull(again.derived(new String(plain.toCharArray())), "keys are compared by identity");
        Object other = new Object();
        again.keepDerived(host, other);
        assertSame(other, memo.read(line).derived(host));
        assertNull(memo.read(line).derived(plain), "one key kept at a time");
    }

    @Test
    void derivedWhenLineNotKeptThenNothingKept() {
        CookieLine once = CookieLine.of(parsed("a=1"));
        once.keepDerived("k", new Object());
        assertNull(once.derived("k"));
        CookieLine.NONE.keepDerived("k", new Object());
        assertNull(CookieLine.NONE.derived("k"));
    }

    /**
     * Two different lines of the same hash, hence of the same slot: found by hashing lines until
     * two meet, about 80,000 of them for a 32-bit hash; the same two on every run.
     */
    private static String[] linesOfOneHash() {
        Map<Integer, String> seen = new HashMap<>();
        for (int i = 0; ; i++) {
            String line = "x=" + Integer.toString(i, 36);
            String before = seen.putIfAbsent(CookieLineMemo.hash(line), line);
            if (before != null) {
                return new String[] {before, line};
            }
        }
    }

    @Test
    void pairsWhenLinesShareHashAndSlotThenEachGetsItsOwnPairs() {
        // Only the comparison of their characters tells these lines apart.
        String[] lines = linesOfOneHash();
        String a = lines[0];
        String b = lines[1];
        assertNotEquals(a, b);
        assertEquals(CookieLineMemo.hash(a), CookieLineMemo.hash(b));
        CookieLineMemo memo = new CookieLineMemo();
        assertEquals(parsed(a), memo.read(a).pairs());
        assertEquals(parsed(b), memo.read(b).pairs());
        assertEquals(parsed(a), memo.read(a).pairs());
        assertEquals(1, memo.size());
    }

    @Test
    void hashWhenLinesDifferInOneCharacterAnywhereThenDiffers() {
        String line = "cookie_warden=k2.eyJ2IjoxfQ.sig; JSESSIONID=node0x7f3kq2l9; lang=fr; _ga=GA1.1.1843";
        int base = CookieLineMemo.hash(line);
        for (int at = 0; at < line.length(); at++) {
            char c = line.charAt(at) == 'q' ? 'r' : 'q';
            String other = line.substring(0, at) + c + line.substring(at + 1);
            assertNotEquals(base, CookieLineMemo.hash(other), "changed at " + at);
        }
        assertNotEquals(base, CookieLineMemo.hash(line + " "), "one more character");
        assertNotEquals(base, CookieLineMemo.hash(line.substring(1)), "one less");
        assertEquals(base, CookieLineMemo.hash(new String(line.toCharArray())));
    }

    @Test
    void pairsWhenLineTooLongThenParsedEachTimeAndNeverKept() {
        String line = "a=" + "v".repeat(CookieLineMemo.MAX_CHARS) + "; b=2";
        CookieLineMemo memo = new CookieLineMemo();
        List<Pair> first = memo.read(line).pairs();
        assertEquals(parsed(line), first);
        assertNotSame(first, memo.read(line).pairs());
        assertEquals(0, memo.size());
    }

    @Test
    void pairsWhenLineAtTheLengthLimitThenKept() {
        String line = "a=" + "v".repeat(CookieLineMemo.MAX_CHARS - 2);
        CookieLineMemo memo = new CookieLineMemo();
        assertSame(memo.read(line).pairs(), memo.read(line).pairs());
        assertEquals(1, memo.size());
    }

    @Test
    void pairsWhenTooManyPairsThenNeverKept() {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= CookieLineMemo.MAX_PAIRS; i++) {
            many.append("c").append(i).append("=1; ");
        }
        String line = many.toString();
        CookieLineMemo memo = new CookieLineMemo();
        List<Pair> first = memo.read(line).pairs();
        assertEquals(CookieLineMemo.MAX_PAIRS + 1, first.size());
        assertNotSame(first, memo.read(line).pairs());
        assertEquals(0, memo.size());
    }

    @Test
    void pairsWhenManyDistinctLinesThenBoundedAndAlwaysWhatParseGives() {
        CookieLineMemo memo = new CookieLineMemo();
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            String line = "JSESSIONID=" + Integer.toHexString(random.nextInt(3_000)) + "; lang=" + (i % 3 == 0 ? "fr" : "en")
                    + (random.nextBoolean() ? "; _ga=GA1." + random.nextInt(50) : "");
            assertEquals(parsed(line), memo.read(line).pairs(), line);
        }
        assertEquals(CookieLineMemo.SLOTS, memo.size());
    }

    @Test
    void pairsWhenThreadsShareTheMemoThenEachLineGetsItsOwnPairs() throws Exception {
        // Few lines, so that threads keep replacing and reading the same slots.
        eachThreadGetsItsVisitorsPairs(new CookieLineMemo(), (random, visitor) -> "sid=" + visitor + "; v=" + visitor * 7);
    }

    private static final int VISITORS = 700;

    /**
     * Four threads read one memo 50,000 times each, the line of a visitor drawn at random made
     * by {@code lineOf}; every read gets that visitor's own pairs.
     */
    private static void eachThreadGetsItsVisitorsPairs(CookieLineMemo memo, BiFunction<Random, Integer, String> lineOf)
            throws Exception {
        List<Integer> checked = Concurrently.run(4, seed -> () -> {
            Random random = new Random(seed);
            int n = 0;
            for (int i = 0; i < 50_000; i++) {
                int visitor = random.nextInt(VISITORS);
                String line = lineOf.apply(random, visitor);
                List<Pair> pairs = memo.read(line).pairs();
                if (!pairs.equals(List.of(new Pair("sid", "" + visitor), new Pair("v", "" + visitor * 7)))) {
                    throw new AssertionError("line [" + line + "] got " + pairs);
                }
                n++;
            }
            return n;
        });
        for (int n : checked) {
            assertEquals(50_000, n);
        }
    }

    @Test
    void instancesWhenEveryLineIsANewStringThenNeverLookedUp() {
        // Tomcat: a new String for every request, so the lines are only ever found by content.
        CookieLineMemo memo = new CookieLineMemo();
        String line = "cookie_warden=k1.abc.def; JSESSIONID=node01";
        CookieLine first = memo.read(line);
        for (int i = 0; i < 100; i++) {
            assertSame(first, memo.read(new String(line.toCharArray())));
        }
        assertFalse(memo.looksUpInstances());
        assertEquals(0, memo.sameSize());
    }

    @Test
    void instancesWhenContainerHandsTheKeptStringAgainThenFoundByInstance() {
        // Jetty: a connection's header field, the same String on every request that sends it.
        CookieLineMemo memo = new CookieLineMemo();
        String line = "cookie_warden=k1.abc.def; JSESSIONID=node01; lang=fr";
        CookieLine first = memo.read(line);
        assertFalse(memo.looksUpInstances());
        assertSame(first, memo.read(line)); // the kept String itself: the container keeps lines
        assertTrue(memo.looksUpInstances());
        assertSame(first, memo.read(line));
        assertEquals(1, memo.sameSize());
        // Another connection's String of the same line: found by content, then by instance too.
        String other = new String(line.toCharArray());
        assertSame(first, memo.read(other));
        assertSame(first, memo.read(other));
        assertEquals(parsed(line), first.pairs());
    }

    @Test
    void instancesWhenManyLinesPushEachOtherOutThenAlwaysWhatParseGives() {
        CookieLineMemo memo = new CookieLineMemo();
        String seen = "sid=0";
        memo.read(seen);
        memo.read(seen);
        assertTrue(memo.looksUpInstances());
        // More instances than slots, each read several times, some again after others pushed it
        // out of its slot (and out of the content slots): each gets the pairs of its own line.
        Random random = new Random(7);
        String[] instances = new String[3 * CookieLineMemo.SAME_SLOTS];
        for (int i = 0; i < instances.length; i++) {
            instances[i] = "sid=" + i + "; lang=" + (i % 2 == 0 ? "fr" : "en");
        }
        for (int i = 0; i < 30_000; i++) {
            String line = instances[random.nextInt(instances.length)];
            assertEquals(parsed(line), memo.read(line).pairs(), line);
        }
        assertTrue(memo.sameSize() <= CookieLineMemo.SAME_SLOTS);
        assertTrue(memo.size() <= CookieLineMemo.SLOTS);
    }

    @Test
    void instancesWhenLineTooLongOrOfTooManyPairsThenNeverKeptByInstance() {
        CookieLineMemo memo = new CookieLineMemo();
        String seen = "sid=0";
        memo.read(seen);
        memo.read(seen); // the same instance again: instances are looked up from now on
        memo.read(seen); // and this one is kept by instance
        String tooLong = "a=" + "x".repeat(CookieLineMemo.MAX_CHARS);
        StringBuilder many = new StringBuilder("c0=0");
        for (int i = 1; i <= CookieLineMemo.MAX_PAIRS; i++) {
            many.append("; c").append(i).append('=').append(i);
        }
        String tooMany = many.toString();
        for (int i = 0; i < 3; i++) {
            assertEquals(parsed(tooLong), memo.read(tooLong).pairs());
            assertEquals(parsed(tooMany), memo.read(tooMany).pairs());
        }
        assertEquals(1, memo.sameSize()); // only sid=0's
    }

    @Test
    void instancesWhenThreadsShareKeptStringsThenEachLineGetsItsOwnPairs() throws Exception {
        CookieLineMemo memo = new CookieLineMemo();
        // The container's kept fields: one String per visitor, shared by the threads that serve it.
        String[] kept = new String[VISITORS];
        for (int v = 0; v < kept.length; v++) {
            kept[v] = "sid=" + v + "; v=" + v * 7;
        }
        // Now and then a new connection's own String of the line.
        eachThreadGetsItsVisitorsPairs(memo, (random, visitor) ->
                random.nextInt(8) == 0 ? new String(kept[visitor].toCharArray()) : kept[visitor]);
        assertTrue(memo.looksUpInstances());
    }
}
