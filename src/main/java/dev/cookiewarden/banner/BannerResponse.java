package dev.cookiewarden.banner;

import dev.cookiewarden.enforce.BeforeAsync;
import dev.cookiewarden.enforce.Servlet61;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The response an application writes a page to: when the page is HTML, the banner is streamed
 * into it right after {@code <head>} and {@code <body>} as the bytes pass (see
 * {@link InjectingOutputStream}); anything else passes untouched.
 *
 * <p>Whether a response is a page is decided at its first byte, once status and headers are
 * known: {@code text/html}, status 200 (or an error status when configured), no
 * {@code Content-Encoding}, no {@code Content-Range}, not a HEAD request, an ASCII-compatible
 * charset. A Content-Length the application declared is held back until then, and dropped when
 * the page is injected: the length changes. An ETag gets the consent state appended, so a
 * conditional request can never revalidate a page into another consent state. A page sent in
 * UTF-8 gets the banner's text as it is; any other, as character references.
 *
 * <p>One instance per request; not thread-safe.
 */
public final class BannerResponse extends HttpServletResponseWrapper implements BeforeAsync {
    /** Charsets whose bytes below 0x80 are ASCII: the scanner can read them byte by byte. */
    private static final String[] ASCII_COMPATIBLE_PREFIXES = {"utf-8", "us-ascii", "iso-8859-", "windows-125"};

    /**
     * The request headers besides {@code Cookie} an injected page depends on: the banner follows
     * {@code Accept-Language}, and frames get none ({@code Sec-Fetch-Dest}). Caches must keep
     * them apart.
     */
    private static final List<String> VARY = List.of("Accept-Language", "Sec-Fetch-Dest");
    /**
     * {@link #VARY} and {@code Accept}, for a page sent to a client without {@code Sec-Fetch-Dest},
     * whose {@code Accept} decided that it gets the banner. Only such pages name it: a browser's
     * page does not depend on its {@code Accept}, and a shared cache never gives one client's
     * page to the other, since their {@code Sec-Fetch-Dest} differ.
     */
    private static final List<String> VARY_WITH_ACCEPT = List.of("Accept-Language", "Sec-Fetch-Dest", "Accept");

    private final boolean head;
    private final List<String> vary;
    private final boolean errorPages;
    private final String stateTag;
    private final Supplier<PageSnippets> snippets;
    private final Consumer<List<String>> onInject;

    private long declaredLength = -1;
    /**
     * Whether a Content-Encoding or Content-Range was set through this wrapper, which make the
     * page's bytes unfit to rewrite (even if later removed: when in doubt, no banner). One set
     * before the wrapper is looked for in the container's headers when the decision is made.
     */
    private boolean encodedOrRange;
    private Boolean inject;
    private PageStream stream;
    /** Whether the application set a write listener: the container's stream is non-blocking. */
    private boolean nonBlocking;
    private UnlockedPrintWriter writer;
    private PageWriter pageWriter;
    /**
     * Whether a page's small writes may be gathered (see {@link PageWriter}): until the request
     * goes async, after which the page may be written and finished on another thread.
     */
    private boolean gathersSmallWrites = true;

    /**
     * @param response the response to write through (the enforcing one)
     * @param wish how the request asked for a page ({@link BannerRequest#pageWish}): a page asked
     *             for by {@code Accept} also varies on it
     * @param headRequest whether the request is a HEAD: never injected
     * @param errorPages whether error pages (4xx, 5xx) get the banner too
     * @param stateTag a short token of the visitor's consent state, appended to ETags
     * @param snippets renders the page's snippets; called at most once, when the page is injected
     * @param onInject told when a page gets injected, with the request headers besides
     *                 {@code Cookie} it then depends on ({@code Accept-Language},
     *                 {@code Sec-Fetch-Dest}, and {@code Accept} when it decided); it depends on
     *                 consent too
     */
    public BannerResponse(HttpServletResponse response, BannerRequest.PageWish wish, boolean headRequest,
                          boolean errorPages, String stateTag, Supplier<PageSnippets> snippets,
                          Consumer<List<String>> onInject) {
        super(response);
        this.head = headRequest;
        this.vary = wish == BannerRequest.PageWish.BY_ACCEPT ? VARY_WITH_ACCEPT : VARY;
        this.errorPages = errorPages;
        this.stateTag = stateTag;
        this.snippets = snippets;
        this.onInject = onInject;
        if (headRequest) {
            inject = false; // nothing to inject into; declared lengths pass at once
        }
    }

