package dev.cookiewarden.banner;

/**
 * What goes into one page: the markup right after {@code <head>} and right after {@code <body>}.
 * Both are ASCII (non-ASCII text as character references), so they can be written into a page
 * of any ASCII-compatible encoding, as bytes or as characters.
 *
 * @param head the stylesheet and script tags
 * @param body the banner root
 */
public record PageSnippets(String head, String body) {

    /** @throws IllegalArgumentException when either snippet has a character outside ASCII */
    public PageSnippets {
        requireAscii("head", head);
        requireAscii("body", body);
    }

    private static void requireAscii(String what, String snippet) {
        for (int i = 0; i < snippet.length(); i++) {
            if (snippet.charAt(i) >= 0x80) {
                throw new IllegalArgumentException("The " + what + " snippet has a non-ASCII character at " + i
                        + ": render text as character references");
            }
        }
    }
}
