package dev.cookiewarden.it;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** HTML pages written every way a servlet can: the banner must land once, right after {@code <body>}. */
public final class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    static final String PAGE = "<!DOCTYPE html>\n<html lang=\"en\"><HEAD><title>t</title>"
            + "<script>var s = \"<body>\";</script></HEAD>\n<!-- <body> in a comment -->"
            + "<Body class=\"page\" data-x=\"a > b\"><h1>Caf\u00e9 \u2615</h1><p>text</p></Body></html>\n";

    /** {@link #PAGE} with about 100 KB of text in its body. */
    static final String LARGE_PAGE = PAGE.replace("<p>text</p>", "<p>" + "text ".repeat(20_000) + "</p>");

    /**
     * {@link #PAGE} with a head long enough for the injector to remember where its snippets went
     * (more than 256 characters before the body start tag), not all of it ASCII.
     */
    static final String LONG_HEAD_PAGE = PAGE.replace("<title>t</title>", "<title>t</title><meta name=\"description\" content=\""
            + "Chaises et tables d\u2019\u00e9t\u00e9 \u2014 ".repeat(12) + "\">");

    /**
     * {@link #PAGE} of fewer characters than a 4 KiB buffer holds, but more bytes in UTF-8 than
     * Jetty's buffer then takes: its text is 3,500 three-byte characters.
     */
    static final String SHORT_WIDE_PAGE = PAGE.replace("<p>text</p>", "<p>" + "\u2615".repeat(3500) + "</p>");

    /**
     * Where {@code smallStringsFlushed} waits, after flushing the page up to its {@code <h1>},
     * until the test has read that much: a new latch for each request.
     */
    static volatile CountDownLatch flushedPartRead = new CountDownLatch(1);

    /** {@link #PAGE} without the character ISO-8859-1 and windows-1252 cannot encode. */
    static final String LATIN_PAGE = PAGE.replace(" \u2615", "");

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String how = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
        byte[] bytes = PAGE.getBytes(StandardCharsets.UTF_8);
        switch (how) {
            case "writer" -> {
                resp.setContentType("text/html;charset=UTF-8");
                resp.getWriter().write(PAGE);
            }
            case "longHeadChars" -> {
                // As a JSP page's buffer reaches the container: one array of characters.
                resp.setContentType("text/html;charset=UTF-8");
                char[] chars = LONG_HEAD_PAGE.toCharArray();
                resp.getWriter().write(chars, 0, chars.length);
            }
            case "longHeadString" -> {
                resp.setContentType("text/html;charset=UTF-8");
                resp.getWriter().print(LONG_HEAD_PAGE);
            }
            case "smallStrings" -> {
                // As a template engine writes: strings of a few characters, through print.
                resp.setContentType("text/html;charset=UTF-8");
                PrintWriter out = resp.getWriter();
                printInSevens(out, LONG_HEAD_PAGE);
                if (out.checkError()) {
                    throw new IOException("the page's writer reported an error");
                }
            }
            case "lines" -> {
                // As a template engine that prints line by line: println, whose line end goes
                // through the writer as the rest does.
                resp.setContentType("text/html;charset=UTF-8");
                PrintWriter out = resp.getWriter();
                for (String line : LONG_HEAD_PAGE.split("\n")) {
                    out.println(line);
                }
            }
            case "smallStringsFlushed" -> {
                // Flushed after the head and the body start tag: that much reaches the visitor
                // while the rest of the page is still to be written.
                resp.setContentType("text/html;charset=UTF-8");
                PrintWriter out = resp.getWriter();
                int cut = LONG_HEAD_PAGE.indexOf("<h1>");
                printInSevens(out, LONG_HEAD_PAGE.substring(0, cut));
                out.flush();
                try {
                    if (!flushedPartRead.await(10, TimeUnit.SECONDS)) {
                        throw new IOException("the flushed part of the page never reached the visitor");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
                printInSevens(out, LONG_HEAD_PAGE.substring(cut));
            }
            case "smallStringsCommitted" -> {
                // More bytes than the buffer holds, in fewer characters: the container has
                // committed the response by now, and says so.
                resp.setBufferSize(4096);
                resp.setContentType("text/html;charset=UTF-8");
                PrintWriter out = resp.getWriter();
                printInSevens(out, SHORT_WIDE_PAGE);
                out.print("<!-- committed=" + resp.isCommitted() + " -->");
            }
            case "smallStringsAsync" -> {
                // Begun on the request's thread, finished on another.
                resp.setContentType("text/html;charset=UTF-8");
                int cut = LONG_HEAD_PAGE.indexOf("<h1>");
                printInSevens(resp.getWriter(), LONG_HEAD_PAGE.substring(0, cut));
                AsyncContext ac = req.startAsync();
                ac.start(() -> {
                    try {
                        printInSevens(ac.getResponse().getWriter(), LONG_HEAD_PAGE.substring(cut));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        ac.complete();
                    }
                });
            }
            case "smallStringsAsyncTimeout" -> {
                // Finished by a listener when the request times out, through the container's own
                // async context, which no wrapper of the filter's sees completing.
                resp.setContentType("text/html;charset=UTF-8");
                int cut = LONG_HEAD_PAGE.indexOf("<h1>");
                printInSevens(resp.getWriter(), LONG_HEAD_PAGE.substring(0, cut));
                AsyncContext ac = req.startAsync();
                ac.setTimeout(100);
                ac.addListener(new AsyncListener() {
                    @Override
                    public void onTimeout(AsyncEvent event) throws IOException {
                        printInSevens(event.getAsyncContext().getResponse().getWriter(), LONG_HEAD_PAGE.substring(cut));
                        event.getAsyncContext().complete();
                    }

                    @Override
                    public void onComplete(AsyncEvent event) {
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                    }
                });
            }
            case "smallStringsForward" -> req.getRequestDispatcher("/p/smallStrings").forward(req, resp);
            case "smallStringsThenError" -> {
                resp.setContentType("text/html;charset=UTF-8");
                printInSevens(resp.getWriter(), LONG_HEAD_PAGE.substring(0, LONG_HEAD_PAGE.indexOf("<h1>")));
                resp.sendError(503);
            }
            case "smallStringsThenRedirect" -> {
                resp.setContentType("text/html;charset=UTF-8");
                printInSevens(resp.getWriter(), LONG_HEAD_PAGE.substring(0, LONG_HEAD_PAGE.indexOf("<h1>")));
                resp.sendRedirect("/p/writer");
            }
            case "stream" -> {
                resp.setContentType("text/html;charset=UTF-8");
                resp.setContentLength(bytes.length);
                OutputStream out = resp.getOutputStream();
                for (byte b : bytes) {
                    out.write(b); // one byte at a time: every tag is split across writes
                }
            }
            case "large" -> {
                // One write of about 100 KB: larger than any container's buffer.
                resp.setContentType("text/html;charset=UTF-8");
                resp.getOutputStream().write(LARGE_PAGE.getBytes(StandardCharsets.UTF_8));
            }
            case "smallBuffer" -> {
                resp.setBufferSize(2048);
                resp.setContentType("text/html;charset=UTF-8");
                resp.getOutputStream().write(LARGE_PAGE.getBytes(StandardCharsets.UTF_8));
            }
            case "latin1Writer" -> {
                resp.setContentType("text/html;charset=ISO-8859-1");
                resp.getWriter().write(LATIN_PAGE);
            }
            case "windows1252Stream" -> {
                resp.setContentType("text/html;charset=windows-1252");
                resp.getOutputStream().write(LATIN_PAGE.getBytes("windows-1252"));
            }
            case "etag" -> {
                resp.setContentType("text/html;charset=UTF-8");
                resp.setHeader("ETag", "\"v1\"");
                String inm = req.getHeader("If-None-Match");
                if ("\"v1\"".equals(inm)) {
                    resp.setStatus(304);
                    return;
                }
                resp.getOutputStream().write(bytes);
            }
            case "gzip" -> {
                resp.setContentType("text/html");
                resp.setHeader("Content-Encoding", "gzip");
                resp.getOutputStream().write(gzip(bytes));
            }
            case "gzipAdded" -> {
                resp.setContentType("text/html");
                resp.addHeader("content-encoding", "gzip");
                resp.getOutputStream().write(gzip(bytes));
            }
            case "rangeOf200" -> {
                resp.setContentType("text/html");
                resp.setHeader("CONTENT-RANGE", "bytes 0-" + (bytes.length - 1) + "/" + bytes.length);
                resp.getOutputStream().write(bytes);
            }
            case "encodingThenReset" -> {
                resp.setHeader("Content-Encoding", "gzip");
                resp.reset();
                resp.setContentType("text/html");
                resp.getOutputStream().write(bytes);
            }
            case "range" -> {
                resp.setStatus(206);
                resp.setContentType("text/html");
                resp.setHeader("Content-Range", "bytes 0-" + (bytes.length - 1) + "/" + bytes.length);
                resp.getOutputStream().write(bytes);
            }
            case "json" -> {
                resp.setContentType("application/json");
                resp.getWriter().write("{\"html\":\"<body>\"}");
            }
            case "notFound" -> {
                resp.setStatus(404);
                resp.setContentType("text/html");
                resp.getWriter().write(PAGE);
            }
            case "utf16" -> {
                resp.setContentType("text/html;charset=UTF-16");
                resp.getWriter().write(PAGE);
            }
            case "async" -> {
                AsyncContext ac = req.startAsync();
                ac.start(() -> {
                    try {
                        HttpServletResponse r = (HttpServletResponse) ac.getResponse();
                        r.setContentType("text/html;charset=UTF-8");
                        r.getWriter().write(PAGE);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        ac.complete();
                    }
                });
            }
            case "nonBlocking", "nonBlockingBytes" -> {
                resp.setContentType("text/html;charset=UTF-8");
                AsyncContext ac = req.startAsync();
                ServletOutputStream out = resp.getOutputStream();
                out.setWriteListener(new NonBlockingPage(ac, out, bytes, how.equals("nonBlocking") ? bytes.length : 1));
            }
            case "reset" -> {
                resp.setContentType("text/plain");
                resp.getWriter().write("discarded");
                resp.reset();
                resp.setContentType("text/html;charset=UTF-8");
                // Bytes, not the writer: Tomcat 11 keeps the writer's first charset across reset()
                // (seen without any filter), which would garble the page whoever wraps it.
                resp.getOutputStream().write(bytes);
            }
            case "resetBufferStream" -> {
                resp.setContentType("text/html;charset=UTF-8");
                ServletOutputStream out = resp.getOutputStream();
                out.write("<html><head><title>draft</title></head><body>draft".getBytes(StandardCharsets.UTF_8));
                resp.resetBuffer(); // nothing has left: the page starts over
                out.write(bytes);
            }
            case "resetBufferWriter" -> {
                resp.setContentType("text/html;charset=UTF-8");
                resp.getWriter().write("<html><head><title>draft</title></head><body>draft");
                resp.resetBuffer();
                resp.getWriter().write(PAGE);
            }
            case "sessionFirst" -> {
                req.getSession(true); // sweeps the response before the page decision
                resp.setContentType("text/html;charset=UTF-8");
                resp.getWriter().write(PAGE);
            }
            case "varyOwn" -> {
                // The application's own Vary, before the page: the filter adds its names beside it.
                resp.addHeader("Vary", "Accept-Encoding");
                resp.setContentType("text/html;charset=UTF-8");
                resp.getWriter().write(PAGE);
            }
            case "varyReplaced" -> {
                // Every Vary replaced after the banner's names were written (the first byte,
                // still in the buffer): the next sweep writes them again.
                resp.setContentType("text/html;charset=UTF-8");
                OutputStream out = resp.getOutputStream();
                out.write(bytes, 0, 1);
                resp.setHeader("Vary", "Origin");
                out.write(bytes, 1, bytes.length - 1);
            }
            case "noBody" -> {
                resp.setContentType("text/html");
                resp.getWriter().write("<p>a fragment</p>");
            }
            case "head" -> {
                resp.setContentType("text/html");
                resp.setContentLength(bytes.length);
            }
            default -> resp.sendError(400);
        }
    }

    /** Prints {@code text} in strings of seven characters, as a template engine writes. */
    private static void printInSevens(PrintWriter out, String text) {
        for (int at = 0; at < text.length(); at += 7) {
            out.print(text.substring(at, Math.min(text.length(), at + 7)));
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    /**
     * Writes a page in non-blocking mode as the Servlet API asks: one write per {@code isReady()},
     * {@code step} bytes at a time (1: a byte at a time, through {@code write(int)}).
     */
    private static final class NonBlockingPage implements WriteListener {
        private final AsyncContext async;
        private final ServletOutputStream out;
        private final byte[] page;
        private final int step;
        private int written;

        NonBlockingPage(AsyncContext async, ServletOutputStream out, byte[] page, int step) {
            this.async = async;
            this.out = out;
            this.page = page;
            this.step = step;
        }

        @Override
        public void onWritePossible() throws IOException {
            while (out.isReady()) {
                if (written == page.length) {
                    async.complete();
                    return;
                }
                if (step == 1) {
                    out.write(page[written++]);
                } else {
                    int n = Math.min(step, page.length - written);
                    out.write(page, written, n);
                    written += n;
                }
            }
        }

        @Override
        public void onError(Throwable failure) {
            async.complete();
        }
    }
}
