package dev.cookiewarden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.CookieWardenFilter;
import dev.cookiewarden.banner.Html;
import jakarta.servlet.ServletContainerInitializer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The banner on the wire, on Jetty and Tomcat: injected once, right after {@code <head>} and
 * {@code <body>}, into HTML pages however they are written; never into anything else; with
 * lengths, encodings and conditional requests kept correct.
 */
class InjectionWireTest {
    private static final String HTML = "Accept: text/html,application/xhtml+xml";
    private static final String BODY_TAG = "<Body class=\"page\" data-x=\"a > b\">";

    @RegisterExtension
    static final BothContainers CONTAINERS = new BothContainers(InjectionWireTest::setup, "");

    private static ServletContainerInitializer setup() throws Exception {
        CookieWardenFilter filter = new CookieWardenFilter(TestApps.conformanceWith());
        return (classes, ctx) -> {
            TestApps.addFilter(ctx, filter);
            TestApps.addServlet(ctx, "pages", new PageServlet(), "/p/*");
        };
    }

    static Stream<Arguments> ports() {
        return CONTAINERS.ports();
    }

    private static void assertInjectedOnce(RawHttp.Response r) {
        assertEquals(200, r.status(), r.toString());
        String body = r.body();
        assertEquals(1, count(body, "id=\"cw-root\""), body);
        assertEquals(1, count(body, "id=\"cw-banner\""), body);
        assertTrue(body.contains(BODY_TAG + "<aside id=\"cw-root\""), "banner right after <body>: " + body);
        assertTrue(body.contains("<HEAD><link rel=\"stylesheet\""), "assets right after <head>: " + body);
        assertTrue(body.contains("Caf\u00e9 \u2615"), "page text intact: " + body);
        String length = r.first("Content-Length");
        if (length != null) {
            assertEquals(body.getBytes(StandardCharsets.UTF_8).length, Integer.parseInt(length), r.toString());
        }
        assertTrue(r.all("Vary").stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("cookie")), r.toString());
        assertTrue(r.all("Vary").stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("accept-language")),
                r.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void injectedPagesVaryOnCookieEvenWhenASessionWasSweptBeforeTheFirstByte(String name, Supplier<Integer> port)
            throws Exception {
        RawHttp.Response r = RawHttp.get(port.get(), "/p/sessionFirst", HTML);
        assertInjectedOnce(r);
    }

    /**
     * A page lists each request header it varies on once: a returning visitor's too, whose hidden
     * cookie made the response depend on consent before the application ran (the filter's
     * {@code Vary: Cookie} was written then, and the banner's names join it later). A browser's
     * page does not vary on {@code Accept}; a page sent to a client without {@code Sec-Fetch-Dest}
     * does, since its {@code Accept} decided that it gets the banner.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void anInjectedPageListsEachNameItVariesOnOnceInOneVary(String name, Supplier<Integer> port) throws Exception {
        String navigation = "Sec-Fetch-Dest: document";
        for (String[] headers : new String[][] {{HTML}, {HTML, "Cookie: _ga=GA1.2"}, {HTML, "Cookie: unknown=1"},
                {HTML, navigation}, {HTML, navigation, "Cookie: _ga=GA1.2"}, {"Accept: */*", navigation}}) {
            RawHttp.Response r = RawHttp.get(port.get(), "/p/writer", headers);
            assertInjectedOnce(r);
            assertEquals(1, r.all("Vary").size(), String.join(" | ", headers) + ": " + r);
            List<String> expected = List.of(headers).contains(navigation)
                    ? List.of("accept-language", "cookie", "sec-fetch-dest")
                    : List.of("accept", "accept-language", "cookie", "sec-fetch-dest");
            assertEquals(expected, varyNames(r).stream().sorted().toList(), String.join(" | ", headers) + ": " + r);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void theApplicationsOwnVaryIsKeptAndTheFiltersNamesAreAddedOnce(String name, Supplier<Integer> port)
            throws Exception {
        for (String path : new String[] {"/p/varyOwn", "/p/varyReplaced"}) {
            for (String[] headers : new String[][] {{HTML}, {HTML, "Cookie: _ga=GA1.2"}}) {
                String what = path + " " + String.join(" | ", headers);
                RawHttp.Response r = RawHttp.get(port.get(), path, headers);
                assertInjectedOnce(r);
                String own = path.equals("/p/varyOwn") ? "accept-encoding" : "origin";
                assertEquals(Stream.of("accept", "accept-language", "cookie", own, "sec-fetch-dest").sorted().toList(),
                        varyNames(r).stream().sorted().toList(), what + ": " + r);
            }
        }
    }

