package dev.cookiewarden.banner;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Passes an HTML page through to another stream, writing a head snippet right after the first
 * {@code <head>} start tag and a body snippet right after the first {@code <body>} start tag. Tags
 * are found on bytes, and every byte at or above {@code 0x80} is text, so the page must be in an
 * ASCII-compatible encoding such as UTF-8, ISO-8859-1 or windows-1252; not UTF-16, UTF-32 or
 * ISO-2022-JP, whose bytes below {@code 0x80} can be parts of other characters (write those
 * through {@link InjectingWriter}, or not at all).
 *
 * <p>Nothing is buffered: each write goes to the delegate before it returns, cut in two where a
 * snippet goes, and a tag split between writes ({@code <bo} then {@code dy>}) is still found. The
 * extra memory is a few fields whatever the size of the page. Once the body snippet is written, or
 * {@link #stopScanning()} is called, writes go straight through without looking at the bytes.
 *
 * <p>A head snippet is written only if the head start tag comes before the body start tag; a
 * page without a {@code <body>} start tag gets no body snippet. See {@link HtmlScanner} for what
 * counts as a tag (comments, scripts, attribute values and the like are skipped).
 *
 * <p>One instance per response; not thread-safe, like the stream it wraps. Example:
 * <pre>{@code
 * OutputStream out = new InjectingOutputStream(response.getOutputStream(),
 *         null, "<div id=\"cw-banner\"></div>".getBytes(StandardCharsets.US_ASCII));
 * }</pre>
 */
public final class InjectingOutputStream extends OutputStream {
    private static final byte[] NOTHING = new byte[0];

    private final OutputStream delegate;
    private final byte[] headSnippet;
    private final byte[] bodySnippet;
    private final HtmlScanner scanner = new HtmlScanner();
    private boolean scanning;
    private boolean headInjected;
    private boolean bodyInjected;

    /**
     * @param delegate where the page goes
     * @param headSnippet written after the head start tag; {@code null} or empty for none
     * @param bodySnippet written after the body start tag; {@code null} or empty for none
     * @throws IllegalArgumentException if a snippet has a byte outside US-ASCII
     */
    public InjectingOutputStream(OutputStream delegate, byte[] headSnippet, byte[] bodySnippet) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.headSnippet = asciiCopy(headSnippet, "headSnippet");
        this.bodySnippet = asciiCopy(bodySnippet, "bodySnippet");
        this.scanning = this.headSnippet.length > 0 || this.bodySnippet.length > 0;
    }

    /**
     * Injects a page's snippets as they are: {@link PageSnippets} are ASCII already (checked when
     * made from text, ASCII by construction when the renderer made them), and never modified, so
     * they are neither checked nor copied again.
     *
     * @param delegate where the page goes
     * @param snippets written after the head and the body start tags; an empty one is none
     */
    public InjectingOutputStream(OutputStream delegate, PageSnippets snippets) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(snippets, "snippets");
        this.headSnippet = snippets.headBytes();
        this.bodySnippet = snippets.bodyBytes();
        this.scanning = this.headSnippet.length > 0 || this.bodySnippet.length > 0;
    }

    private static byte[] asciiCopy(byte[] snippet, String what) {
        if (snippet == null || snippet.length == 0) {
            return NOTHING;
        }
        for (int i = 0; i < snippet.length; i++) {
            if (snippet[i] < 0) { // bytes are signed: 0x80..0xFF are negative
                throw new IllegalArgumentException("The " + what + " byte [0x" + Integer.toHexString(snippet[i] & 0xFF)
                        + "] at index [" + i + "] is not US-ASCII; escape it as an HTML character reference");
            }
        }
        return Arrays.copyOf(snippet, snippet.length);
    }

    @Override
    public void write(int b) throws IOException {
        if (!scanning) {
            delegate.write(b);
            return;
        }
        HtmlScanner.Point point = scanner.feed(b & 0xFF);
        delegate.write(b);
        if (point != HtmlScanner.Point.NONE) {
            insert(point);
        }
        if (scanner.isDone()) {
            scanning = false;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (!scanning) {
            delegate.write(b, off, len);
            return;
        }
        int end = off + len;
        int pending = off; // first byte not yet passed on
        for (int i = off; i < end && scanning; ) {
            i = scanner.scan(b, i, end);
            HtmlScanner.Point point = scanner.reported();
            if (point != HtmlScanner.Point.NONE) {
                delegate.write(b, pending, i - pending);
                pending = i;
                insert(point);
            }
        }
        if (pending < end) {
            delegate.write(b, pending, end - pending);
        }
        if (scanner.isDone()) {
            scanning = false;
        }
    }

    private void insert(HtmlScanner.Point point) throws IOException {
        if (point == HtmlScanner.Point.HEAD) {
            if (headSnippet.length > 0) {
                headInjected = true; // before the write: a failed write is not retried
                delegate.write(headSnippet);
            }
            scanning = bodySnippet.length > 0;
        } else {
            scanning = false;
            if (bodySnippet.length > 0) {
                bodyInjected = true;
                delegate.write(bodySnippet);
            }
        }
    }

    /** Stops looking for tags: from now on every write goes straight to the delegate. */
    public void stopScanning() {
        scanning = false;
    }

    /** Whether the head snippet has been written (never, when there is none). */
    public boolean headInjected() {
        return headInjected;
    }

    /** Whether the body snippet has been written (never, when there is none). */
    public boolean bodyInjected() {
        return bodyInjected;
    }

    @Override
    public void flush() throws IOException {
        delegate.flush();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public String toString() {
        return "InjectingOutputStream[scanning=" + scanning + ", headInjected=" + headInjected + ", bodyInjected=" + bodyInjected
                + ", headSnippet=" + headSnippet.length + " bytes, bodySnippet=" + bodySnippet.length
                + " bytes, delegate=" + delegate + "]";
    }
}
