package dev.cookiewarden.banner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * {@link CodeUnits} against plain loops, over every range of short arrays made of the values the
 * eight-bytes-at-a-time search could get wrong: the unit itself, the unit with its lowest or
 * highest bit flipped (a borrow turns those into false matches above a real one), zero, one and
 * the bytes at or above {@code 0x80}.
 */
class CodeUnitsTest {
    private static final byte[] UNITS = {'<', '-', '"', '\'', '>', ']', 0, 1, (byte) 0x80, (byte) 0xFF, 0x7F};

    private static byte[] tricky(byte unit, byte other) {
        return new byte[] {unit, other, (byte) (unit ^ 1), (byte) (unit ^ 0x80), (byte) (other ^ 1), 0, 1, 0x7F,
            (byte) 0x80, (byte) 0x81, (byte) 0xFF, 'x', ' '};
    }

    @Test
    void indexOfWhenEveryRangeOfTrickyBytesThenSameAsPlainLoop() {
        Random random = new Random(20261130L);
        for (byte unit : UNITS) {
            for (byte other : UNITS) {
                byte[] alphabet = tricky(unit, other);
                for (int n = 0; n < 30; n++) {
                    byte[] b = new byte[random.nextInt(40)];
                    for (int i = 0; i < b.length; i++) {
                        // Sparse matches, so that whole words without one are searched too.
                        b[i] = random.nextInt(3) == 0 ? alphabet[random.nextInt(alphabet.length)]
                                : alphabet[2 + random.nextInt(alphabet.length - 2)];
                    }
                    for (int from = 0; from <= b.length; from++) {
                        for (int to = from; to <= b.length; to++) {
                            int f = from;
                            int t = to;
                            Supplier<String> where = () -> "unit " + unit + ", other " + other + ", [" + f + ", " + t
                                    + ") of " + Arrays.toString(b);
                            assertEquals(plainIndexOf(b, from, to, unit, unit), CodeUnits.indexOf(b, from, to, unit), where);
                            assertEquals(plainIndexOf(b, from, to, unit, other),
                                    CodeUnits.indexOfEither(b, from, to, unit, other), where);
                        }
                    }
                }
            }
        }
    }

    @Test
    void indexOfWhenMatchInEachPositionOfAWordThenFound() {
        for (int length = 0; length <= 33; length++) {
            for (int at = 0; at < length; at++) {
                byte[] b = new byte[length];
                Arrays.fill(b, (byte) ('<' ^ 1));
                b[at] = '<';
                for (int from = 0; from <= length; from++) {
                    int expected = at >= from ? at : length;
                    assertEquals(expected, CodeUnits.indexOf(b, from, length, (byte) '<'), "at " + at + " from " + from);
                    assertEquals(expected, CodeUnits.indexOfEither(b, from, length, (byte) '-', (byte) '<'), "at " + at);
                    char[] c = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).toCharArray();
                    assertEquals(expected, CodeUnits.indexOf(c, from, length, '<'));
                    assertEquals(expected, CodeUnits.indexOfEither(c, from, length, '<', '-'));
                    String s = String.valueOf(c);
                    assertEquals(expected, CodeUnits.indexOf(s, from, length, '<'));
                    assertEquals(expected, CodeUnits.indexOfEither(s, from, length, '-', '<'));
                }
            }
        }
    }

    @Test
    void indexOfWhenCharsShareTheLowByteThenNotAMatch() {
        String s = "\u013c\u3c00\uff1c\u00bc<";
        char[] c = s.toCharArray();
        assertEquals(4, CodeUnits.indexOf(c, 0, c.length, '<'));
        assertEquals(4, CodeUnits.indexOfEither(c, 0, c.length, '-', '<'));
        assertEquals(4, CodeUnits.indexOf(s, 0, s.length(), '<'));
        assertEquals(4, CodeUnits.indexOf(s + "x", 0, s.length(), '<'));
        assertEquals(4, CodeUnits.indexOfEither(s, 0, s.length(), '<', '-'));
    }

    @Test
    void indexOfWhenStringRangeEndsEarlyThenUnitsPastItIgnored() {
        String s = "abc<def<";
        assertEquals(2, CodeUnits.indexOf(s, 0, 2, '<'));
        assertEquals(3, CodeUnits.indexOf(s, 0, 4, '<'));
        assertEquals(7, CodeUnits.indexOf(s, 4, 8, '<'));
        assertEquals(6, CodeUnits.indexOf(s, 4, 6, '<'));
        assertEquals(6, CodeUnits.indexOfEither(s, 4, 6, '<', '-'));
    }

    private static int plainIndexOf(byte[] b, int from, int to, byte one, byte other) {
        for (int i = from; i < to; i++) {
            if (b[i] == one || b[i] == other) {
                return i;
            }
        }
        return to;
    }
}
