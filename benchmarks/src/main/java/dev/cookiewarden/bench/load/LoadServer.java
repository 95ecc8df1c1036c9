package dev.cookiewarden.bench.load;

import dev.cookiewarden.CookieWardenFilter;
import dev.cookiewarden.bench.BenchConfig;
import dev.cookiewarden.bench.ShopApp;
import dev.cookiewarden.bench.StreamCheck;
import dev.cookiewarden.config.CookieDeclaration;
import dev.cookiewarden.config.WardenConfig;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.eclipse.jetty.ee10.servlet.ServletContainerInitializerHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * The server the load benchmark drives: one embedded Jetty 12 (ee10) or Tomcat 11 on
 * 127.0.0.1, with the same application ({@link ShopApp}) in two contexts, {@code /on} behind
 * Cookie Warden and {@code /off} without it. Both contexts share the connector, the thread pool
 * and the JVM, so alternating between them compares the filter and nothing else.
 *
 * <p>For a check of the measurement itself, the system property {@code bench.contexts} names
 * other contexts to serve instead (see {@link Variant}): {@code noop} behind a filter that only
 * passes the request on, {@code aa} with no filter at all but measured as the filtered side,
 * {@code floor} behind a filter that makes only the calls any enforcement of consent must
 * ({@link Floor}), and {@code alt} behind another build of the library (the jar {@code bench.alt.library} names),
 * measured as the baseline: {@code "on alt"} compares two builds in one JVM.
 *
 * <p>Paths in each context: {@code /api/product} (JSON, sets the cart cookie) and {@code /page}
 * (30 KB of HTML). Both contexts are measured by an idle {@link CpuMeter}, which {@code /meter/start}
 * and {@code /meter/stop} turn on and off. Writes a valid consent cookie to {@code consent-cookie.txt} in the output
 * directory, for the returning-visitor scenario, prints {@code READY <port>} and serves until
 * it is stopped (SIGTERM) or {@code maxSeconds} pass, so that a forgotten server ends by itself.
 *
 * <p>Usage: {@code LoadServer jetty|tomcat <port> <output dir> [maxSeconds]}.
 */
