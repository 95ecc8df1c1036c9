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
 * <p>Nothing is buffered: each write goes to the delegate before it returns, and a tag split
 * between writes ({@code <bo} then {@code dy>}) is still found. A write that holds a snippet's
 * place is passed on in pieces of at most {@link #pieceSize(int)} bytes (8 KiB unless set): the
 * page's bytes up to the place, the snippet, the rest. Containers aggregate small writes in
 * their own buffer and send them together (Jetty sends each write larger than its aggregation
 * size, 8 KiB by default, on its own, and a heap array through a copy into a direct buffer;
 * Tomcat copies every write into its buffer), so pieces cost no system call the application's
 * write would not have cost, and the page is never copied by the filter. In non-blocking mode
 * ({@link #nonBlocking()}) a second write before {@code isReady()} is an error: there the write
 * and its snippets are joined into one array of their own. The extra memory is a few fields
 * whatever the size of the page. Once the body snippet is written, or {@link #stopScanning()} is
 * called, writes go straight through without looking at the bytes.
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
    /** The largest piece a write with a snippet is passed on in, unless set: Jetty's default aggregation size. */
    static final int DEFAULT_PIECE_SIZE = 8 * 1024;

    private final OutputStream delegate;
    private final byte[] headSnippet;
    private final byte[] bodySnippet;
    private final HtmlScanner scanner = new HtmlScanner();
    private final ScanMemo memo;
    private final ResyncMemo resyncMemo;
    private boolean scanning;
    /** No byte of the page has been written yet: the next write is where a kept prefix would be. */
    private boolean atStart = true;
    private boolean nonBlocking;
    private int pieceSize = DEFAULT_PIECE_SIZE;
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
        this.memo = ScanMemo.SHARED;
        this.resyncMemo = ResyncMemo.SHARED;
        this.scanning = this.headSnippet.length > 0 || this.bodySnippet.length > 0;
    }

    /**
     * Injects a page's snippets as they are: {@link PageSnippets} are ASCII already (checked when
     * made from text, ASCII by construction when the renderer made them), or in their UTF-8 form,
     * which the caller chose for a page sent in UTF-8; never modified, so they are neither checked
     * nor copied again.
     *
     * @param delegate where the page goes
     * @param snippets written after the head and the body start tags; an empty one is none
     */
    public InjectingOutputStream(OutputStream delegate, PageSnippets snippets) {
        this(delegate, snippets, ScanMemo.SHARED, ResyncMemo.SHARED);
    }

    /** With other memos than the shared ones, for tests. */
    InjectingOutputStream(OutputStream delegate, PageSnippets snippets, ScanMemo memo, ResyncMemo resyncMemo) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        Objects.requireNonNull(snippets, "snippets");
        this.headSnippet = snippets.headBytes();
        this.bodySnippet = snippets.bodyBytes();
        this.memo = Objects.requireNonNull(memo, "memo");
        this.resyncMemo = Objects.requireNonNull(resyncMemo, "resyncMemo");
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
        atStart = false;
        if (!scanning) {
            delegate.write(b);
            return;
        }
        HtmlScanner.Point point = scanner.feed(b & 0xFF);
        if (scanner.isDone()) {
            scanning = false;
        }
        byte[] snippet = point == HtmlScanner.Point.NONE ? NOTHING : take(point);
        if (snippet.length == 0) {
            delegate.write(b);
            return;
        }
        byte[] joined = new byte[1 + snippet.length]; // once or twice a page
        joined[0] = (byte) b;
        System.arraycopy(snippet, 0, joined, 1, snippet.length);
        delegate.write(joined);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (!scanning) {
            delegate.write(b, off, len);
            return;
        }
        scanOrPass(b, off, len);
    }

    /**
     * A write while the snippets' places are still to be found: apart, so that {@link #write(byte[],
     * int, int)} stays small enough for the JIT to inline where the page is written, as every write
     * after the body start tag only passes on.
     */
    private void scanOrPass(byte[] b, int off, int len) throws IOException {
        boolean pageStart = atStart && len > 0;
        ResyncMemo.Resync resync = null;
        if (pageStart) {
            atStart = false;
            ScanMemo.Points known = memo.find(b, off, len);
            if (known != null) {
                passAt(b, off, len, known);
                return;
            }
            resync = resyncMemo.start(b, off, len);
        }
        // Where the scanner finds the points, and the snippets taken there (empty for none).
        int end = off + len;
        int headAt = -1;
        byte[] head = NOTHING;
        int bodyAt = -1;
        byte[] body = NOTHING;
        for (int i = off; i < end && scanning; ) {
            i = resync == null ? scanner.scan(b, i, end) : resync.advance(scanner, i);
            HtmlScanner.Point point = scanner.reported();
            if (point == HtmlScanner.Point.HEAD) {
                headAt = i;
                head = take(point);
            } else if (point == HtmlScanner.Point.BODY) {
                bodyAt = i;
                body = take(point);
            }
        }
        if (scanner.isDone()) {
            scanning = false;
        }
        if (pageStart && bodyAt >= 0 && (resync == null || !resync.reachedBody())) {
            int headPoint = headAt < 0 ? -1 : headAt - off;
            memo.scanned(b, off, headPoint, bodyAt - off);
            resyncMemo.scanned(b, off, headPoint, bodyAt - off);
        }
        passWith(b, off, end, headAt, head, bodyAt, body);
    }

    /**
     * Passes a page's first write on with its snippets at the points a scan of the same bytes
     * found before ({@link ScanMemo}), taking them as the scan would have.
     */
    private void passAt(byte[] b, int off, int len, ScanMemo.Points known) throws IOException {
        byte[] head = known.head() < 0 ? NOTHING : take(HtmlScanner.Point.HEAD);
        // Still scanning after the head: the body snippet is still to come.
        byte[] body = scanning ? take(HtmlScanner.Point.BODY) : NOTHING;
        scanning = false;
        passWith(b, off, off + len, off + known.head(), head, off + known.body(), body);
    }

    /**
     * Passes {@code b[off, end)} on with {@code head} at {@code headAt} and {@code body} at
     * {@code bodyAt}; an empty snippet is none.
     */
    private void passWith(byte[] b, int off, int end, int headAt, byte[] head, int bodyAt, byte[] body)
            throws IOException {
        if (head.length == 0 && body.length == 0) {
            delegate.write(b, off, end - off);
        } else if (body.length == 0) {
            pass(b, off, end, headAt, head, end, NOTHING);
        } else if (head.length == 0) {
            pass(b, off, end, bodyAt, body, end, NOTHING);
        } else {
            pass(b, off, end, headAt, head, bodyAt, body);
        }
    }

    /**
     * The snippet that goes at {@code point}, now taken: marked written before the write, since a
     * failed write is not retried, and scanning ends with the last snippet.
     */
    private byte[] take(HtmlScanner.Point point) {
        if (point == HtmlScanner.Point.HEAD) {
            scanning = bodySnippet.length > 0;
            headInjected = headSnippet.length > 0;
            return headSnippet;
        }
        scanning = false;
        bodyInjected = bodySnippet.length > 0;
        return bodySnippet;
    }

    /** Passes {@code b[off, end)} on with {@code first} at {@code firstCut} and {@code second} at {@code secondCut}. */
    private void pass(byte[] b, int off, int end, int firstCut, byte[] first, int secondCut, byte[] second)
            throws IOException {
        if (nonBlocking) {
            // One write per isReady(), and the container may keep the array until it is ready
            // again: a fresh one, whatever the size.
            byte[] joined = new byte[end - off + first.length + second.length];
            join(b, off, end, firstCut, first, secondCut, second, joined);
            delegate.write(joined);
            return;
        }
        inPieces(b, off, firstCut);
        delegate.write(first);
        inPieces(b, firstCut, secondCut);
        if (second.length > 0) {
            delegate.write(second);
            inPieces(b, secondCut, end);
        }
    }

    /** Passes {@code b[from, to)} on in writes of at most {@link #pieceSize} bytes; nothing when empty. */
    private void inPieces(byte[] b, int from, int to) throws IOException {
        for (int at = from; at < to; at += pieceSize) {
            delegate.write(b, at, Math.min(pieceSize, to - at));
        }
    }

    private static void join(byte[] b, int off, int end, int firstCut, byte[] first, int secondCut, byte[] second,
            byte[] into) {
        int at = 0;
        System.arraycopy(b, off, into, at, firstCut - off);
        at += firstCut - off;
        System.arraycopy(first, 0, into, at, first.length);
        at += first.length;
        System.arraycopy(b, firstCut, into, at, secondCut - firstCut);
        at += secondCut - firstCut;
        System.arraycopy(second, 0, into, at, second.length);
        at += second.length;
        System.arraycopy(b, secondCut, into, at, end - secondCut);
    }

    /**
     * The delegate is in non-blocking mode (a {@code WriteListener} is set): a write joined with
     * its snippets goes in an array of its own, which the container may keep until it is ready
     * again, however large the write.
     */
    public void nonBlocking() {
        nonBlocking = true;
    }

    /**
     * Sets the largest piece a write with a snippet is passed on in: no larger than what the
     * delegate aggregates with other writes (for a servlet response, Jetty aggregates writes of up
     * to 8 KiB by default, or up to its buffer when that is smaller; Tomcat aggregates any write).
     *
     * @param bytes at least 1
     * @throws IllegalArgumentException when {@code bytes} is less than 1
     */
    public void pieceSize(int bytes) {
        if (bytes < 1) {
            throw new IllegalArgumentException("A piece of [" + bytes + "] bytes cannot carry a page");
        }
        pieceSize = bytes;
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
        return "InjectingOutputStream[scanning=" + scanning + ", nonBlocking=" + nonBlocking + ", pieceSize=" + pieceSize
                + ", headInjected=" + headInjected
                + ", bodyInjected=" + bodyInjected
                + ", headSnippet=" + headSnippet.length + " bytes, bodySnippet=" + bodySnippet.length
                + " bytes, delegate=" + delegate + "]";
    }
}