    private static boolean hasEncodingOrRange(HttpServletResponse response) {
        return response.containsHeader("Content-Encoding") || response.containsHeader("Content-Range");
    }

    private static boolean isEncodingOrRange(String name) {
        return "Content-Encoding".equalsIgnoreCase(name) || "Content-Range".equalsIgnoreCase(name);
    }

    /**
     * Called when the filter chain returns: a response that wrote nothing still gets the
     * Content-Length its application declared, and what the page's writer gathered goes on.
     */
    public void finish() {
        decide();
        releaseQuietly();
    }

    /**
     * Called before the request goes async: whatever the page's writer holds goes on now, on the
     * request's thread, and from now on it gathers nothing (the page may be finished on another
     * thread, or by the container after a timeout, where nothing would pass it on).
     */
    @Override
    public void beforeAsync() {
        gathersSmallWrites = false;
        stopGathering();
    }

    /**
     * Passes on what the page's writer holds: before anything that reads or changes the
     * container's buffer, which then holds what it would have held had nothing been gathered.
     */
    private void release() throws IOException {
        if (writer != null) {
            writer.release();
        }
    }

    /** {@link #release()} where the caller cannot throw: a failed write is the writer's error, as any. */
    private void releaseQuietly() {
        try {
            release();
        } catch (IOException e) {
            writer.failed();
        }
    }

    /** Passes on what the page's writer holds, and has it write through from now on. */
    private void stopGathering() {
        if (writer != null) {
            try {
                writer.stopHolding();
            } catch (IOException e) {
                writer.failed();
            }
        }
    }

