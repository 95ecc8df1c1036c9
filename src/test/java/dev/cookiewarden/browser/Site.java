package dev.cookiewarden.browser;

import dev.cookiewarden.CookieWardenFilter;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.config.WardenConfigParser;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Properties;
import org.eclipse.jetty.ee10.servlet.ServletContainerInitializerHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A small shop behind Cookie Warden on embedded Jetty, on a loopback port, as a browser sees it:
 * every response carries a strict Content-Security-Policy, and the shop's pages set a cookie of
 * every category on every visit, run an ungated script that writes cookies, and hold a gated
 * script, frame and pixel.
 *
 * <pre>
 * /page, /about        the shop's pages (/about has no script of its own)
 * /static/*            its scripts, stylesheet, embedded video page and tracking pixel
 * /cookie-consent/...  Cookie Warden's endpoint
 * </pre>
 *
 * The configuration is the wire tests' {@code conformance.properties} plus two strictly necessary
 * cookies ({@code cart}, set by the server with HttpOnly, and {@code ui_seen}, set by the page's
 * script) and whatever keys a test class changes.
 */
final class Site implements AutoCloseable {
    /** The policy on every response: nothing inline, nothing from elsewhere. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; frame-src 'self'";
    /** The consent cookie's name on plain HTTP. */
    static final String CONSENT_COOKIE = "cookie_warden";

    /** Cookies the site declares as strictly necessary, beyond those of conformance.properties. */
    private static final Map<String, String> NECESSARY_EXTRAS = Map.ofEntries(
            Map.entry("cookie.cart.name", "cart"),
            Map.entry("cookie.cart.category", "necessary"),
            Map.entry("cookie.cart.provider", "This site"),
            Map.entry("cookie.cart.purpose.en", "Keeps your basket."),
            Map.entry("cookie.cart.purpose.fr", "Conserve votre panier."),
            Map.entry("cookie.cart.retention", "P7D"),
            Map.entry("cookie.ui.name", "ui_seen"),
            Map.entry("cookie.ui.category", "necessary"),
            Map.entry("cookie.ui.provider", "This site"),
            Map.entry("cookie.ui.purpose.en", "Remembers that the page has loaded its interface."),
            Map.entry("cookie.ui.purpose.fr", "Retient que la page a charg\u00e9 son interface."),
            Map.entry("cookie.ui.retention", "session"));

    private final Server server;
    private final String base;

    private Site(Server server, int port) {
        this.server = server;
        this.base = "http://127.0.0.1:" + port;
    }

