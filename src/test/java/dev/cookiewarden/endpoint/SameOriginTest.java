package dev.cookiewarden.endpoint;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Pure-logic tests of the two checks; the wire tests cover them inside real containers. The
 * request is a hand-written stub answering only what {@link SameOrigin} may ask.
 */
class SameOriginTest {

    // ---- isSafeReturn: accepted ----

    @ParameterizedTest
    @ValueSource(strings = {"/", "/shop?x=1#f", "/a%2Fb", "/a/b/c.html", "/?next=//evil.example",
            "/path#//evil.example", "/a:b", "/javascript:alert(1)", "/%5Cevil.example", "/a\u0021$&'()*+,;=@~"})
    void isSafeReturnWhenPathOnThisSiteThenAccepted(String path) {
        assertTrue(SameOrigin.isSafeReturn(path), path);
    }

    /**
     * {@code /..//x} looks like it could climb to {@code //x}, a network-path reference. It does
     * not: a browser resolves a Location value against the current URL (RFC 3986 section 5.2.2,
     * WHATWG URL "path-absolute"). The reference starts with a single '/', so it has no authority
     * and the base's authority is kept; only then are dot segments removed, giving the path
     * {@code //x} on this same host ({@code https://this.site//x}), never the host {@code x}. The
     * same holds for the percent-encoded dot forms browsers also treat as dot segments. So these
     * are same-origin redirects and may be accepted.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/..//x", "/.//x", "/./..//x", "/%2e%2e//x", "/.%2E//evil.example"})
    void isSafeReturnWhenDotSegmentsCollapseToTwoSlashesThenStillSameOriginAndAccepted(String path) {
        assertTrue(SameOrigin.isSafeReturn(path), path);
    }

    @Test
    void isSafeReturnWhenExactlyMaxLengthThenAccepted() {
        String path = "/" + "a".repeat(SameOrigin.MAX_RETURN_LENGTH - 1);
        assertTrue(SameOrigin.isSafeReturn(path));
    }

    // ---- isSafeReturn: refused ----

    @Test
    void isSafeReturnWhenTwoLeadingSlashesThenRefused() {
        assertFalse(SameOrigin.isSafeReturn("//evil.example"));
        assertFalse(SameOrigin.isSafeReturn("//"));
        assertFalse(SameOrigin.isSafeReturn("///evil.example"));
    }

    @Test
    void isSafeReturnWhenSlashBackslashThenRefused() {
        // Browsers treat '\' as '/' in special URLs, so "/\evil.example" is "//evil.example".
        assertFalse(SameOrigin.isSafeReturn("/\\evil.example"));
        assertFalse(SameOrigin.isSafeReturn("\\\\evil.example"));
        assertFalse(SameOrigin.isSafeReturn("\\evil.example"));
        assertFalse(SameOrigin.isSafeReturn("/a\\b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "http:evil.example", "http:/evil.example",
            "javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "evil.example", "shop", "?x=1", "#f",
            "./shop", "../shop"})
    void isSafeReturnWhenNotStartingWithSlashThenRefused(String path) {
        assertFalse(SameOrigin.isSafeReturn(path), path);
    }

    @Test
    void isSafeReturnWhenNullOrEmptyThenRefused() {
        assertFalse(SameOrigin.isSafeReturn(null));
        assertFalse(SameOrigin.isSafeReturn(""));
    }

    /**
     * Browsers strip tab, CR and LF from URLs before parsing, so {@code /\t/evil.example} would
     * become {@code //evil.example}; a space or a non-ASCII character has no place in a path we
     * send back in a header either.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/\t/evil.example", "/\r/evil.example", "/\n/evil.example", "/\r\nSet-Cookie:x=1",
            "/ /evil.example", "/shop page", "/caf\u00e9", "/\u2028", "/\u0000", "/\u007f", "/\uff0f/evil.example"})
    void isSafeReturnWhenWhitespaceControlOrNonAsciiThenRefused(String path) {
        assertFalse(SameOrigin.isSafeReturn(path), () -> path.chars().mapToObj(Integer::toHexString).toList().toString());
    }

    @Test
    void isSafeReturnWhenLongerThanMaxLengthThenRefused() {
        assertFalse(SameOrigin.isSafeReturn("/" + "a".repeat(SameOrigin.MAX_RETURN_LENGTH)));
    }

    @Test
    void isSafeReturnWhenOddButPathAbsoluteThenAccepted() {
        // A Location header is never rendered as HTML, and a browser resolves each of these on
        // this origin: the real addresses of pages (query strings with '|', say) must work.
        assertTrue(SameOrigin.isSafeReturn("/a%zz"));
        assertTrue(SameOrigin.isSafeReturn("/a#b#c"));
        assertTrue(SameOrigin.isSafeReturn("/a?x=a|b&y={1}"));
        assertTrue(SameOrigin.isSafeReturn("/<script>"));
    }

    // ---- allowed ----

    @Test
    void allowedWhenNeitherFetchMetadataNorOriginThenAllowed() {
        assertTrue(SameOrigin.allowed(request("https", "shop.example", 443)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"same-origin", "none", "Same-Origin", "NONE", " same-origin "})
    void allowedWhenSecFetchSiteSameOriginOrNoneThenAllowed(String site) {
        assertTrue(SameOrigin.allowed(request("https", "shop.example", 443, "Sec-Fetch-Site", site)), site);
    }

    @ParameterizedTest
    @ValueSource(strings = {"same-site", "cross-site", "Cross-Site", "SAME-SITE", "", "garbage"})
    void allowedWhenSecFetchSiteNotSameOriginThenRefused(String site) {
        assertFalse(SameOrigin.allowed(request("https", "shop.example", 443, "Sec-Fetch-Site", site)), site);
    }

    @Test
    void allowedWhenSecFetchSiteSameOriginButOriginForeignThenRefused() {
        assertFalse(SameOrigin.allowed(request("https", "shop.example", 443,
                "Sec-Fetch-Site", "same-origin", "Origin", "https://evil.example")));
    }

    @Test
    void allowedWhenOriginMatchesWithDefaultPortsThenAllowed() {
        assertTrue(SameOrigin.allowed(request("https", "shop.example", 443, "Origin", "https://shop.example")));
        assertTrue(SameOrigin.allowed(request("http", "shop.example", 80, "Origin", "http://shop.example")));
        assertTrue(SameOrigin.allowed(request("https", "shop.example", 443, "Origin", "https://shop.example:443")));
        assertTrue(SameOrigin.allowed(request("http", "localhost", 8080, "Origin", "http://localhost:8080")));
    }

    @Test
    void allowedWhenOriginDiffersOnlyInLetterCaseThenAllowed() {
        assertTrue(SameOrigin.allowed(request("https", "shop.example", 443, "Origin", "HTTPS://Shop.Example")));
    }

    @Test
    void allowedWhenOriginPortDiffersThenRefused() {
        assertFalse(SameOrigin.allowed(request("https", "shop.example", 443, "Origin", "https://shop.example:8443")));
        assertFalse(SameOrigin.allowed(request("http", "localhost", 8080, "Origin", "http://localhost")));
        assertFalse(SameOrigin.allowed(request("https", "shop.example", 8443, "Origin", "https://shop.example")));
    }

    @Test
    void allowedWhenOriginHostDiffersThenRefused() {
        assertFalse(SameOrigin.allowed(request("https", "shop.example", 443, "Origin", "https://evil.example")));
        assertFalse(SameOrigin.allowed(request("https", "shop.example", 443, "Origin", "https://sub.shop.example")));
        assertFalse(SameOrigin.allowed(request("https", "shop.example", 443, "Origin", "https://shop.example.evil.example")));
    }

    @Test
    void allowedWhenOriginSchemeDiffersThenRefused() {
        assertFalse(SameOrigin.allowed(request("https", "shop.example", 443, "Origin", "http://shop.example:443")));
        assertFalse(SameOrigin.allowed(request("https", "shop.example", 443, "Origin", "http://shop.example")));
    }

    @Test
    void allowedWhenBehindTlsTerminatingProxyThenHttpsOriginOfThisHostAllowed() {
        assertTrue(SameOrigin.allowed(request("http", "shop.example", 80,
                "Sec-Fetch-Site", "same-origin", "Origin", "https://shop.example")));
        assertTrue(SameOrigin.allowed(request("http", "shop.example", 8080, "Origin", "https://shop.example")));
        assertFalse(SameOrigin.allowed(request("http", "shop.example", 80, "Origin", "https://evil.example")));
    }

    @Test
    void allowedWhenOriginIsOpaqueNullThenRefused() {
        // Sandboxed iframes, data: URLs and some redirects send "Origin: null".
        assertFalse(SameOrigin.allowed(request("https", "shop.example", 443, "Origin", "null")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://shop.example/", "https://shop.example/path", "https://shop.example:443/x"})
    void allowedWhenOriginHasAPathThenRefused(String origin) {
        assertFalse(SameOrigin.allowed(request("https", "shop.example", 443, "Origin", origin)), origin);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "shop.example", "https://", "https:", "https://shop example",
            "//shop.example", "https://shop.example:port", "mailto:x@shop.example", "https://[::1"})
    void allowedWhenOriginIsGarbageThenRefused(String origin) {
        assertFalse(SameOrigin.allowed(request("https", "shop.example", 443, "Origin", origin)), origin);
    }

    /** A request answering only the headers given and the scheme, server name and port. */
    private static HttpServletRequest request(String scheme, String serverName, int serverPort, String... headers) {
        Map<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < headers.length; i += 2) {
            byName.put(headers[i], headers[i + 1]);
        }
        HttpServletRequest unsupported = (HttpServletRequest) Proxy.newProxyInstance(
                SameOriginTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException("SameOrigin must not call " + method.getName());
                });
        return new HttpServletRequestWrapper(unsupported) {
            @Override
            public String getHeader(String name) {
                return byName.get(name);
            }

            @Override
            public String getScheme() {
                return scheme;
            }

            @Override
            public String getServerName() {
                return serverName;
            }

            @Override
            public int getServerPort() {
                return serverPort;
            }
        };
    }
}
