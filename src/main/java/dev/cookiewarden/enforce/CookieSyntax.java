package dev.cookiewarden.enforce;

import java.nio.charset.StandardCharsets;

/**
 * The character rules of RFC 6265bis, RFC 6265 section 4.1.1 and RFC 9110 that both cookie
 * headers share. Stateless.
 */
final class CookieSyntax {
    private static final String[] SAME_SITE_VALUES = {"Strict", "Lax", "None"};

    private CookieSyntax() {
    }

    /** Removes leading and trailing SP and HTAB, the WSP of 6265bis section 5.6 (not all of String.trim()). */
    static String trimWsp(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWsp(s.charAt(start))) {
            start++;
        }
        while (end > start && isWsp(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** The index of the first character from {@code from} on, before {@code to}, that is not SP or HTAB; {@code to} if none. */
    static int skipWsp(String s, int from, int to) {
        while (from < to && isWsp(s.charAt(from))) {
            from++;
        }
        return from;
    }

    /** The end of {@code s} between {@code from} and {@code to} once trailing SP and HTAB are left out. */
    static int backWsp(String s, int from, int to) {
        while (to > from && isWsp(s.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    private static boolean isWsp(char c) {
        return c == ' ' || c == '\t';
    }

    /** %x00-08 / %x0A-1F / %x7F, the CTLs that void a header (6265bis section 5.6 step 1); not HTAB. */
    static boolean isForbiddenControl(char c) {
        return (c <= 0x1F && c != '\t') || c == 0x7F;
    }

    /**
     * True when {@code s} has a CTL, a tab or one of {@code extra}: for text we write ourselves,
     * where being stricter than a browser costs nothing and keeps CR/LF out of headers.
     */
    static boolean hasForbidden(String s, String extra) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isForbiddenControl(c) || c == '\t' || extra.indexOf(c) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** Length in UTF-8 octets: the RFC limits octets, and a browser sees the bytes, not chars. */
    static int octets(String s) {
        return octets(s, 0, s.length());
    }

    /** {@link #octets(String)} of {@code s} from {@code from} to {@code to}. */
    static int octets(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) >= 0x80) {
                return s.substring(from, to).getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return to - from;
    }

    /** Cookie prefixes are matched case-insensitively since 6265bis-11 (section 4.1.3). */
    static boolean hasPrefix(String cookieName, String prefix) {
        return cookieName.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /**
     * Letters, digits, '-' and '.' only: a Domain we write must be an ASCII host name (an IDN in
     * its A-label form), never something a browser would re-split or reject.
     */
    static boolean isDomainText(String domain) {
        if (domain.isEmpty()) {
            return false;
        }
        for (int i = 0; i < domain.length(); i++) {
            char c = domain.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /** Strict, Lax or None in canonical spelling when {@code value} matches one in any case; else null. */
    static String canonicalSameSite(String value) {
        return canonicalSameSite(value, 0, value.length());
    }

    /** {@link #canonicalSameSite(String)} of {@code s} from {@code from} to {@code to}. */
    static String canonicalSameSite(String s, int from, int to) {
        for (String known : SAME_SITE_VALUES) {
            // What String.equalsIgnoreCase does, on a part of s.
            if (to - from == known.length() && s.regionMatches(true, from, known, 0, known.length())) {
                return known;
            }
        }
        return null;
    }

    /** cookie-value = *cookie-octet / ( DQUOTE *cookie-octet DQUOTE ), RFC 6265 section 4.1.1. */
    static boolean isCookieValue(String s) {
        String inner = s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")
                ? s.substring(1, s.length() - 1) : s;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            // %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E: US-ASCII visible characters
            // except DQUOTE, comma, semicolon and backslash.
            boolean octet = c == 0x21 || c >= 0x23 && c <= 0x2B || c >= 0x2D && c <= 0x3A
                    || c >= 0x3C && c <= 0x5B || c >= 0x5D && c <= 0x7E;
            if (!octet) {
                return false;
            }
        }
        return true;
    }
}
