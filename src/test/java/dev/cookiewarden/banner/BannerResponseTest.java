package dev.cookiewarden.banner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BannerResponseTest {

    @Test
    void pieceSizeIsTheBufferBetweenOneAndEightKiB() {
        assertEquals(8192, BannerResponse.pieceSize(32 * 1024), "Jetty's default buffer: its aggregation size");
        assertEquals(8192, BannerResponse.pieceSize(128 * 1024), "at most 8 KiB");
        assertEquals(8192, BannerResponse.pieceSize(8192), "Tomcat's default buffer");
        assertEquals(4096, BannerResponse.pieceSize(4096), "a smaller buffer, which Jetty aggregates up to");
        assertEquals(2048, BannerResponse.pieceSize(2048));
        assertEquals(1024, BannerResponse.pieceSize(512), "at least 1 KiB");
        assertEquals(1024, BannerResponse.pieceSize(0), "a wrapper that says 0");
        assertEquals(1024, BannerResponse.pieceSize(-1));
    }
}