    /** Starts the site with the test configuration, some keys changed ({@code key, value, ...}). */
    static Site start(String... keyValues) throws Exception {
        CookieWardenFilter warden = new CookieWardenFilter(config(keyValues));
        ServletContainerInitializer setup = (classes, ctx) -> {
            // Sets a header only, so it may come before Cookie Warden: it writes no cookie.
            Filter csp = (request, response, chain) -> {
                ((HttpServletResponse) response).setHeader("Content-Security-Policy", CSP);
                chain.doFilter(request, response);
            };
            ctx.addFilter("csp", csp).addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
            FilterRegistration.Dynamic f = ctx.addFilter("cookieWarden", warden);
            f.setAsyncSupported(true);
            f.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/*");
            ctx.addServlet("pages", new PageServlet()).addMapping("/page", "/about");
            ctx.addServlet("static", new StaticServlet()).addMapping("/static/*");
        };
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler handler = new ServletContextHandler(ServletContextHandler.SESSIONS);
        handler.setContextPath("/");
        handler.addServletContainerInitializer(new ServletContainerInitializerHolder(setup));
        server.setHandler(handler);
        server.start();
        if (!handler.isAvailable()) {
            server.stop();
            throw new IllegalStateException("Jetty context is unavailable");
        }
        return new Site(server, connector.getLocalPort());
    }

    static WardenConfig config(String... keyValues) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Site.class.getResourceAsStream("/conformance.properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        p.putAll(NECESSARY_EXTRAS);
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return WardenConfigParser.parse(p);
    }

    /** The absolute URL of {@code path} on this site. */
    String url(String path) {
        return base + path;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    @Override
    public String toString() {
        return "Site[" + base + "]";
    }

    /**
     * The shop's pages. Like many real sites they set their cookies on every visit without asking:
     * the session, a basket (HttpOnly) and one cookie of each optional category, plus one nobody
     * declared. Deciding which reach the browser is the filter's job.
     */
    static final class PageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            request.getSession(true);
            response.addHeader("Set-Cookie", "cart=b1; Path=/; Max-Age=604800; HttpOnly; SameSite=Lax");
            response.addCookie(cookie("lang", "en"));
            response.addHeader("Set-Cookie", "_ga=GA1.1.server; Path=/; Max-Age=3600; SameSite=Lax");
            response.addCookie(cookie("_fbp", "fb.1.server"));
            response.addCookie(cookie("promo_seen", "1"));
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write(request.getServletPath().equals("/about") ? ABOUT : PAGE);
        }

        private static Cookie cookie(String name, String value) {
            Cookie c = new Cookie(name, value);
            c.setPath("/");
            c.setMaxAge(3600);
            return c;
        }

        private static final String HEAD = """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s - Green Hill Teas</title>
                <script src="/static/csp-listener.js"></script>
                <link rel="stylesheet" href="/static/site.css">
                %s</head>
                <body>
                <header class="site-header">
                <a class="brand" href="/page">Green Hill Teas</a>
                <nav aria-label="Main"><ul><li><a href="/page">Shop</a></li><li><a href="/about">About us</a></li></ul></nav>
                </header>
                """;
        private static final String FOOT = """
                <footer><p>Green Hill Teas, 12 rue des Marronniers, 69002 Lyon.</p></footer>
                """;

        static final String PAGE = HEAD.formatted("Shop", "<script src=\"/static/page.js\"></script>\n") + """
                <main id="main">
                <h1>Loose-leaf teas, weighed by hand</h1>
                <p>Five teas we drink ourselves, sold by the 100&nbsp;g bag and shipped from Lyon.</p>
                <ul class="products">
                <li><h2>Sencha Fukamushi</h2><p class="price">&euro;9.50</p></li>
                <li><h2>Darjeeling First Flush</h2><p class="price">&euro;12.00</p></li>
                <li><h2>Tie Guan Yin</h2><p class="price">&euro;11.00</p></li>
                </ul>
                <form class="search" action="/page" method="get">
                <label for="q">Search the teas</label> <input id="q" type="search" name="q"> <button type="submit">Search</button>
                </form>
                <h2>How we pick our teas</h2>
                <iframe id="video" data-cookie-warden-category="marketing" data-src="/static/video.html"
                        title="Video: how we pick our teas" width="320" height="180"></iframe>
                <img id="pixel" data-cookie-warden-category="marketing" data-src="/static/pixel.gif" alt="" width="1" height="1">
                </main>
                """ + FOOT + """
                <script type="text/plain" data-cookie-warden-category="analytics" src="/static/analytics.js"></script>
                </body>
                </html>
                """;

        static final String ABOUT = HEAD.formatted("About us", "") + """
                <main id="main">
                <h1>About us</h1>
                <p>We have sold tea in Lyon since 1998.</p>
                </main>
                """ + FOOT + """
                </body>
                </html>
                """;
    }

    /** The shop's static files, from the test class path; the pixel is a 1x1 GIF. */
    static final class StaticServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final byte[] PIXEL = Base64.getDecoder()
                .decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7");
        private static final Map<String, String> TYPES = Map.of("js", "text/javascript;charset=UTF-8",
                "css", "text/css;charset=UTF-8", "html", "text/html;charset=UTF-8");

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String name = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
            response.setHeader("Cache-Control", "no-store");
            if (name.equals("pixel.gif")) {
                response.setContentType("image/gif");
                response.getOutputStream().write(PIXEL);
                return;
            }
            String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            InputStream in = name.matches("[a-z-]+\\.[a-z]+") && type != null
                    ? Site.class.getResourceAsStream("site/" + name) : null;
            if (in == null) {
                response.sendError(404);
                return;
            }
            try (in) {
                response.setContentType(type);
                response.getOutputStream().write(in.readAllBytes());
            }
        }
    }
}
