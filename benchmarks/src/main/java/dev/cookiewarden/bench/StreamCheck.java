package dev.cookiewarden.bench;

import dev.cookiewarden.CookieWardenFilter;
import dev.cookiewarden.banner.BannerRenderer;
import dev.cookiewarden.config.WardenConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContainerInitializerHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Checks that a 100 MB page streams through the filter, banner injected, in a JVM whose heap is
 * smaller than the page: run it with {@code -Xmx64m}. A real embedded Jetty (then Tomcat) serves
 * the page behind Cookie Warden, written in 8 KiB pieces through the output stream and, in a
 * second request, through the writer; a client in the same JVM reads it over a loopback socket
 * and counts what arrives. Nothing holds the page: a filter that buffered it would fail with
 * {@link OutOfMemoryError}.
 *
 * <p>Exits 0 when every transfer is complete and injected, 1 otherwise. Prints one line per
 * transfer and the heap's maximum and peak use.
 *
 * <p>Usage: {@code java -Xmx64m -cp benchmarks.jar dev.cookiewarden.bench.StreamCheck [bytes]}.
 */
public final class StreamCheck {
    static final long DEFAULT_SIZE = 100L * 1024 * 1024;
    private static final byte[] BODY_MARK = HtmlPages.BODY_START_TAG.getBytes(StandardCharsets.US_ASCII);

    private StreamCheck() {
    }

    public static void main(String[] args) throws Exception {
        long size = args.length > 0 ? Long.parseLong(args[0]) : DEFAULT_SIZE;
        java.util.logging.Logger tomcatLog = java.util.logging.Logger.getLogger("org.apache");
        tomcatLog.setLevel(java.util.logging.Level.WARNING);
        WardenConfig config = BenchConfig.config();
        BannerRenderer renderer = BenchConfig.renderer(config);
        long maxHeap = Runtime.getRuntime().maxMemory();
        System.out.printf(Locale.ROOT, "max heap %.1f MiB, page %.1f MiB (%d bytes)%n", mib(maxHeap), mib(size), size);
        boolean ok = true;
        for (String container : new String[] {"jetty", "tomcat"}) {
            try (Running server = start(container, config, size)) {
                for (String path : new String[] {"/bytes", "/chars"}) {
                    // What the filter must insert for this request: an undecided visitor, no
                    // Accept-Language (the default language), the page's own path to return to;
                    // the banner's text as it is in the UTF-8 page (/bytes), as references in
                    // the ISO-8859-1 one (/chars).
                    byte[] head = ("<head>" + renderer.head("", Set.of(), false, false)).getBytes(StandardCharsets.US_ASCII);
                    byte[] banner = path.equals("/bytes")
                            ? renderer.snippets("", config.defaultLanguage(), Set.of(), false, false, path).forUtf8().body()
                                    .getBytes(StandardCharsets.UTF_8)
                            : renderer.body("", config.defaultLanguage(), true, path).getBytes(StandardCharsets.US_ASCII);
                    ok &= fetch(container, server.port(), path, size, head, banner);
                }
            }
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long gcs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs += Math.max(0, gc.getCollectionCount());
        }
        System.out.printf(Locale.ROOT, "heap: max %.1f MiB, peak used (sum of pool peaks) %.1f MiB, %d collections%n",
                mib(maxHeap), mib(peak), gcs);
        ok &= control(size, maxHeap);
        System.out.println(ok ? "STREAM CHECK PASSED" : "STREAM CHECK FAILED");
        System.exit(ok ? 0 : 1);
    }

