package dev.cookiewarden.enforce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the application sees of the request's cookies, with the hidden one first, in the middle,
 * last, or absent (the visible list is only built once a cookie is hidden).
 */
class ConsentRequestTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final String GA_DELETION =
            "_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Domain=example.org";

    private final RequestEnforcement enforcement =
            new RequestEnforcement(PolicyFixtures.policy(), Set.of(), new CookieObservations(), false, NOW);

    /** A container's request carrying one Cookie line, and the cookies a container would parse from it. */
    private static HttpServletRequest container(String cookieLine) {
        List<CookieHeader.Pair> pairs = CookieHeader.parse(List.of(cookieLine));
        Cookie[] cookies = pairs.stream().filter(p -> !p.isNameless())
                .map(p -> new Cookie(p.name(), p.value())).toArray(Cookie[]::new);
        return (HttpServletRequest) Proxy.newProxyInstance(ConsentRequestTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeader" -> "Cookie".equalsIgnoreCase((String) args[0]) ? cookieLine : null;
                    case "getHeaders" -> Collections.enumeration("Cookie".equalsIgnoreCase((String) args[0])
                            ? List.of(cookieLine) : List.of());
                    case "getHeaderNames" -> Collections.enumeration(List.of("Host", "Cookie"));
                    case "getCookies" -> cookies.clone();
                    case "toString" -> "container request";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private ConsentRequest request(String cookieLine) {
        return new ConsentRequest(container(cookieLine), enforcement, CookieLine.of(CookieHeader.parse(List.of(cookieLine))));
    }

    private static List<String> names(Cookie[] cookies) {
        return cookies == null ? null : Arrays.stream(cookies).map(Cookie::getName).toList();
    }

    @Test
    void whenHiddenCookieInTheMiddleThenTheOthersStayInOrderAndItIsExpired() {
        ConsentRequest r = request("JSESSIONID=1; _ga=GA1.2; cookie_warden=v");
        assertEquals("JSESSIONID=1; cookie_warden=v", r.getHeader("Cookie"));
        assertEquals(List.of("JSESSIONID=1; cookie_warden=v"), Collections.list(r.getHeaders("cookie")));
        assertEquals(List.of("JSESSIONID", "cookie_warden"), names(r.getCookies()));
        assertEquals(List.of(Map.entry("_ga", GA_DELETION)), enforcement.filterCookies());
    }

    @Test
    void whenHiddenCookieFirstThenTheOthersStayInOrder() {
        ConsentRequest r = request("_ga=GA1.2; JSESSIONID=1; _fbp=x; lang=fr");
        assertEquals("JSESSIONID=1", r.getHeader("Cookie"));
        assertEquals(List.of("JSESSIONID"), names(r.getCookies()));
        assertEquals(List.of("_ga", "_fbp", "lang"), enforcement.filterCookies().stream().map(Map.Entry::getKey).toList());
    }

    @Test
    void whenHiddenCookieLastThenTheOthersStayInOrder() {
        ConsentRequest r = request("JSESSIONID=1; cookie_warden=v; _ga_X=1");
        assertEquals("JSESSIONID=1; cookie_warden=v", r.getHeader("Cookie"));
        assertEquals(List.of("JSESSIONID", "cookie_warden"), names(r.getCookies()));
        assertEquals(List.of("_ga_X"), enforcement.filterCookies().stream().map(Map.Entry::getKey).toList());
    }

    @Test
    void whenNothingHiddenThenTheContainersOwnHeaderAndCookiesPassThrough() {
        HttpServletRequest container = container("JSESSIONID=1;  cookie_warden=v");
        ConsentRequest r = new ConsentRequest(container, enforcement,
                CookieLine.of(CookieHeader.parse(List.of("JSESSIONID=1;  cookie_warden=v"))));
        assertEquals("JSESSIONID=1;  cookie_warden=v", r.getHeader("Cookie"), "not rewritten");
        assertEquals(List.of("JSESSIONID", "cookie_warden"), names(r.getCookies()));
        assertEquals(List.of("Host", "Cookie"), Collections.list(r.getHeaderNames()));
        assertEquals(List.of(), enforcement.filterCookies());
        assertEquals("ConsentRequest[anyHidden=false]", r.toString());
    }

    @Test
    void whenOnlyANamelessPieceIsHiddenThenNothingIsExpired() {
        ConsentRequest r = request("JSESSIONID=1; orphan");
        assertEquals("JSESSIONID=1", r.getHeader("Cookie"));
        assertEquals(List.of(), enforcement.filterCookies());
        assertEquals("ConsentRequest[anyHidden=true, visible=1]", r.toString());
    }

    @Test
    void whenEveryCookieIsHiddenThenNoCookieHeaderAndNoCookies() {
        ConsentRequest r = request("_ga=1; _fbp=2");
        assertNull(r.getHeader("Cookie"));
        assertEquals(List.of(), Collections.list(r.getHeaders("Cookie")));
        assertEquals(List.of("Host"), Collections.list(r.getHeaderNames()));
        assertNull(r.getCookies());
    }

    @Test
    void whenNoCookiesThenEverythingPassesThrough() {
        HttpServletRequest container = container("");
        ConsentRequest r = new ConsentRequest(container, enforcement, CookieLine.NONE);
        assertNull(r.getHeader("X-Other"));
        assertArrayEquals(new Cookie[0], r.getCookies());
        assertEquals(List.of(), enforcement.filterCookies());
    }
}
