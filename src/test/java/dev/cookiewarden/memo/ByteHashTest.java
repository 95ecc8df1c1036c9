package dev.cookiewarden.memo;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ByteHashTest {
    @Test
    void hashWhenAnyByteOrTheLengthChangesThenDiffers() {
        byte[] b = ("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Chaises</title>"
                + "<link rel=\"stylesheet\" href=\"/assets/app.css\">" + "x".repeat(300)).getBytes(UTF_8);
        long h = ByteHash.of(b, 0, 300);
        for (int i = 0; i < 300; i++) {
            byte[] c = b.clone();
            c[i] ^= 1;
            assertTrue(ByteHash.of(c, 0, 300) != h, "byte " + i);
        }
        assertTrue(ByteHash.of(b, 0, 299) != h);
        assertTrue(ByteHash.of(b, 1, 300) != h);
    }

    @Test
    void hashWhenAnyByteOfAShortOrUnevenRangeChangesThenDiffers() {
        // Every length past the rounds of 32 bytes: the eight-byte steps and the last few.
        byte[] b = "<html><head><title>Chaises</title></head><body><p>été</p></body></html>".repeat(2).getBytes(UTF_8);
        for (int len = 0; len <= 100; len++) {
            long h = ByteHash.of(b, 3, len);
            for (int i = 3; i < 3 + len; i++) {
                byte[] c = b.clone();
                c[i] ^= (byte) 0x80;
                assertTrue(ByteHash.of(c, 3, len) != h, "length " + len + ", byte " + i);
            }
            assertTrue(ByteHash.of(b, 3, len + 1) != h, "length " + len + " against one more");
        }
        assertTrue(ByteHash.of(new byte[9], 0, 8) != ByteHash.of(new byte[9], 0, 9));
    }
}