public final class LoadServer {
    private LoadServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: LoadServer jetty|tomcat <port> <output dir> [maxSeconds]");
            System.exit(2);
        }
        String kind = args[0];
        int port = Integer.parseInt(args[1]);
        Path out = Files.createDirectories(Path.of(args[2]));
        long maxSeconds = args.length > 3 ? Long.parseLong(args[3]) : 3600;
        // Tomcat logs through java.util.logging: keep its startup lines out of the figures.
        java.util.logging.Logger tomcatLog = java.util.logging.Logger.getLogger("org.apache");
        tomcatLog.setLevel(java.util.logging.Level.WARNING);

        WardenConfig config = BenchConfig.config();
        Files.writeString(out.resolve("consent-cookie.txt"),
                config.consentCookieName() + "=" + BenchConfig.consentCookieValue(config), StandardCharsets.US_ASCII);

        AutoCloseable server = switch (kind) {
            case "jetty" -> startJetty(port, config);
            case "tomcat" -> startTomcat(port, config, out);
            default -> throw new IllegalArgumentException("The container [" + kind + "] is not one of [jetty, tomcat]");
        };
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("LoadServer: " + e);
            }
        }));
        System.out.println("READY " + port + " " + kind + " " + Runtime.version());
        System.out.flush();
        if (!stop.await(maxSeconds, TimeUnit.SECONDS)) {
            System.err.println("LoadServer: stopping after " + Duration.ofSeconds(maxSeconds));
            System.exit(0); // runs the hook, which stops the server
        }
    }

    /**
     * A context the server may serve, by {@code bench.contexts} (default {@code "on off"}): what
     * stands between the meter and the application, and which side of the interleaved
     * measurement counts it.
     */
    enum Variant {
        /** Cookie Warden. */
        ON(true),
        /** Nothing: the baseline. */
        OFF(false),
        /** A filter that only calls the rest of the chain: what any filter costs, measured as the filtered side. */
        NOOP(true),
        /** Nothing, measured as the filtered side: the measurement's own bias between two contexts (an A/A test). */
        AA(true),
        /**
         * {@link Floor}: only the container calls and lookups that any filter enforcing consent on
         * the wire makes for a returning visitor's JSON request, measured as the filtered side.
         */
        FLOOR(true),
        /**
         * Another build of Cookie Warden ({@link AltLibrary}), measured as the baseline: against
         * {@link #ON}, what this build costs more or less than that one, in the same JVM.
         */
        ALT(false);

        final boolean meteredAsFiltered;

        Variant(boolean meteredAsFiltered) {
            this.meteredAsFiltered = meteredAsFiltered;
        }

        String contextPath() {
            return "/" + name().toLowerCase(Locale.ROOT);
        }

        static List<Variant> fromProperty() {
            List<Variant> variants = new ArrayList<>();
            for (String name : System.getProperty("bench.contexts", "on off").trim().split("\\s+")) {
                variants.add(Variant.valueOf(name.toUpperCase(Locale.ROOT)));
            }
            return variants;
        }
    }

    /** The application of one context, behind what its variant puts first (for every dispatcher type). */
    static ServletContainerInitializer app(WardenConfig config, Variant variant) {
        return (classes, ctx) -> {
            // First, around everything else: idle unless the interleaved measurement turns it on.
            ctx.addFilter("cpuMeter", new CpuMeter(variant.meteredAsFiltered))
                    .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
            Filter filter = switch (variant) {
                case ON -> System.getProperty(AltLibrary.ON_PROPERTY) == null ? new CookieWardenFilter(config)
                        : AltLibrary.filter(AltLibrary.ON_PROPERTY, BenchConfig.properties(BenchConfig.DATA));
                case ALT -> AltLibrary.filter(AltLibrary.PROPERTY, BenchConfig.properties(BenchConfig.DATA));
                case NOOP -> new PassThrough();
                case FLOOR -> new Floor(config);
                case OFF, AA -> null;
            };
            if (filter != null) {
                FilterRegistration.Dynamic f = ctx.addFilter(variant == Variant.ON || variant == Variant.ALT ? "cookieWarden" : variant.name().toLowerCase(Locale.ROOT), filter);
                f.setAsyncSupported(true);
                f.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
            }
            ctx.addServlet("json", new ShopApp.JsonServlet()).addMapping("/api/product");
            ctx.addServlet("page", new ShopApp.PageServlet()).addMapping("/page");
            ctx.addServlet("page-8k", new ShopApp.PageInPiecesServlet()).addMapping("/page-8k");
            ctx.addServlet("page-token", new ShopApp.PageWithTokenServlet()).addMapping("/page-token");
            ctx.addServlet("page-writer", new ShopApp.PageWriterServlet()).addMapping("/page-writer");
            ctx.addServlet("page-writer-token", new ShopApp.PageWriterWithTokenServlet()).addMapping("/page-writer-token");
            ctx.addServlet("page-template", new ShopApp.PageTemplateServlet()).addMapping("/page-template");
        };
    }

    /** The {@link Variant#NOOP} context's filter: passes the request on and does nothing else. */
    static final class PassThrough implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            chain.doFilter(request, response);
        }
    }

    /**
     * The {@link Variant#FLOOR} context's filter: a lower bound of what enforcing consent on the
     * wire costs a returning visitor's JSON request, for a cost to be read against. It makes only
     * the calls that no such filter can leave out, each the cheapest way: it reads the
     * {@code Cookie} line and finds the consent cookie in it (its value taken as verified and
     * granting everything: a cache hit for free), reads the clock once (a consent expires),
     * wraps the request (to hide cookies) and the response (to judge the cookies the application
     * sets, one map lookup each), and adds {@code Vary: Cookie}, since what the application sees
     * depends on the line. It screens none of the browser's other cookies, reads no header a
     * page would need, and never checks an earlier filter's headers: Cookie Warden does all of
     * these, so that its cost can only be above this one.
     */
    static final class Floor implements Filter {
        private final String consentPrefix;
        /** Each declared cookie's name, and whether its category is required. */
        private final Map<String, Boolean> requiredByName = new HashMap<>();

        Floor(WardenConfig config) {
            consentPrefix = config.consentCookieName() + "=";
            for (CookieDeclaration d : config.cookies()) {
                if (!d.isGlob()) {
                    requiredByName.put(d.namePattern(), config.category(d.categoryId()).orElseThrow().required());
                }
            }
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest httpRequest = (HttpServletRequest) request;
            String line = httpRequest.getHeader("Cookie");
            boolean consented = line != null && line.indexOf(consentPrefix) >= 0;
            long now = System.currentTimeMillis();
            HttpServletResponse httpResponse = (HttpServletResponse) response;
            httpResponse.addHeader("Vary", "Cookie");
            chain.doFilter(new FloorRequest(httpRequest, now), new FloorResponse(httpResponse, requiredByName, consented));
        }
    }

    /** {@link Floor}'s request: hides nothing, as a request whose every cookie is granted. */
    static final class FloorRequest extends HttpServletRequestWrapper {
        /** The request's clock reading, kept where the wrappers would judge with it. */
        final long time;

        FloorRequest(HttpServletRequest request, long time) {
            super(request);
            this.time = time;
        }
    }

    /**
     * {@link Floor}'s response: each cookie the application sets is looked up, and let through
     * when it is declared and either required or consented to (the floor's consent grants every
     * category); an undeclared one is dropped.
     */
    static final class FloorResponse extends HttpServletResponseWrapper {
        private final Map<String, Boolean> requiredByName;
        private final boolean consented;

        FloorResponse(HttpServletResponse response, Map<String, Boolean> requiredByName, boolean consented) {
            super(response);
            this.requiredByName = requiredByName;
            this.consented = consented;
        }

        @Override
        public void addCookie(Cookie cookie) {
            Boolean required = requiredByName.get(cookie.getName());
            if (required != null && (required || consented)) {
                super.addCookie(cookie);
            }
        }
    }

    /** The meter's control servlet, in a context of its own. */
    static ServletContainerInitializer meter() {
        return (classes, ctx) -> ctx.addServlet("meter", new CpuMeter.Control()).addMapping("/*");
    }

    private static AutoCloseable startJetty(int port, WardenConfig config) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        for (Variant variant : Variant.fromProperty()) {
            ServletContextHandler handler = new ServletContextHandler();
            handler.setContextPath(variant.contextPath());
            handler.addServletContainerInitializer(new ServletContainerInitializerHolder(app(config, variant)));
            contexts.addHandler(handler);
        }
        ServletContextHandler meter = new ServletContextHandler();
        meter.setContextPath("/meter");
        meter.addServletContainerInitializer(new ServletContainerInitializerHolder(meter()));
        contexts.addHandler(meter);
        server.setHandler(contexts);
        server.start();
        return server::stop;
    }

    private static AutoCloseable startTomcat(int port, WardenConfig config, Path out) throws Exception {
        Path base = Files.createTempDirectory(Files.createDirectories(out.resolve("tomcat")), "base");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toAbsolutePath().toString());
        tomcat.setPort(port);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        for (Variant variant : Variant.fromProperty()) {
            Path docBase = Files.createDirectories(base.resolve(variant.contextPath().substring(1)));
            Context context = tomcat.addContext(variant.contextPath(), docBase.toAbsolutePath().toString());
            context.addServletContainerInitializer(app(config, variant), null);
            StreamCheck.quiet(context);
        }
        Context meter = tomcat.addContext("/meter", Files.createDirectories(base.resolve("meter")).toAbsolutePath().toString());
        meter.addServletContainerInitializer(meter(), null);
        tomcat.start();
        return () -> {
            tomcat.stop();
            tomcat.destroy();
        };
    }
}
