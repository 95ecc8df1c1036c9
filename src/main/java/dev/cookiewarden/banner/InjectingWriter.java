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
 * characters. A page whose first write starts with the same characters up to its body start tag
 * as a page seen twice before takes the points found then, without a scan ({@link ScanMemo}): a
 * JSP page's first 8 KB buffer, for one, usually holds its whole head. A page whose head differs
 * from a kept one in a few places (a CSRF token, a script nonce) is scanned only around them
 * ({@link ResyncMemo}).
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
    /** Written as arrays, as the page's own writes mostly are: see {@link PageSnippets}. */
    private final char[] headSnippet;
    private final char[] bodySnippet;
    private final HtmlScanner scanner = new HtmlScanner();
    private final ScanMemo memo;
    private final ResyncMemo resyncMemo;
    private boolean scanning;
    /** No character of the page has been written yet: the next write is where a kept prefix would be. */
    private boolean atStart = true;
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
        this.headSnippet = requireAscii(headSnippet, "headSnippet").toCharArray();
        this.bodySnippet = requireAscii(bodySnippet, "bodySnippet").toCharArray();
        this.memo = ScanMemo.SHARED_CHARS;
        this.resyncMemo = ResyncMemo.SHARED_CHARS;
        this.scanning = this.headSnippet.length > 0 || this.bodySnippet.length > 0;
    }

    /**
     * Injects a page's snippets as they are: {@link PageSnippets} are ASCII already, or in their
     * UTF-8 form, which the caller chose for a writer that encodes UTF-8; they are not checked again.
     *
     * @param delegate where the page goes
     * @param snippets written after the head and the body start tags; an empty one is none
     */
    public InjectingWriter(Writer delegate, PageSnippets snippets) {
        this(delegate, snippets, ScanMemo.SHARED_CHARS, ResyncMemo.SHARED_CHARS);
    }

    /** With other memos than the shared ones, for tests. */
    InjectingWriter(Writer delegate, PageSnippets snippets, ScanMemo memo, ResyncMemo resyncMemo) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(snippets, "snippets");
        this.headSnippet = snippets.headChars();
        this.bodySnippet = snippets.bodyChars();
        this.memo = Objects.requireNonNull(memo, "memo");
        this.resyncMemo = Objects.requireNonNull(resyncMemo, "resyncMemo");
        this.scanning = this.headSnippet.length > 0 || this.bodySnippet.length > 0;
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
        atStart = false;
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
        scanOrPass(cbuf, off, len);
    }

    // Overridden because Writer's own version copies the string into a new array as long as it.
    @Override
    public void write(String str, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, str.length());
        if (!scanning) {
            delegate.write(str, off, len);
            return;
        }
        scanOrPass(str, off, len);
    }

    /**
     * Passes {@code units[off, off + len)}, a {@code char[]} or a {@code String}, on with the
     * snippets where the memo says they go, for a page's first write that starts with a kept
     * prefix, or else where the scanner finds them, resuming from kept states of the scanner where
     * the write is like a kept one; a page's first write tells the memos what its scan found.
     */
    private void scanOrPass(Object units, int off, int len) throws IOException {
        boolean pageStart = atStart && len > 0;
        ScanMemo.Points known = null;
        ResyncMemo.Resync resync = null;
        if (pageStart) {
            atStart = false;
            known = memo.find(units, off, len);
            if (known == null) {
                resync = resyncMemo.start(units, off, len);
            }
        }
        int end = off + len;
        int pending = off; // first char not yet passed on
        if (known != null) {
            if (known.head() >= 0) {
                pending = passUpTo(units, pending, off + known.head(), HtmlScanner.Point.HEAD);
            }
            if (scanning) { // still scanning after the head: the body snippet is still to come
                pending = passUpTo(units, pending, off + known.body(), HtmlScanner.Point.BODY);
            }
            scanning = false;
        }
        int headAt = -1;
        int bodyAt = -1;
        for (int i = pending; i < end && scanning; ) {
            i = resync == null ? PageUnits.scan(scanner, units, i, end) : resync.advance(scanner, i);
            HtmlScanner.Point point = scanner.reported();
            if (point == HtmlScanner.Point.HEAD) {
                headAt = i;
            } else if (point == HtmlScanner.Point.BODY) {
                bodyAt = i;
            }
            if (point != HtmlScanner.Point.NONE) {
                pending = passUpTo(units, pending, i, point);
            }
        }
        if (pending < end) {
            pass(units, pending, end);
        }
        if (scanner.isDone()) {
            scanning = false;
        }
        if (pageStart && known == null && bodyAt >= 0 && (resync == null || !resync.reachedBody())) {
            int headPoint = headAt < 0 ? -1 : headAt - off;
            memo.scanned(units, off, headPoint, bodyAt - off);
            resyncMemo.scanned(units, off, headPoint, bodyAt - off);
        }
    }

    /** Passes {@code units[from, to)} on, then the snippet of {@code point}; returns {@code to}. */
    private int passUpTo(Object units, int from, int to, HtmlScanner.Point point) throws IOException {
        pass(units, from, to);
        insert(point);
        return to;
    }

    private void pass(Object units, int from, int to) throws IOException {
        if (units instanceof char[] c) {
            delegate.write(c, from, to - from);
        } else {
            delegate.write((String) units, from, to - from);
        }
    }

    private void insert(HtmlScanner.Point point) throws IOException {
        if (point == HtmlScanner.Point.HEAD) {
            if (headSnippet.length > 0) {
                headInjected = true; // before the write: a failed write is not retried
                delegate.write(headSnippet, 0, headSnippet.length);
            }
            scanning = bodySnippet.length > 0;
        } else {
            scanning = false;
            if (bodySnippet.length > 0) {
                bodyInjected = true;
                delegate.write(bodySnippet, 0, bodySnippet.length);
            }
        }
    }

    /** Stops looking for tags: from now on every write goes straight to the delegate. */
    public void stopScanning() {
        scanning = false;
    }

    /** Whether writes are still looked at; once not, every write goes straight to the delegate. */
    boolean scanning() {
        return scanning;
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
                + ", bodyInjected=" + bodyInjected + ", headSnippet=" + headSnippet.length
                + " chars, bodySnippet=" + bodySnippet.length + " chars, delegate=" + delegate + "]";
    }
}