    /** Every name the response's Vary headers list, lower-cased, in order, repeats kept. */
    private static List<String> varyNames(RawHttp.Response r) {
        List<String> names = new ArrayList<>();
        for (String vary : r.all("Vary")) {
            for (String token : vary.split(",")) {
                names.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    private static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void pagesWrittenThroughWriterStreamAsyncNonBlockingOrAfterResetOrResetBufferGetTheBannerOnce(String name, Supplier<Integer> port)
            throws Exception {
        for (String how : new String[] {"writer", "stream", "async", "reset", "nonBlocking", "nonBlockingBytes",
                "resetBufferStream", "resetBufferWriter", "large", "smallBuffer"}) {
            RawHttp.Response r = RawHttp.get(port.get(), "/p/" + how, HTML);
            assertInjectedOnce(r);
            assertFalse(r.body().contains("draft"), how + ": what resetBuffer() discarded stays discarded: " + r);
            if (how.equals("large") || how.equals("smallBuffer")) {
                assertTrue(r.body().endsWith("text </p></Body></html>\n"), how + ": the whole page, in order");
                assertEquals(PageServlet.LARGE_PAGE.length() + banner(r.body()).length() + "</aside>".length()
                        + head(r.body()).length(), r.body().length(), how + ": nothing lost, nothing repeated");
            }
        }
    }

    /**
     * A page written through {@code getWriter()} whose head the injector has seen twice is not
     * read again (its memo): the third and later requests get the banner at the same places as
     * the first, whether the page is written as a {@code char[]} or a {@code String}. A page
     * printed in strings of seven characters or line by line, as template engines write, gets it
     * at the same places too, through the writer that takes no lock per write and gathers small
     * writes into pieces; also when it is printed behind a forward, or finished on another thread
     * or by a listener after a timeout.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void aPageWrittenAsCharactersGetsTheBannerAlikeOnEveryRequestOnceItsHeadIsRemembered(String name,
            Supplier<Integer> port) throws Exception {
        for (String how : new String[] {"longHeadChars", "longHeadString", "smallStrings", "lines",
                "smallStringsForward", "smallStringsAsync", "smallStringsAsyncTimeout"}) {
            String first = null;
            for (int i = 0; i < 4; i++) {
                RawHttp.Response r = RawHttp.get(port.get(), "/p/" + how, HTML);
                assertInjectedOnce(r);
                if (first == null) {
                    first = r.body();
                    assertEquals(PageServlet.LONG_HEAD_PAGE, first.replace(head(first), "").replace(banner(first) + "</aside>", ""),
                            how + ": nothing lost, nothing repeated, in order");
                }
                // The banner's return links name the page's own address: compared per address.
                assertEquals(first, r.body(), how + ", request " + i);
            }
        }
    }

    /**
     * A page printed in small strings and flushed after its body start tag: what was flushed,
     * banner included, reaches the visitor while the rest is still to be written (the servlet
     * waits for this test to have read it), although the writer gathers small writes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void whatAPageFlushesReachesTheVisitorBeforeTheRestIsWritten(String name, Supplier<Integer> port)
            throws Exception {
        PageServlet.flushedPartRead = new CountDownLatch(1);
        try (Socket socket = new Socket("127.0.0.1", port.get())) {
            socket.setSoTimeout(10_000); // a SocketTimeoutException: the flushed part never came
            socket.getOutputStream().write(("GET /p/smallStringsFlushed HTTP/1.1\r\nHost: localhost\r\n" + HTML
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (!got.toString(StandardCharsets.UTF_8).contains("</aside>")) {
                int n = in.read(buffer);
                assertTrue(n > 0, "the connection ended before the flushed part: " + got);
                got.write(buffer, 0, n);
            }
            String flushed = got.toString(StandardCharsets.UTF_8);
            assertTrue(flushed.contains(BODY_TAG + "<aside id=\"cw-root\""), flushed);
            assertFalse(flushed.contains("<h1>"), "the rest is not written yet: " + flushed);
            PageServlet.flushedPartRead.countDown();
            in.transferTo(got);
            String whole = got.toString(StandardCharsets.UTF_8);
            assertEquals(1, count(whole, "id=\"cw-root\""), whole);
            assertTrue(whole.contains("<h1>Caf\u00e9 \u2615</h1>"), whole);
            assertTrue(whole.contains("</Body></html>"), whole);
        } finally {
            PageServlet.flushedPartRead.countDown();
        }
    }

    /**
     * What the container says of its buffer is what it would say were nothing gathered: a page
     * of fewer characters than its 1 KiB buffer but more bytes, printed in small strings, has
     * committed the response when the servlet asks on Jetty, with the banner as without it (the
     * page then gets none, and nothing is gathered); Tomcat's buffer of characters, which
     * {@code setBufferSize} does not shrink, holds the page either way. Nothing a page printed
     * before {@code sendError} or {@code sendRedirect} shows after it (the redirect on Jetty only:
     * on this test class path Tomcat 11 fails every {@code sendRedirect}, as
     * {@link LeakFreedomPropertiesTest} explains).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void gatheredWritesAreInTheContainersBufferWheneverTheApplicationLooksOrReplacesIt(String name,
            Supplier<Integer> port) throws Exception {
        RawHttp.Response plain = RawHttp.get(port.get(), "/p/smallStringsCommitted", "Accept: */*");
        assertFalse(plain.body().contains("cw-root"), plain.body());
        boolean committed = name.equals("Jetty");
        assertTrue(plain.body().endsWith("</Body></html>\n<!-- committed=" + committed + " -->"),
                "the container alone: " + plain.body());
        RawHttp.Response page = RawHttp.get(port.get(), "/p/smallStringsCommitted", HTML);
        assertEquals(200, page.status(), page.toString());
        assertEquals(1, count(page.body(), "id=\"cw-root\""), page.body());
        assertTrue(page.body().endsWith("</Body></html>\n<!-- committed=" + committed + " -->"), page.body());

        RawHttp.Response error = RawHttp.get(port.get(), "/p/smallStringsThenError", HTML);
        assertEquals(503, error.status(), error.toString());
        assertFalse(error.body().contains("Chaises"), error.body());
        if (name.equals("Jetty")) {
            RawHttp.Response redirect = RawHttp.get(port.get(), "/p/smallStringsThenRedirect", HTML);
            assertEquals(302, redirect.status(), redirect.toString());
            assertFalse(redirect.body().contains("Chaises"), redirect.body());
        }
    }

    /**
     * A page sent in UTF-8 gets the banner's text as it is; a page in any other encoding, as
     * character references, which every ASCII-compatible encoding reads alike.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void theBannersTextIsKeptInAUtf8PageAndReferencedInAnyOther(String name, Supplier<Integer> port) throws Exception {
        for (String how : new String[] {"writer", "stream"}) {
            RawHttp.Response r = RawHttp.get(port.get(), "/p/" + how, HTML, "Accept-Language: fr");
            assertInjectedOnce(r);
            String banner = banner(r.body());
            assertTrue(banner.contains("<h2 id=\"cw-title\">Vos choix en mati\u00e8re de cookies</h2>"), how + ": " + r);
            Matcher reference = Pattern.compile("&#(\\d+);").matcher(banner);
            while (reference.find()) {
                assertTrue(Integer.parseInt(reference.group(1)) < 0x80, "only markup characters: " + reference.group());
            }
        }
        for (String how : new String[] {"latin1Writer", "windows1252Stream"}) {
            RawHttp.Response r = RawHttp.get(port.get(), "/p/" + how, HTML, "Accept-Language: fr");
            assertEquals(200, r.status(), r.toString());
            String banner = banner(r.body());
            assertTrue(banner.contains("<h2 id=\"cw-title\">Vos choix en mati&#232;re de cookies</h2>"), how + ": " + r);
            assertTrue(Html.isAscii(banner), how + ": " + banner);
            // The page's own byte 0xE9, which a UTF-8 decoder replaces: still one byte, as written.
            assertTrue(r.body().contains("<h1>Caf\uFFFD</h1>"), how + ": " + r);
        }
    }

    /** The head snippet: what follows {@code <HEAD>} up to the page's own {@code <title>}. */
    private static String head(String body) {
        int from = body.indexOf("<HEAD>") + "<HEAD>".length();
        int to = body.indexOf("<title>", from);
        assertTrue(from > "<HEAD>".length() && to > from, body);
        return body.substring(from, to);
    }

    /** The banner root element, from its start tag to its end tag. */
    private static String banner(String body) {
        int from = body.indexOf("<aside id=\"cw-root\"");
        int to = body.indexOf("</aside>", from);
        assertTrue(from >= 0 && to > from, body);
        return body.substring(from, to);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void aDecidedVisitorGetsOnlyTheSettingsLink(String name, Supplier<Integer> port) throws Exception {
        RawHttp.Response consent = RawHttp.post(port.get(), "/cookie-consent", "action=reject-all");
        String cookie = "Cookie: cookie_warden=" + consent.cookieValue("cookie_warden");
        RawHttp.Response r = RawHttp.get(port.get(), "/p/writer", HTML, cookie);
        assertEquals(1, count(r.body(), "id=\"cw-root\""), r.body());
        assertFalse(r.body().contains("id=\"cw-banner\""), r.body());
        assertTrue(r.body().contains("id=\"cw-settings\""), r.body());
        assertTrue(r.body().contains("data-cw-decided=\"true\""), r.body());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void whatIsNotAnHtmlPageOrCannotBeRewrittenPassesUntouched(String name, Supplier<Integer> port) throws Exception {
        for (String how : new String[] {"json", "notFound", "range", "noBody"}) {
            RawHttp.Response r = RawHttp.get(port.get(), "/p/" + how, HTML);
            assertFalse(r.body().contains("cw-root"), how + ": " + r);
        }
        RawHttp.Response utf16 = RawHttp.get(port.get(), "/p/utf16", HTML);
        assertFalse(new String(utf16.body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).contains("cw-root"));
        for (String how : new String[] {"gzip", "gzipAdded"}) {
            RawHttp.Response gzip = RawHttp.get(port.get(), "/p/" + how, HTML);
            assertEquals("gzip", gzip.first("Content-Encoding"), how);
            assertFalse(gzip.body().contains("cw-root"), how);
        }
        RawHttp.Response partial = RawHttp.get(port.get(), "/p/rangeOf200", HTML);
        assertEquals(200, partial.status(), partial.toString());
        assertFalse(partial.body().contains("cw-root"), "a Content-Range in any letter case: " + partial);
        // reset() clears the headers: the page that follows is plain and gets its banner.
        assertInjectedOnce(RawHttp.get(port.get(), "/p/encodingThenReset", HTML));
        RawHttp.Response frame = RawHttp.get(port.get(), "/p/writer", HTML, "Sec-Fetch-Dest: iframe");
        assertFalse(frame.body().contains("cw-root"), "a page loaded into a frame gets none: " + frame);
        RawHttp.Response api = RawHttp.get(port.get(), "/p/writer", "Accept: */*");
        assertFalse(api.body().contains("cw-root"), "a request that does not ask for HTML gets none: " + api);
        RawHttp.Response script = RawHttp.get(port.get(), "/p/writer", HTML, "Sec-Fetch-Dest: script");
        assertFalse(script.body().contains("cw-root"), "a browser loading a script gets none, whatever it accepts: " + script);
        // A browser's navigation says so, and is a page whatever its Accept says.
        assertInjectedOnce(RawHttp.get(port.get(), "/p/writer", "Accept: */*", "Sec-Fetch-Dest: Document "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void headRequestsKeepTheDeclaredLengthAndGetNoBody(String name, Supplier<Integer> port) throws Exception {
        RawHttp.Response r = RawHttp.exchange(port.get(), "HEAD /p/head HTTP/1.1\r\n" + HTML + "\r\n", null);
        assertEquals(200, r.status(), r.toString());
        assertEquals(String.valueOf(PageServlet.PAGE.getBytes(StandardCharsets.UTF_8).length), r.first("Content-Length"));
        assertEquals("", r.body());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void conditionalRequestsNeverRevalidateIntoAnotherConsentState(String name, Supplier<Integer> port) throws Exception {
        RawHttp.Response first = RawHttp.get(port.get(), "/p/etag", HTML);
        String etag = first.first("ETag");
        assertTrue(etag.startsWith("\"v1-cw") && etag.endsWith("\""), etag);
        assertInjectedOnce(first);

        RawHttp.Response same = RawHttp.get(port.get(), "/p/etag", HTML, "If-None-Match: " + etag);
        assertEquals(304, same.status(), "same state revalidates: " + same);

        RawHttp.Response untagged = RawHttp.get(port.get(), "/p/etag", HTML, "If-None-Match: \"v1\"");
        assertEquals(200, untagged.status(), "a tag from before the banner never matches: " + untagged);

        RawHttp.Response consent = RawHttp.post(port.get(), "/cookie-consent", "action=accept-all");
        String cookie = "Cookie: cookie_warden=" + consent.cookieValue("cookie_warden");
        RawHttp.Response decided = RawHttp.get(port.get(), "/p/etag", HTML, cookie, "If-None-Match: " + etag);
        assertEquals(200, decided.status(), "another consent state gets a full page: " + decided);
        assertNotEquals(etag, decided.first("ETag"));
        assertFalse(decided.body().contains("id=\"cw-banner\""));

        RawHttp.Response since = RawHttp.get(port.get(), "/p/etag", HTML, "If-Modified-Since: Thu, 01 Jan 2099 00:00:00 GMT");
        assertEquals(200, since.status(), since.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void thePreferencePageIsServedWithItsOwnSecurityHeaders(String name, Supplier<Integer> port) throws Exception {
        RawHttp.Response r = RawHttp.get(port.get(), "/cookie-consent/preferences?return=%2Fp%2Fwriter", HTML,
                "Accept-Language: fr-FR,fr;q=0.9");
        assertEquals(200, r.status(), r.toString());
        assertTrue(r.first("Content-Type").startsWith("text/html"), r.toString());
        assertTrue(r.first("Content-Security-Policy").contains("default-src 'none'"), r.toString());
        assertEquals("same-origin", r.first("Referrer-Policy"));
        assertTrue(r.body().contains("id=\"cw-prefs\""), r.body());
        assertTrue(r.body().contains("lang=\"fr\""), r.body());
        assertEquals(1, count(r.body(), " checked"), "only the required category is ticked for an undecided visitor");
        assertEquals(1, count(r.body(), " checked disabled"), "and that one cannot be unticked");
        RawHttp.Response evil = RawHttp.get(port.get(), "/cookie-consent/preferences?return=%2F%2Fevil.example", HTML);
        assertFalse(evil.body().contains("evil.example"), evil.body());
    }
}
