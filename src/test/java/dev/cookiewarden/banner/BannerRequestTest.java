package dev.cookiewarden.banner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BannerRequestTest {
    @ParameterizedTest
    @ValueSource(strings = {"text/html", "TEXT/HTML", "Text/Html;q=0.9", "application/xhtml+xml,text/html", "*/*",
        "application/json", "text/htm", "", "text/html2", "texT/htmL,*/*;q=0.8", "application/xml;q=0.9, TEXT/html",
        "t", "text/plain, text/ html"})
    void containsIgnoreCaseWhenAcceptHeaderThenAsALowerCasedCopyWouldSay(String accept) {
        assertEquals(accept.toLowerCase(Locale.ROOT).contains("text/html"), BannerRequest.containsIgnoreCase(accept, "text/html"),
                accept);
    }
}
