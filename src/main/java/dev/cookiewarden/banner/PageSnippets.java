package dev.cookiewarden.banner;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * What goes into one page: the markup right after {@code <head>} and right after {@code <body>}.
 * Both are ASCII (non-ASCII text as character references), so they can be written into a page
 * of any ASCII-compatible encoding, as bytes or as characters. The renderer's snippets also come
 * in a form for pages in UTF-8 ({@link #forUtf8()}), whose text is kept as it is: a French
 * banner is about 150 bytes shorter that way.
 *
 * <p>The snippets are held as the bytes {@link InjectingOutputStream} writes; the characters
 * {@link InjectingWriter} writes, and the text form, are made from them on first use. The writer
 * writes characters from an array, as a JSP page's buffer reaches the container, rather than
 * from a string: Jetty's encoder reads each character through {@code CharSequence.charAt}, and
 * under load it read the snippets' strings much more slowly per character than the page's arrays
 * (finding 36 in BENCHMARKS.md). {@link BannerRenderer} assembles
 * them straight into bytes and hands them over unchecked and uncopied: its markup is ASCII by
 * construction (every dynamic value escaped, every literal checked once at startup), and its
 * UTF-8 form differs only in the text. Snippets made from text through the public constructor
 * are checked to be ASCII, and are their own UTF-8 form.
 *
 * <p>Immutable and thread-safe (the characters and the text form may be made more than once
 * under a race, always equal; the arrays are published through volatile fields, so a thread sees
 * them whole or makes its own). Nothing outside this package can reach the byte arrays.
 */
public final class PageSnippets {
    private final byte[] headBytes;
    private final byte[] bodyBytes;
    /** How the bytes are decoded into the text form: ISO-8859-1 for ASCII, else UTF-8. */
    private final boolean utf8Bytes;
    /** The same snippets for a page in UTF-8; this instance when they do not differ. */
    private final PageSnippets utf8;
    private String head;
    private String body;
    /** Volatile: an array published by a race could be seen before its contents. */
    private volatile char[] headChars;
    private volatile char[] bodyChars;

    /**
     * @param head the stylesheet and script tags
     * @param body the banner root
     * @throws IllegalArgumentException when either snippet has a character outside ASCII
     * @throws NullPointerException when either snippet is null
     */
    public PageSnippets(String head, String body) {
        this.headBytes = ascii("head", Objects.requireNonNull(head, "head"));
        this.bodyBytes = ascii("body", Objects.requireNonNull(body, "body"));
        this.head = head;
        this.body = body;
        this.utf8Bytes = false;
        this.utf8 = this;
    }

    private PageSnippets(byte[] headBytes, byte[] bodyBytes, byte[] bodyUtf8) {
        this.headBytes = headBytes;
        this.bodyBytes = bodyBytes;
        this.utf8Bytes = false;
        this.utf8 = Arrays.equals(bodyBytes, bodyUtf8) ? this : new PageSnippets(headBytes, bodyUtf8);
    }

    /** The UTF-8 form of snippets whose head is ASCII. */
    private PageSnippets(byte[] headBytes, byte[] bodyUtf8) {
        this.headBytes = headBytes;
        this.bodyBytes = bodyUtf8;
        this.utf8Bytes = true;
        this.utf8 = this;
    }

    /**
     * Snippets the renderer assembled, bytes it hands over and never touches again: the head and
     * the body in ASCII, and the body with its text kept as it is, in UTF-8 (the head has no text).
     * Neither checked nor copied.
     */
    static PageSnippets trusted(byte[] headBytes, byte[] bodyBytes, byte[] bodyUtf8) {
        return new PageSnippets(Objects.requireNonNull(headBytes, "headBytes"),
                Objects.requireNonNull(bodyBytes, "bodyBytes"), Objects.requireNonNull(bodyUtf8, "bodyUtf8"));
    }

    /**
     * The same snippets for a page the browser decodes as UTF-8 (its {@code Content-Type} says
     * so): the text as it is instead of character references. This instance when nothing differs,
     * and for snippets made from text, which are ASCII.
     */
    public PageSnippets forUtf8() {
        return utf8;
    }

    private static byte[] ascii(String what, String snippet) {
        byte[] out = new byte[snippet.length()];
        for (int i = 0; i < out.length; i++) {
            char c = snippet.charAt(i);
            if (c >= 0x80) {
                throw new IllegalArgumentException("The " + what + " snippet has a non-ASCII character at " + i
                        + ": render text as character references");
            }
            out[i] = (byte) c;
        }
        return out;
    }

    /** The stylesheet and script tags. */
    public String head() {
        String h = head;
        if (h == null) {
            h = new String(headBytes, StandardCharsets.ISO_8859_1);
            head = h;
        }
        return h;
    }

    /** The banner root. */
    public String body() {
        String b = body;
        if (b == null) {
            b = new String(bodyBytes, utf8Bytes ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            body = b;
        }
        return b;
    }

    /** The head snippet's characters, not copied: callers never modify them. */
    char[] headChars() {
        char[] h = headChars;
        if (h == null) {
            h = head().toCharArray();
            headChars = h;
        }
        return h;
    }

    /** The body snippet's characters, not copied: callers never modify them. */
    char[] bodyChars() {
        char[] b = bodyChars;
        if (b == null) {
            b = body().toCharArray();
            bodyChars = b;
        }
        return b;
    }

    /** The head snippet's ASCII bytes, not copied: callers never modify them. */
    byte[] headBytes() {
        return headBytes;
    }

    /** The body snippet's bytes (ASCII, or UTF-8 in {@link #forUtf8()}), not copied: callers never modify them. */
    byte[] bodyBytes() {
        return bodyBytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PageSnippets other && Arrays.equals(headBytes, other.headBytes)
                && Arrays.equals(bodyBytes, other.bodyBytes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(headBytes) + Arrays.hashCode(bodyBytes);
    }

    @Override
    public String toString() {
        return "PageSnippets[head=" + headBytes.length + " bytes, body=" + bodyBytes.length + " bytes"
                + (utf8Bytes ? " in UTF-8" : utf8 != this ? ", " + utf8.bodyBytes.length + " in UTF-8" : "") + "]";
    }
}
