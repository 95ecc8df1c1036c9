package dev.cookiewarden.sample;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A deliberately cookie-less HTTP client for the wire tests: no CookieManager, so that every
 * {@code Cookie} header is the one the test wrote and every {@code Set-Cookie} header is read as
 * the server sent it. Redirects are not followed.
 */
final class ShopClient {
    private static final Pattern MAX_AGE = Pattern.compile("(?i);\\s*Max-Age\\s*=\\s*(-?\\d+)");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;

    ShopClient(int port) {
        this.base = "http://localhost:" + port;
    }

    String origin() {
        return base;
    }

    /** What a browser's {@code Accept} says when it navigates to a page (or loads an iframe). */
    static final String NAVIGATION_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    /**
     * A GET as a browser's navigation sends it: {@code Accept} with {@code text/html}, which is
     * what makes Cookie Warden put its banner into the page, and {@code Accept-Language: en}.
     */
    HttpResponse<String> get(String path, String cookieHeader) throws IOException, InterruptedException {
        return get(path, cookieHeader, "Accept", NAVIGATION_ACCEPT, "Accept-Language", "en");
    }

    /** A GET with exactly these headers ({@code headers} alternate name and value), and the cookies if any. */
    HttpResponse<String> get(String path, String cookieHeader, String... headers)
            throws IOException, InterruptedException {
        return http.send(getRequest(path, cookieHeader, headers), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A GET whose body is kept as bytes (an image). */
    HttpResponse<byte[]> getBytes(String path, String cookieHeader, String... headers)
            throws IOException, InterruptedException {
        return http.send(getRequest(path, cookieHeader, headers), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpRequest getRequest(String path, String cookieHeader, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (cookieHeader != null && !cookieHeader.isEmpty()) {
            b.header("Cookie", cookieHeader);
        }
        return b.build();
    }

    /**
     * Posts a form; {@code fields} alternate name and value ({@code "action", "save", "category",
     * "analytics"}), and may repeat a name.
     */
    HttpResponse<String> post(String path, String cookieHeader, String origin, String... fields)
            throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < fields.length; i += 2) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(fields[i], StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(fields[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (cookieHeader != null && !cookieHeader.isEmpty()) {
            b.header("Cookie", cookieHeader);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Every Set-Cookie header of the response, in order. */
    static List<String> setCookies(HttpResponse<?> response) {
        return response.headers().allValues("set-cookie");
    }

    /** The names the response's Set-Cookie headers set or delete, in order. */
    static List<String> setCookieNames(HttpResponse<?> response) {
        return setCookies(response).stream().map(ShopClient::name).collect(Collectors.toList());
    }

    /** The Set-Cookie headers of the response by cookie name (the last one wins). */
    static Map<String, String> setCookiesByName(HttpResponse<?> response) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String header : setCookies(response)) {
            byName.put(name(header), header);
        }
        return byName;
    }

    /** The one Set-Cookie header for {@code name}; fails when there is none or more than one. */
    static String setCookie(HttpResponse<?> response, String name) {
        List<String> matching = new ArrayList<>();
        for (String header : setCookies(response)) {
            if (name(header).equals(name)) {
                matching.add(header);
            }
        }
        if (matching.size() != 1) {
            throw new AssertionError("Expected one Set-Cookie for [" + name + "], got " + setCookies(response));
        }
        return matching.get(0);
    }

    /** The cookie name of a Set-Cookie value: what comes before the first '='. */
    static String name(String setCookie) {
        int eq = setCookie.indexOf('=');
        return eq < 0 ? setCookie.strip() : setCookie.substring(0, eq).strip();
    }

    /** The {@code name=value} pair of a Set-Cookie value, ready for a Cookie header. */
    static String pair(String setCookie) {
        int semi = setCookie.indexOf(';');
        return (semi < 0 ? setCookie : setCookie.substring(0, semi)).strip();
    }

    /** The Max-Age attribute of a Set-Cookie value, if any. */
    static OptionalLong maxAge(String setCookie) {
        Matcher m = MAX_AGE.matcher(setCookie);
        return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
    }

    /** Whether the Set-Cookie value deletes its cookie (Max-Age zero or less). */
    static boolean isDeletion(String setCookie) {
        OptionalLong maxAge = maxAge(setCookie);
        return maxAge.isPresent() && maxAge.getAsLong() <= 0;
    }

    /** The pair of the named cookie in the response's Set-Cookie headers, if set (not deleted). */
    static Optional<String> cookiePair(HttpResponse<?> response, String name) {
        return setCookies(response).stream()
                .filter(h -> name(h).equals(name) && !isDeletion(h))
                .map(ShopClient::pair)
                .reduce((first, second) -> second);
    }
}
