package dev.cookiewarden.sample;

/**
 * HTML escaping for text and attribute values. Everything the shop writes into a page that it did
 * not type itself (a parameter, a cookie name, a product, a message) goes through {@link #escape}.
 * Stateless.
 */
public final class Html {
    private Html() {
    }

    /**
     * {@code text} safe to place in an element's text or in a double- or single-quoted attribute
     * value: {@code & < > " '} become character references. {@code null} becomes the empty string.
     */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (replacement != null) {
                if (sb == null) {
                    sb = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                sb.append(replacement);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }
}
