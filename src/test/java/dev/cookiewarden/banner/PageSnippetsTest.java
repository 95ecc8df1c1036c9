package dev.cookiewarden.banner;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Page snippets and the injector constructors that take them without checking or copying. */
class PageSnippetsTest {
    private static final String PAGE = "<!DOCTYPE html><html><head><title>Caf\u00e9</title></head>"
            + "<body class=\"home\"><p>\uD83C\uDF6A</p></body></html>";

    @Test
    void snippetsFromTextWhenNonAsciiThenRefusedNamingThePosition() {
        IllegalArgumentException head = assertThrows(IllegalArgumentException.class,
                () -> new PageSnippets("<link>\u00e9", ""));
        assertTrue(head.getMessage().contains("head snippet") && head.getMessage().contains(" 6"), head.getMessage());
        IllegalArgumentException body = assertThrows(IllegalArgumentException.class,
                () -> new PageSnippets("", "<aside>\u0080"));
        assertTrue(body.getMessage().contains("body snippet"), body.getMessage());
        assertThrows(NullPointerException.class, () -> new PageSnippets(null, ""));
        assertThrows(NullPointerException.class, () -> new PageSnippets("", null));
    }

    @Test
    void snippetsFromTextKeepTheTextAndItsAsciiBytes() {
        PageSnippets s = new PageSnippets("<link>", "<aside>\u007f</aside>");
        assertEquals("<link>", s.head());
        assertEquals("<aside>\u007f</aside>", s.body());
        assertArrayEquals("<link>".getBytes(US_ASCII), s.headBytes());
        assertArrayEquals("<aside>\u007f</aside>".getBytes(US_ASCII), s.bodyBytes());
    }

    @Test
    void trustedSnippetsGiveTheirTextOnceAndEqualTheSameTextChecked() {
        PageSnippets trusted = PageSnippets.trusted("<h>".getBytes(US_ASCII), "<b>".getBytes(US_ASCII),
                "<b>".getBytes(UTF_8));
        assertEquals("<h>", trusted.head());
        assertSame(trusted.head(), trusted.head());
        assertSame(trusted.body(), trusted.body());
        assertEquals(new PageSnippets("<h>", "<b>"), trusted);
        assertEquals(new PageSnippets("<h>", "<b>").hashCode(), trusted.hashCode());
        assertNotEquals(new PageSnippets("<b>", "<h>"), trusted);
        assertEquals("PageSnippets[head=3 bytes, body=3 bytes]", trusted.toString());
        assertSame(trusted, trusted.forUtf8(), "an ASCII body is its own UTF-8 form");
    }

    @Test
    void theUtf8FormKeepsTheHeadAndDecodesItsBodyAsUtf8() {
        PageSnippets ascii = PageSnippets.trusted("<h>".getBytes(US_ASCII), "<p>caf&#233;</p>".getBytes(US_ASCII),
                "<p>caf\u00e9</p>".getBytes(UTF_8));
        PageSnippets utf8 = ascii.forUtf8();
        assertNotSame(ascii, utf8);
        assertSame(utf8, ascii.forUtf8());
        assertSame(utf8, utf8.forUtf8());
        assertSame(ascii.headBytes(), utf8.headBytes());
        assertEquals("<h>", utf8.head());
        assertEquals("<p>caf\u00e9</p>", utf8.body());
        assertEquals("<p>caf&#233;</p>", ascii.body());
        assertArrayEquals("<p>caf\u00e9</p>".getBytes(UTF_8), utf8.bodyBytes());
        assertNotEquals(ascii, utf8);
        assertEquals("PageSnippets[head=3 bytes, body=16 bytes, 12 in UTF-8]", ascii.toString());
        assertEquals("PageSnippets[head=3 bytes, body=12 bytes in UTF-8]", utf8.toString());
    }

    @Test
    void charactersWhenAskedThenTheTextOfEachFormMadeOnceAndKept() {
        PageSnippets ascii = PageSnippets.trusted("<h>".getBytes(US_ASCII), "<p>caf&#233;</p>".getBytes(US_ASCII),
                "<p>caf\u00e9</p>".getBytes(UTF_8));
        PageSnippets utf8 = ascii.forUtf8();
        assertArrayEquals("<h>".toCharArray(), ascii.headChars());
        assertArrayEquals("<p>caf&#233;</p>".toCharArray(), ascii.bodyChars());
        assertArrayEquals("<h>".toCharArray(), utf8.headChars());
        assertArrayEquals("<p>caf\u00e9</p>".toCharArray(), utf8.bodyChars());
        assertSame(ascii.headChars(), ascii.headChars());
        assertSame(ascii.bodyChars(), ascii.bodyChars());
        assertSame(utf8.bodyChars(), utf8.bodyChars());
        PageSnippets text = new PageSnippets("<link>", "<aside>\u007f</aside>");
        assertArrayEquals("<link>".toCharArray(), text.headChars());
        assertArrayEquals("<aside>\u007f</aside>".toCharArray(), text.bodyChars());
    }

    @Test
    void snippetsMadeFromTextAreTheirOwnUtf8Form() {
        PageSnippets s = new PageSnippets("<link>", "<aside>caf&#233;</aside>");
        assertSame(s, s.forUtf8());
    }