    /**
     * The negative control: with a heap smaller than the page, holding the page in memory (what
     * a buffering filter would do) must fail, or the check proves nothing.
     */
    private static boolean control(long size, long maxHeap) {
        if (size < maxHeap) {
            System.out.println("control: skipped, the page fits in the heap: run with -Xmx below the page size");
            return false;
        }
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            new HtmlPages(HtmlPages.Shape.PAGE).writeTo(buffer, size, 8192);
            System.out.println("control: FAILED, the whole page was buffered in memory (" + buffer.size() + " bytes)");
            return false;
        } catch (OutOfMemoryError expected) {
            System.out.println("control: buffering the page in memory fails with OutOfMemoryError, as it must");
            return true;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** GET {@code path}; true when the whole page arrived, with the banner right after {@code <body>}. */
    private static boolean fetch(String container, int port, String path, long size, byte[] headMark, byte[] bannerMark)
            throws IOException {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n"
                    + "Sec-Fetch-Dest: document\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
            String head = readHead(in);
            boolean chunked = head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked");
            InputStream body = chunked ? new Dechunker(in) : in;
            Scan scan = new Scan(headMark, bannerMark);
            byte[] buf = new byte[65536];
            for (int n; (n = body.read(buf)) > 0;) {
                scan.feed(buf, n);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            boolean ok = head.startsWith("HTTP/1.1 200") && scan.headAt >= 0 && scan.bodyAt >= 0
                    && scan.bannerAt == scan.bodyAt + BODY_MARK.length && scan.total > size && scan.endsWithHtml();
            System.out.printf(Locale.ROOT, "%-6s %-6s %s: %d bytes received (%d injected), head snippet %s, body tag at %d, banner at %d,"
                            + " %s, %.2f s (%.0f MiB/s)%n",
                    container, path, ok ? "OK" : "FAILED", scan.total, scan.total - size,
                    scan.headAt >= 0 ? "found" : "MISSING", scan.bodyAt, scan.bannerAt,
                    chunked ? "chunked" : "not chunked", seconds, mib(scan.total) / seconds);
            return ok;
        } catch (IOException | RuntimeException e) {
            System.out.println(container + " " + path + ": FAILED " + e);
            return false;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lastFour = 0;
        while (lastFour != 0x0D0A0D0A) { // CR LF CR LF
            int b = in.read();
            if (b < 0) {
                throw new IOException("Connection closed in the response head: " + head);
            }
            head.write(b);
            lastFour = (lastFour << 8) | b;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Finds the snippets and the body start tag in the first bytes, counts all, keeps the last few. */
    private static final class Scan {
        private static final int PREFIX = 64 * 1024;
        private final byte[] headMark;
        private final byte[] bannerMark;
        final ByteArrayOutputStream prefix = new ByteArrayOutputStream();
        final byte[] last = new byte[16];
        long total;
        int headAt = -1;
        int bodyAt = -1;
        int bannerAt = -1;

        Scan(byte[] headMark, byte[] bannerMark) {
            this.headMark = headMark;
            this.bannerMark = bannerMark;
        }

        void feed(byte[] b, int n) {
            if (prefix.size() < PREFIX) {
                prefix.write(b, 0, Math.min(n, PREFIX - prefix.size()));
                byte[] p = prefix.toByteArray();
                headAt = indexOf(p, headMark);
                bodyAt = indexOf(p, BODY_MARK);
                bannerAt = indexOf(p, bannerMark);
            }
            total += n;
            if (n >= last.length) {
                System.arraycopy(b, n - last.length, last, 0, last.length);
            } else {
                System.arraycopy(last, n, last, 0, last.length - n);
                System.arraycopy(b, 0, last, last.length - n, n);
            }
        }

        boolean endsWithHtml() {
            return new String(last, StandardCharsets.US_ASCII).endsWith("</html>\n");
        }

        private static int indexOf(byte[] hay, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= hay.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    /** Reads an HTTP/1.1 chunked body as plain bytes. */
    private static final class Dechunker extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Dechunker(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                left = Long.parseLong(line().split(";")[0].trim(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("Connection closed inside a chunk");
            }
            left -= n;
            if (left == 0) {
                line(); // the CRLF after the chunk
            }
            return n;
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int c; (c = in.read()) != '\n';) {
                if (c < 0) {
                    throw new IOException("Connection closed in a chunk header");
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }
    }

    /** The servlet: the page through the byte stream ({@code /bytes}) or the writer ({@code /chars}). */
    static final class BigPageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient HtmlPages pages = new HtmlPages(HtmlPages.Shape.PAGE);
        private final long size;

        BigPageServlet(long size) {
            this.size = size;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (req.getRequestURI().endsWith("/chars")) {
                // ISO-8859-1 maps each byte to one char and back: the bytes on the wire are the
                // page's UTF-8 bytes, written as characters through the writer path.
                resp.setContentType("text/html;charset=ISO-8859-1");
                Writer writer = resp.getWriter();
                pages.writeTo(new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        writer.write(b & 0xFF);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        writer.write(new String(b, off, len, StandardCharsets.ISO_8859_1));
                    }
                }, size, 8192);
            } else {
                resp.setContentType("text/html;charset=UTF-8");
                pages.writeTo(resp.getOutputStream(), size, 8192);
            }
        }
    }

    /**
     * Turns off the leak checks Tomcat runs at undeploy: they need JDK internals opened, and
     * warn on every stop otherwise.
     */
    public static void quiet(Context context) {
        if (context instanceof org.apache.catalina.core.StandardContext standard) {
            standard.setClearReferencesThreadLocals(false);
            standard.setClearReferencesRmiTargets(false);
        }
    }

    interface Running extends AutoCloseable {
        int port();

        @Override
        void close() throws Exception;
    }

    private static Running start(String container, WardenConfig config, long size) throws Exception {
        ServletContainerInitializer app = (classes, ctx) -> {
            FilterRegistration.Dynamic f = ctx.addFilter("cookieWarden", new CookieWardenFilter(config));
            f.setAsyncSupported(true);
            f.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
            ctx.addServlet("big", new BigPageServlet(size)).addMapping("/bytes", "/chars");
        };
        if (container.equals("jetty")) {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler handler = new ServletContextHandler();
            handler.setContextPath("/");
            handler.addServletContainerInitializer(new ServletContainerInitializerHolder(app));
            server.setHandler(handler);
            server.start();
            int port = connector.getLocalPort();
            return new Running() {
                @Override
                public int port() {
                    return port;
                }

                @Override
                public void close() throws Exception {
                    server.stop();
                }
            };
        }
        Path base = Files.createTempDirectory(Files.createDirectories(Path.of("target", "tomcat")), "stream");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toAbsolutePath().toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", Files.createDirectories(base.resolve("docbase")).toAbsolutePath().toString());
        context.addServletContainerInitializer(app, null);
        quiet(context);
        tomcat.start();
        int port = tomcat.getConnector().getLocalPort();
        return new Running() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() throws Exception {
                tomcat.stop();
                tomcat.destroy();
            }
        };
    }
}
