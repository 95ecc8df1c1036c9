package dev.cookiewarden.banner;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Escaping for everything dynamic the banner writes, text and attribute values alike.
 * {@link #escape} output is pure ASCII, because the page injector writes it into pages of any
 * ASCII-compatible encoding: {@code & < > " '} become entities and every other non-ASCII
 * character a numeric character reference ({@code é} is {@code &#233;}, an emoji one reference
 * to its code point). {@link #escapeKeepingText} escapes the same five characters and keeps
 * every other character as it is, for a page the browser decodes as UTF-8, where {@code é} costs
 * two bytes instead of six. Both drop control characters other than tab and line breaks (HTML
 * forbids them, and a reference to one in 128..159 would be read as a windows-1252 character
 * instead) and turn a lone surrogate into U+FFFD. Stateless.
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
        escape(out, s, true);
    }

    /**
     * Appends {@code s} escaped for text content or a quoted attribute value of a page decoded as
     * UTF-8 (or another Unicode encoding): as {@link #escape(StringBuilder, String)}, but every
     * character that needs no escaping stays as it is instead of becoming a reference.
     */
    public static void escapeKeepingText(StringBuilder out, String s) {
        escape(out, s, false);
    }

    private static void escape(StringBuilder out, String s, boolean ascii) {
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
                        if (ascii) {
                            out.append("&#").append(Character.toCodePoint(c, s.charAt(i + 1))).append(';');
                        } else {
                            out.append(c).append(s.charAt(i + 1));
                        }
                        i++;
                    } else if (Character.isSurrogate(c)) {
                        out.append(ascii ? "&#65533;" : "\uFFFD");
                    } else if (ascii) {
                        out.append("&#").append((int) c).append(';');
                    } else {
                        out.append(c);
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