    @Test
    void snippetsWhenAskedAgainThenTheKeptOnesEqualToAFreshRenderingAndBounded() {
        BannerRenderer renderer = BannerFixtures.renderer();
        PageSnippets first = renderer.snippets("/shop", "fr", Set.of(), false, false, "/a?b=c&d");
        assertSame(first, renderer.snippets("/shop", "fr", Set.of(), false, false, "/a?b=" + "c&d"), "one lookup");
        assertEquals(BannerFixtures.renderer().snippets("/shop", "fr", Set.of(), false, false, "/a?b=c&d"), first);
        // Every input is part of the key.
        PageSnippets[] others = {
            renderer.snippets("/shop", "fr", Set.of(), false, false, "/a?b=c&e"),
            renderer.snippets("/shop", "fr", Set.of(), false, false, null),
            renderer.snippets("/shop", "en", Set.of(), false, false, "/a?b=c&d"),
            renderer.snippets("", "fr", Set.of(), false, false, "/a?b=c&d"),
            renderer.snippets("/shop", "fr", Set.of(), true, false, "/a?b=c&d"),
            renderer.snippets("/shop", "fr", Set.of(), false, true, "/a?b=c&d"),
            renderer.snippets("/shop", "fr", Set.of("analytics"), true, false, "/a?b=c&d"),
        };
        for (PageSnippets other : others) {
            assertNotEquals(first, other);
        }
        for (int i = 0; i < 3 * BannerRenderer.MAX_CACHED_SNIPPETS; i++) {
            renderer.snippets("/shop", "fr", Set.of(), false, false, "/p/" + i);
        }
        assertTrue(renderer.cachedSnippets() <= BannerRenderer.MAX_CACHED_SNIPPETS, "" + renderer.cachedSnippets());
    }

    @Test
    void streamWithSnippetsWhenPageWrittenThenSameAsWithCheckedArrays() throws IOException {
        PageSnippets s = BannerFixtures.renderer().snippets("/shop", "fr", Set.of(), false, false, "/a?b=c&d");
        Random random = new Random(7);
        byte[] page = PAGE.getBytes(UTF_8);
        for (int round = 0; round < 200; round++) {
            long seed = random.nextLong();
            ByteArrayOutputStream viaSnippets = new ByteArrayOutputStream();
            InjectingOutputStream a = new InjectingOutputStream(viaSnippets, s);
            Injections.writeInPieces(a, page, pieces(seed));
            ByteArrayOutputStream viaArrays = new ByteArrayOutputStream();
            InjectingOutputStream b = new InjectingOutputStream(viaArrays, s.head().getBytes(US_ASCII),
                    s.body().getBytes(US_ASCII));
            Injections.writeInPieces(b, page, pieces(seed));
            assertArrayEquals(viaArrays.toByteArray(), viaSnippets.toByteArray());
            assertTrue(a.headInjected() && a.bodyInjected());
        }
        String expected = PAGE.replace("<head>", "<head>" + s.head()).replace("<body class=\"home\">",
                "<body class=\"home\">" + s.body());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new InjectingOutputStream(out, s).write(page);
        assertEquals(expected, out.toString(UTF_8));
    }

    @Test
    void writerWithSnippetsWhenPageWrittenThenSameAsWithCheckedText() throws IOException {
        PageSnippets s = BannerFixtures.renderer().snippets("", "en", Set.of("analytics"), true, true, null);
        Random random = new Random(11);
        for (int round = 0; round < 200; round++) {
            long seed = random.nextLong();
            StringWriter viaSnippets = new StringWriter();
            InjectingWriter a = new InjectingWriter(viaSnippets, s);
            Injections.writeInPieces(a, PAGE, pieces(seed));
            StringWriter viaText = new StringWriter();
            Injections.writeInPieces(new InjectingWriter(viaText, s.head(), s.body()), PAGE, pieces(seed));
            assertEquals(viaText.toString(), viaSnippets.toString());
            assertTrue(a.headInjected() && a.bodyInjected());
        }
    }

    @Test
    void injectorsWithEmptySnippetsThenPagePassesUntouched() throws IOException {
        PageSnippets none = new PageSnippets("", "");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        InjectingOutputStream stream = new InjectingOutputStream(bytes, none);
        stream.write(PAGE.getBytes(UTF_8));
        assertEquals(PAGE, bytes.toString(UTF_8));
        assertFalse(stream.headInjected() || stream.bodyInjected());
        StringWriter chars = new StringWriter();
        InjectingWriter writer = new InjectingWriter(chars, none);
        writer.write(PAGE);
        assertEquals(PAGE, chars.toString());
        assertFalse(writer.headInjected() || writer.bodyInjected());
    }

    @Test
    void injectorsWithSnippetsWhenDelegateOrSnippetsMissingThenRefused() {
        PageSnippets s = new PageSnippets("<h>", "<b>");
        assertThrows(NullPointerException.class, () -> new InjectingOutputStream(null, s));
        assertThrows(NullPointerException.class, () -> new InjectingWriter(null, s));
        assertThrows(NullPointerException.class,
                () -> new InjectingOutputStream(new ByteArrayOutputStream(), (PageSnippets) null));
        assertThrows(NullPointerException.class, () -> new InjectingWriter(new StringWriter(), (PageSnippets) null));
    }

    private static java.util.function.IntSupplier pieces(long seed) {
        Random r = new Random(seed);
        return () -> 1 + r.nextInt(12);
    }
}
