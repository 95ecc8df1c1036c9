package dev.cookiewarden.endpoint;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Cross-site request refusal and safe return paths: the two checks that keep the consent
 * endpoint from being driven by another site. Stateless.
 */
public final class SameOrigin {
    /** The longest {@code return} path accepted. */
    static final int MAX_RETURN_LENGTH = 2048;

    private SameOrigin() {
    }

    /**
     * Whether a state-changing request may come from where it says it comes from.
     *
     * <p>{@code Sec-Fetch-Site} (Fetch Metadata, sent by every current browser) must be
     * {@code same-origin} or {@code none} (typed or bookmarked) when present. {@code Origin}, when
     * present, must name this host with the request's scheme and port, or be {@code https} while
     * the container sees {@code http}: the page came through a TLS-terminating proxy. A request
     * with neither header comes from a non-browser client, which cannot ride on a visitor's
     * cookies, and is let through.
     */
    static boolean allowed(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            String s = site.trim().toLowerCase(Locale.ROOT);
            if (!s.equals("same-origin") && !s.equals("none")) {
                return false;
            }
        }
        String origin = request.getHeader("Origin");
        return origin == null || matchesRequest(origin.trim(), request);
    }

    private static boolean matchesRequest(String origin, HttpServletRequest request) {
        URI uri;
        try {
            uri = new URI(origin);
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()) {
            return false; // includes the opaque origin "null"
        }
        if (!uri.getHost().equalsIgnoreCase(request.getServerName())) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
        if (scheme.equalsIgnoreCase(request.getScheme()) && port == request.getServerPort()) {
            return true;
        }
        // A TLS-terminating proxy: the browser was on https, the container sees plain http
        // (on whatever port the proxy forwards to).
        return "https".equals(scheme) && "http".equalsIgnoreCase(request.getScheme());
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
    }

    /**
     * Whether {@code path} is a path on this site that a redirect may go to: it starts with one
     * {@code /} not followed by another {@code /} or a {@code \}, and is printable ASCII without a
     * backslash. Such a string is a path-absolute reference (RFC 3986 4.2): it has neither scheme
     * nor authority, so a browser resolves it on this origin. {@code //evil.example},
     * {@code /\evil.example} and {@code https://...} are refused, as is anything with a space, a
     * tab or a line break (a browser strips tabs and line breaks, which could turn
     * {@code /<tab>/evil} into {@code //evil}).
     */
    public static boolean isSafeReturn(String path) {
        if (path == null || path.isEmpty() || path.length() > MAX_RETURN_LENGTH || path.charAt(0) != '/') {
            return false;
        }
        if (path.length() > 1 && (path.charAt(1) == '/' || path.charAt(1) == '\\')) {
            return false;
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
