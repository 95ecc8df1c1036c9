package dev.cookiewarden.banner;

import java.io.IOException;
import java.io.Writer;
import java.util.Objects;

/**
 * Passes an HTML page through to another writer, writing a head snippet right after the first
 * {@code <head>} start tag and a body snippet right after the first {@code <body>} start tag: the
 * character counterpart of {@link InjectingOutputStream}, for pages the application writes through
 * {@code getWriter()}.
 *
 * <p>Nothing is buffered: each write goes to the delegate before it returns, cut in two where a
 * snippet goes, and a tag split between writes ({@code <bo} then {@code dy>}) is still found. The
 * extra memory is a few fields whatever the size of the page. Once the body snippet is written, or
 * {@link #stopScanning()} is called, writes go straight through without looking at the
 * characters.
 *
 * <p>A head snippet is written only if the head start tag comes before the body start tag; a
 * page without a {@code <body>} start tag gets no body snippet. See {@link HtmlScanner} for what
 * counts as a tag (comments, scripts, attribute values and the like are skipped).
 *
 * <p>Snippets given as text are US-ASCII, like the stream's, so that the same banner is right in
 * any response encoding; {@link PageSnippets} in their UTF-8 form ({@link PageSnippets#forUtf8()})
 * are for a writer that encodes UTF-8. One instance per response; not thread-safe.
 */
public final class InjectingWriter extends Writer {
    private final Writer delegate;
    private final String headSnippet;
    private final String bodySnippet;
    private final HtmlScanner scanner = new HtmlScanner();
    private boolean scanning;
    private boolean headInjected;
    private boolean bodyInjected;

    /**
     * @param delegate where the page goes
     * @param headSnippet written after the head start tag; {@code null} or empty for none
     * @param bodySnippet written after the body start tag; {@code null} or empty for none
     * @throws IllegalArgumentException if a snippet has a character outside US-ASCII
     */
    public InjectingWriter(Writer delegate, String headSnippet, String bodySnippet) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.headSnippet = requireAscii(headSnippet, "headSnippet");
        this.bodySnippet = requireAscii(bodySnippet, "bodySnippet");
        this.scanning = !this.headSnippet.isEmpty() || !this.bodySnippet.isEmpty();
    }

    /**
     * Injects a page's snippets as they are: {@link PageSnippets} are ASCII already, or in their
     * UTF-8 form, which the caller chose for a writer that encodes UTF-8; they are not checked again.
     *
     * @param delegate where the page goes
     * @param snippets written after the head and the body start tags; an empty one is none
     */
    public InjectingWriter(Writer delegate, PageSnippets snippets) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(snippets, "snippets");
        this.headSnippet = snippets.head();
        this.bodySnippet = snippets.body();
        this.scanning = !this.headSnippet.isEmpty() || !this.bodySnippet.isEmpty();
    }

    private static String requireAscii(String snippet, String what) {
        if (snippet == null) {
            return "";
        }
        for (int i = 0; i < snippet.length(); i++) {
            char c = snippet.charAt(i);
            if (c >= 0x80) {
                throw new IllegalArgumentException("The " + what + " character [U+" + String.format("%04X", (int) c)
                        + "] at index [" + i + "] is not US-ASCII; escape it as an HTML character reference");
            }
        }
        return snippet;
    }

    @Override
    public void write(int c) throws IOException {
        if (!scanning) {
            delegate.write(c);
            return;
        }
        HtmlScanner.Point point = scanner.feed((char) c);
        delegate.write(c);
        if (point != HtmlScanner.Point.NONE) {
            insert(point);
        }
        if (scanner.isDone()) {
            scanning = false;
        }
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, cbuf.length);
        if (!scanning) {
            delegate.write(cbuf, off, len);
            return;
        }
        int end = off + len;
        int pending = off; // first char not yet passed on
        for (int i = off; i < end && scanning; ) {
            i = scanner.scan(cbuf, i, end);
            HtmlScanner.Point point = scanner.reported();
            if (point != HtmlScanner.Point.NONE) {
                delegate.write(cbuf, pending, i - pending);
                pending = i;
                insert(point);
            }
        }
        if (pending < end) {
            delegate.write(cbuf, pending, end - pending);
        }
        if (scanner.isDone()) {
            scanning = false;
        }
    }

    // Overridden because Writer's own version copies the string into a new array as long as it.
    @Override
    public void write(String str, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, str.length());
        if (!scanning) {
            delegate.write(str, off, len);
            return;
        }
        int end = off + len;
        int pending = off;
        for (int i = off; i < end && scanning; ) {
            i = scanner.scan(str, i, end);
            HtmlScanner.Point point = scanner.reported();
            if (point != HtmlScanner.Point.NONE) {
                delegate.write(str, pending, i - pending);
                pending = i;
                insert(point);
            }
        }
        if (pending < end) {
            delegate.write(str, pending, end - pending);
        }
        if (scanner.isDone()) {
            scanning = false;
        }
    }

    private void insert(HtmlScanner.Point point) throws IOException {
        if (point == HtmlScanner.Point.HEAD) {
            if (!headSnippet.isEmpty()) {
                headInjected = true; // before the write: a failed write is not retried
                delegate.write(headSnippet);
            }
            scanning = !bodySnippet.isEmpty();
        } else {
            scanning = false;
            if (!bodySnippet.isEmpty()) {
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
        return "InjectingWriter[scanning=" + scanning + ", headInjected=" + headInjected
                + ", bodyInjected=" + bodyInjected + ", headSnippet=" + headSnippet.length()
                + " chars, bodySnippet=" + bodySnippet.length() + " chars, delegate=" + delegate + "]";
    }
}
