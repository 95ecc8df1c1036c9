package dev.cookiewarden.banner;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Escaping for everything dynamic the banner writes, text and attribute values alike. The output
 * is pure ASCII, because the page injector writes it into pages of any ASCII-compatible encoding:
 * {@code & < > " '} become entities and every other non-ASCII character a numeric character
 * reference ({@code é} is {@code &#233;}, an emoji one reference to its code point). Control
 * characters other than tab and line breaks are dropped: HTML forbids them, and a reference to
 * one in 128..159 would be read as a windows-1252 character instead. A lone surrogate becomes
 * U+FFFD. Stateless.
 *
 * <p>Public so that other renderers (the cookie policy page of {@code dev.cookiewarden.register})
 * escape exactly as the banner does.
 */
public final class Html {
    private Html() {
    }

    /** {@code s} escaped for text content or a quoted attribute value. */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        escape(out, s);
        return out.toString();
    }

    /** Appends {@code s} escaped for text content or a quoted attribute value. */
    public static void escape(StringBuilder out, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\t', '\n', '\r' -> out.append(c);
                default -> {
                    if (c >= 0x20 && c < 0x7f) {
                        out.append(c);
                    } else if (c < 0xa0) {
                        // C0 and C1 controls and DEL: dropped.
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append("&#").append(Character.toCodePoint(c, s.charAt(i + 1))).append(';');
                        i++;
                    } else if (Character.isSurrogate(c)) {
                        out.append("&#65533;");
                    } else {
                        out.append("&#").append((int) c).append(';');
                    }
                }
            }
        }
    }

    /** {@code s} as a URL query value (application/x-www-form-urlencoded, UTF-8), then escaped. */
    public static String queryValue(String s) {
        return escape(URLEncoder.encode(s, StandardCharsets.UTF_8));
    }

    /** Whether every character of {@code s} is ASCII. */
    public static boolean isAscii(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
