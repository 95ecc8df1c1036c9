package dev.cookiewarden.endpoint;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Cross-site request refusal and safe return paths: the two checks that keep the consent
 * endpoint from being driven by another site. Stateless.
 */
final class SameOrigin {
    /** The longest {@code return} path accepted. */
    static final int MAX_RETURN_LENGTH = 2048;

    private SameOrigin() {
    }

    /**
     * Whether a state-changing request may come from where it says it comes from. Browsers send
     * {@code Sec-Fetch-Site} (Fetch Metadata) and {@code Origin} on every cross-site POST; a
     * request with neither comes from a non-browser client, which cannot ride on a visitor's
     * cookies and is let through.
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
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
        return scheme.equalsIgnoreCase(request.getScheme())
                && uri.getHost().equalsIgnoreCase(request.getServerName())
                && port == request.getServerPort();
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
    }

    /**
     * Whether {@code path} is a path on this site that a redirect may go to: it starts with one
     * {@code /}, is printable ASCII without a backslash, and parses as a URI with neither scheme
     * nor authority. {@code //evil.example}, {@code /\evil.example} and {@code https://...} are
     * refused, as is anything with a tab or line break that a browser would strip.
     */
    static boolean isSafeReturn(String path) {
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
        try {
            URI uri = new URI(path);
            return uri.getScheme() == null && uri.getRawAuthority() == null
                    && uri.getRawPath() != null && uri.getRawPath().startsWith("/");
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