    // ---- held-back length and tagged ETag -----------------------------------------------------

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        if (inject == null) {
            declaredLength = len;
        } else if (!inject) {
            super.setContentLengthLong(len);
        }
    }

    @Override
    public void setHeader(String name, String value) {
        encodedOrRange |= isEncodingOrRange(name);
        if (isContentLength(name)) {
            setContentLengthLong(value == null ? -1 : parseLength(value));
        } else if ("ETag".equalsIgnoreCase(name)) {
            super.setHeader(name, tagged(value));
        } else {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        encodedOrRange |= isEncodingOrRange(name);
        if (isContentLength(name)) {
            setContentLengthLong(parseLength(value));
        } else if ("ETag".equalsIgnoreCase(name)) {
            super.addHeader(name, tagged(value));
        } else {
            super.addHeader(name, value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        encodedOrRange |= isEncodingOrRange(name);
        if (isContentLength(name)) {
            setContentLengthLong(value);
        } else {
            super.setIntHeader(name, value);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        encodedOrRange |= isEncodingOrRange(name);
        if (isContentLength(name)) {
            setContentLengthLong(value);
        } else {
            super.addIntHeader(name, value);
        }
    }

    @Override
    public void setDateHeader(String name, long date) {
        encodedOrRange |= isEncodingOrRange(name);
        super.setDateHeader(name, date);
    }

    @Override
    public void addDateHeader(String name, long date) {
        encodedOrRange |= isEncodingOrRange(name);
        super.addDateHeader(name, date);
    }

    private static boolean isContentLength(String name) {
        return "Content-Length".equalsIgnoreCase(name);
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            return -1;
        }
    }

    /** {@code "abc"} becomes {@code "abc-<state>"}, {@code W/"abc"} becomes {@code W/"abc-<state>"}. */
    private String tagged(String etag) {
        if (etag == null) {
            return null;
        }
        String t = etag.trim();
        if (t.length() >= 2 && t.endsWith("\"")) {
            return t.substring(0, t.length() - 1) + "-" + stateTag + "\"";
        }
        return t;
    }

    // ---- the decision -------------------------------------------------------------------------

    /** Decides, once, whether this response is a page that gets the banner. */
    boolean decide() {
        if (inject == null) {
            inject = isPage();
            if (inject) {
                onInject.accept(vary);
            } else if (declaredLength >= 0) {
                super.setContentLengthLong(declaredLength);
            }
        }
        return inject;
    }

    private boolean isPage() {
        if (head || isCommitted()) {
            return false;
        }
        int status = getStatus();
        if (status != SC_OK && !(errorPages && status >= 400)) {
            return false;
        }
        String type = getContentType();
        if (type == null || !type.regionMatches(true, 0, "text/html", 0, 9)) {
            return false;
        }
        // One set before this wrapper (by an earlier filter) is looked for here, not when the
        // wrapper is made: a response that is no HTML page (a redirect, a 304, JSON) never looks.
        if (encodedOrRange || hasEncodingOrRange((HttpServletResponse) getResponse())) {
            return false;
        }
        String charset = getCharacterEncoding();
        if (charset == null) {
            return true; // ISO-8859-1, the Servlet API's default
        }
        for (String prefix : ASCII_COMPATIBLE_PREFIXES) {
            if (charset.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The largest piece the injector passes a write on in: the response's buffer, at most 8 KiB,
     * at least 1 KiB. Jetty aggregates writes of up to 8 KiB by default (up to its whole buffer
     * when that is smaller, or after {@code setBufferSize}) and sends a larger one on its own;
     * Tomcat copies any write into its buffer, where each write costs a call through its layers,
     * so fewer, larger pieces are cheaper there.
     */
    static int pieceSize(int bufferSize) {
        return Math.max(1024, Math.min(InjectingOutputStream.DEFAULT_PIECE_SIZE, bufferSize));
    }

    /**
     * The snippets for this page, in the form its charset takes best: the text as it is in a page
     * sent in UTF-8 (the browser decodes by the Content-Type, whatever a {@code <meta charset>}
     * says), as references in any other.
     */
    private PageSnippets pageSnippets() {
        PageSnippets s = snippets.get();
        String charset = getCharacterEncoding();
        return "UTF-8".equalsIgnoreCase(charset) || "UTF8".equalsIgnoreCase(charset) ? s.forUtf8() : s;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new PageStream(super.getOutputStream());
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            PrintWriter container = super.getWriter();
            pageWriter = new PageWriter(container);
            writer = new UnlockedPrintWriter(pageWriter, container);
            pageWriter.front = writer;
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        decide();
        super.flushBuffer();
    }

    @Override
    public boolean isCommitted() {
        releaseQuietly();
        return super.isCommitted();
    }

    @Override
    public void setBufferSize(int size) {
        releaseQuietly(); // so that the container refuses, as it must once a page has begun
        super.setBufferSize(size);
    }

    @Override
    public void sendError(int sc) throws IOException {
        release();
        super.sendError(sc);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        release();
        super.sendError(sc, msg);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        release();
        super.sendRedirect(location);
    }

    /**
     * Servlet 6.1's redirect, which may keep the body written so far. Declared without
     * {@code @Override} because the library compiles against Servlet 6.0; on a 6.1 container it
     * overrides the wrapper's method.
     *
     * @param location where to
     * @param sc the 3xx status
     * @param clearBuffer whether to clear the buffer
     * @throws IOException as the container's
     */
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
        release();
        Servlet61.sendRedirect((HttpServletResponse) getResponse(), location, sc, clearBuffer);
    }

    @Override
    public void resetBuffer() {
        releaseQuietly(); // what the container then discards, as it would have
        super.resetBuffer();
        // Not committed (resetBuffer() would have thrown): the page written so far, banner and
        // all, is gone, and the page that follows is scanned from its start again. The decision
        // stands: status and headers are kept.
        if (stream != null) {
            stream.target = null;
        }
        if (pageWriter != null) {
            pageWriter.target = null;
            pageWriter.front.writeTo(pageWriter);
        }
    }

    @Override
    public void reset() {
        // The writer handed out so far may still be used (Tomcat's own survives reset()): it
        // writes through from now on, and this response's next getWriter() gets another.
        stopGathering();
        super.reset();
        // Not committed (reset() would have thrown): nothing of the page has left, so the
        // decision starts over with whatever status and type come next.
        if (!head) {
            inject = null;
        }
        declaredLength = -1;
        encodedOrRange = false; // the headers are gone; isPage looks for any set after this
        // reset() also clears the choice between stream and writer (and the writer's charset):
        // the next call gets a fresh one from the container.
        stream = null;
        writer = null;
        pageWriter = null;
    }

    @Override
    public String toString() {
        return "BannerResponse[inject=" + inject + ", state=" + stateTag + "]";
    }

    /** The byte path: decides at the first write, then writes through an injector or straight. */
    private final class PageStream extends ServletOutputStream {
        private final ServletOutputStream delegate;
        private OutputStream target;

        PageStream(ServletOutputStream delegate) {
            this.delegate = delegate;
        }

        private OutputStream target() {
            if (target == null) {
                if (decide()) {
                    InjectingOutputStream injecting = new InjectingOutputStream(delegate, pageSnippets());
                    injecting.pieceSize(pieceSize(getBufferSize()));
                    if (nonBlocking) {
                        injecting.nonBlocking();
                    }
                    target = injecting;
                } else {
                    target = delegate;
                }
            }
            return target;
        }

        @Override
        public void write(int b) throws IOException {
            target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            target().flush();
        }

        @Override
        public void close() throws IOException {
            target().close();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
            nonBlocking = true; // for good: reset() does not take a write listener away
            if (target instanceof InjectingOutputStream injecting) {
                injecting.nonBlocking();
            }
        }
    }

    /**
     * The character path, likewise. A page's writer gathers its small writes into pieces from the
     * page's first write ({@link UnlockedPrintWriter#holdIn}), so that a page printed in hundreds
     * of small strings, as template engines write, reaches the injector in pieces (the head of a
     * page seen before is then found in its memo instead of being read again) and the container
     * in a few writes. Once the snippets are in, or the page gets none, the application's writer
     * is pointed past this one to the container's, so that the rest of the page does not pass
     * through two more layers that have nothing left to do; {@link #resetBuffer()} points it back.
     */
    private final class PageWriter extends Writer {
        private final PrintWriter delegate;
        private Writer target;
        /** The application's writer, which writes to this one until pointed past it. */
        private UnlockedPrintWriter front;

        PageWriter(PrintWriter delegate) {
            this.delegate = delegate;
        }

        private Writer target() {
            if (target == null) {
                if (decide()) {
                    target = new InjectingWriter(delegate, pageSnippets());
                } else {
                    target = delegate;
                }
            }
            return target;
        }

        /**
         * At a page's first write, of {@code len} characters: whether the application's writer
         * starts gathering small writes now, this one included; not for a response that is no
         * page, a write of a piece or more, or a request gone async.
         */
        private boolean startsGathering(int len) {
            if (target() == delegate || !gathersSmallWrites) {
                return false;
            }
            int piece = pieceSize(getBufferSize());
            return len < piece && front.holdIn(piece);
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            if (target == null && startsGathering(len)) {
                front.write(cbuf, off, len);
                return;
            }
            Writer to = target();
            to.write(cbuf, off, len);
            wrote(to);
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            if (target == null && startsGathering(len)) {
                front.write(str, off, len);
                return;
            }
            Writer to = target();
            to.write(str, off, len);
            wrote(to);
        }

        @Override
        public void write(int c) throws IOException {
            if (target == null && startsGathering(1)) {
                front.write(c);
                return;
            }
            Writer to = target();
            to.write(c);
            wrote(to);
        }

        private void wrote(Writer to) {
            if (to == delegate || !((InjectingWriter) to).scanning()) {
                front.writeTo(delegate);
            }
        }

        @Override
        public void flush() throws IOException {
            target().flush();
        }

        @Override
        public void close() throws IOException {
            target().close();
        }
    }
}
