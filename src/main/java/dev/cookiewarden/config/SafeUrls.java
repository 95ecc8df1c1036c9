package dev.cookiewarden.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Which configured links may be put into pages. The same-site rule is the consent endpoint's rule
 * for {@code return} paths, repeated here because the configuration depends on nothing else of
 * ours; keep the two in step. Stateless.
 */
final class SafeUrls {
    /** The longest link accepted. */
    static final int MAX_LENGTH = 2048;

    private SafeUrls() {
    }

    /**
     * Whether {@code path} is a path on this site: it starts with one {@code /} not followed by
     * another {@code /} or a {@code \}, and is printable ASCII without a backslash or a space. Such
     * a string is a path-absolute reference (RFC 3986 section 4.2): no scheme, no authority, so a
     * browser resolves it on this origin. {@code //evil.example} and {@code /\evil.example} are
     * refused (browsers read {@code \} as {@code /}), and so is a tab or line break, which a
     * browser strips and which could turn {@code /<tab>/evil} into {@code //evil}.
     */
    static boolean isSameSitePath(String path) {
        if (path == null || path.isEmpty() || path.length() > MAX_LENGTH || path.charAt(0) != '/') {
            return false;
        }
        if (path.length() > 1 && (path.charAt(1) == '/' || path.charAt(1) == '\\')) {
            return false;
        }
        return isPrintableAscii(path);
    }

    /**
     * Whether {@code url} is an absolute {@code https://} URL with a host and without user
     * information ({@code https://good.example@evil.example} reads as the first host but goes to
     * the second), printable ASCII without a backslash or a space, parseable by RFC 3986.
     */
    static boolean isHttpsUrl(String url) {
        if (url == null || url.length() > MAX_LENGTH || !isPrintableAscii(url)
                || !url.toLowerCase(Locale.ROOT).startsWith("https://")) {
            return false;
        }
        try {
            URI uri = new URI(url);
            return uri.getHost() != null && !uri.getHost().isEmpty() && uri.getRawUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\') {
                return false;
            }
        }
        return true;
    }
}
