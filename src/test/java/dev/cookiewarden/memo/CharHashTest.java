package dev.cookiewarden.memo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CharHashTest {
    private static final String TEXT = "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Chaises — été</title>"
            + "<link rel=\"stylesheet\" href=\"/assets/app.css\">" + "x".repeat(300);

    @Test
    void hashWhenAnyCharOrTheLengthChangesThenDiffers() {
        char[] c = TEXT.toCharArray();
        long h = CharHash.of(c, 0, 300);
        for (int i = 0; i < 300; i++) {
            char[] d = c.clone();
            d[i] ^= 1;
            assertTrue(CharHash.of(d, 0, 300) != h, "char " + i);
            // A change in a char's high byte, too: a char is not a byte.
            d[i] ^= 1 | 0x100;
            assertTrue(CharHash.of(d, 0, 300) != h, "char " + i + ", high byte");
        }
        assertTrue(CharHash.of(c, 0, 299) != h);
        assertTrue(CharHash.of(c, 1, 300) != h);
    }

    @Test
    void hashWhenSameCharsAsStringOrArrayAtAnyOffsetThenSame() {
        Random random = new Random(7);
        for (int n = 0; n < 2_000; n++) {
            int off = random.nextInt(40);
            int len = random.nextInt(TEXT.length() - off);
            String shifted = "0123456789".repeat(4).substring(0, off) + TEXT;
            long h = CharHash.of(TEXT.toCharArray(), 0, len);
            assertEquals(h, CharHash.of(TEXT, 0, len), "length " + len);
            assertEquals(h, CharHash.of(shifted, off, len), "offset " + off + ", length " + len);
            assertEquals(h, CharHash.of(shifted.toCharArray(), off, len), "offset " + off + ", length " + len);
        }
    }

    @Test
    void hashWhenAnyCharOfAShortOrUnevenRangeChangesThenDiffers() {
        // Every length past the rounds of sixteen chars: the four-char steps and the last few.
        for (int len = 0; len <= 70; len++) {
            char[] c = TEXT.toCharArray();
            long h = CharHash.of(c, 5, len);
            assertEquals(h, CharHash.of(TEXT, 5, len), "length " + len);
            for (int i = 5; i < 5 + len; i++) {
                char[] d = c.clone();
                d[i] ^= 0x8000;
                assertTrue(CharHash.of(d, 5, len) != h, "length " + len + ", char " + i);
                assertTrue(CharHash.of(new String(d), 5, len) != h, "length " + len + ", char " + i);
            }
            assertTrue(CharHash.of(c, 5, len + 1) != h, "length " + len + " against one more");
        }
        // Trailing zero chars are told apart by the length.
        assertTrue(CharHash.of(new char[3], 0, 2) != CharHash.of(new char[3], 0, 3));
    }
}
