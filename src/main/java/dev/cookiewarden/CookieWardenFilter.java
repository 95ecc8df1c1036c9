package dev.cookiewarden;

import dev.cookiewarden.banner.BannerRequest;
import dev.cookiewarden.banner.BannerResponse;
import dev.cookiewarden.config.ConfigException;
import dev.cookiewarden.endpoint.ConsentEndpoint;
import dev.cookiewarden.endpoint.SameOrigin;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.config.WardenConfigParser;
import dev.cookiewarden.consent.ConsentCookies;
import dev.cookiewarden.consent.KeyRing;
import dev.cookiewarden.consent.VisitorConsent;
import dev.cookiewarden.enforce.ConsentRequest;
import dev.cookiewarden.enforce.CookieHeader;
import dev.cookiewarden.enforce.CookieLine;
import dev.cookiewarden.enforce.CookieLineMemo;
import dev.cookiewarden.enforce.EnforcingResponse;
import dev.cookiewarden.enforce.RequestEnforcement;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cookie Warden: a servlet filter that lets a cookie reach the browser, or the application, only
 * when the visitor granted its category.
 *
 * <p>Register it first in the chain, for every dispatcher type, with async support:
 * <pre>{@code
 * <filter>
 *   <filter-name>cookieWarden</filter-name>
 *   <filter-class>dev.cookiewarden.CookieWardenFilter</filter-class>
 *   <async-supported>true</async-supported>
 * </filter>
 * <filter-mapping>
 *   <filter-name>cookieWarden</filter-name>
 *   <url-pattern>/*</url-pattern>
 *   <dispatcher>REQUEST</dispatcher> <dispatcher>FORWARD</dispatcher> <dispatcher>INCLUDE</dispatcher>
 *   <dispatcher>ERROR</dispatcher> <dispatcher>ASYNC</dispatcher>
 * </filter-mapping>
 * }</pre>
 *
 * <p>Its one init-param, {@code config}, names the properties file: {@code classpath:name} for
 * a class path resource, else a path inside the web application (such as
 * {@code /WEB-INF/cookie-warden.properties}) or on the file system. Without it the filter reads
 * {@code /WEB-INF/cookie-warden.properties}, else {@code cookie-warden.properties} on the class
 * path. Any other init-param stops startup: a misspelt parameter on a security filter must not
 * be silently ignored. A configuration can also be given to the constructor.
 *
 * <p>Thread-safe; everything it needs is built once in {@link #init(FilterConfig)}.
 */
public final class CookieWardenFilter implements Filter {
    /** The init-param naming the configuration file. */
    public static final String INIT_PARAM_CONFIG = "config";
    /** Where the configuration is looked for inside the web application by default. */
    public static final String DEFAULT_CONFIG_PATH = "/WEB-INF/cookie-warden.properties";
    /** The class path resource looked for last. */
    public static final String DEFAULT_CONFIG_RESOURCE = "cookie-warden.properties";

    private static final Logger LOG = LoggerFactory.getLogger(CookieWardenFilter.class);
    private static final Set<String> INIT_PARAMS = Set.of(INIT_PARAM_CONFIG);

    private final WardenConfig givenConfig;
    private final Clock clock;
    /** The context's path, as its ServletContext gives it; written before {@link #warden}. */
    private String contextPath = "";
    private volatile Warden warden;

    /** A filter that reads its configuration at {@code init()} (web.xml, drop-in registration). */
    public CookieWardenFilter() {
        this(null, Clock.systemUTC());
    }

    /** A filter with a configuration built in code (programmatic registration). */
    public CookieWardenFilter(WardenConfig config) {
        this(java.util.Objects.requireNonNull(config, "config"), Clock.systemUTC());
    }

    CookieWardenFilter(WardenConfig config, Clock clock) {
        this.givenConfig = config;
        this.clock = clock;
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        for (Enumeration<String> names = filterConfig.getInitParameterNames(); names.hasMoreElements();) {
            String name = names.nextElement();
            if (!INIT_PARAMS.contains(name)) {
                throw new ServletException("The init-param [" + name + "] is not defined for filters of type ["
                        + getClass().getName() + "]; the accepted one is [" + INIT_PARAM_CONFIG + "]");
            }
        }
        ServletContext context = filterConfig.getServletContext();
        try {
            WardenConfig config = givenConfig != null ? givenConfig
                    : loadConfig(context, filterConfig.getInitParameter(INIT_PARAM_CONFIG));
            Path dataDir = config.dataDirectory().orElseGet(() -> defaultDataDir(context));
            KeyRing keyRing = KeyRing.loadOrGenerate(config.signingKeys(), dataDir);
            if (config.signingKeys().isEmpty()) {
                LOG.warn("Cookie Warden: no signing key configured (key [keys]); using the key [{}] kept in [{}]."
                        + " Several nodes behind one site need one shared key in [keys].",
                        keyRing.signingKey().id(), dataDir);
            }
            Warden built = new Warden(config, keyRing, dataDir, clock);
            LOG.info(built.startupLine());
            if (config.consentLogStore() == dev.cookiewarden.config.ConsentLogStore.NONE) {
                LOG.warn("Cookie Warden keeps no proof of consent (consent-log.store=none): the site must be able to"
                        + " demonstrate consent some other way (GDPR art. 7(1))");
            }
            String path = context == null ? null : context.getContextPath();
            this.contextPath = path == null ? "" : path;
            this.warden = built;
        } catch (ConfigException e) {
            throw new ServletException("Cookie Warden configuration error: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new ServletException("Cookie Warden could not start: " + e.getMessage(), e);
        }
    }

    private static WardenConfig loadConfig(ServletContext context, String location) throws IOException, ServletException {
        if (location != null && !location.isBlank()) {
            location = location.strip();
            InputStream in;
            if (location.startsWith("classpath:")) {
                in = classpathResource(location.substring("classpath:".length()));
            } else {
                in = location.startsWith("/") ? context.getResourceAsStream(location) : null;
                if (in == null && Files.isRegularFile(Path.of(location))) {
                    in = Files.newInputStream(Path.of(location));
                }
            }
            if (in == null) {
                throw new ServletException("The file [" + location + "] named by the init-param ["
                        + INIT_PARAM_CONFIG + "] was not found (in the web application, on the file system,"
                        + " or on the class path with the prefix classpath:)");
            }
            try (InputStream stream = in) {
                return WardenConfigParser.parse(stream, location);
            }
        }
        InputStream in = context.getResourceAsStream(DEFAULT_CONFIG_PATH);
        String source = DEFAULT_CONFIG_PATH;
        if (in == null) {
            in = classpathResource(DEFAULT_CONFIG_RESOURCE);
            source = "classpath:" + DEFAULT_CONFIG_RESOURCE;
        }
        if (in == null) {
            throw new ServletException("Cookie Warden found no configuration: give the init-param ["
                    + INIT_PARAM_CONFIG + "], or add " + DEFAULT_CONFIG_PATH + " or " + DEFAULT_CONFIG_RESOURCE
                    + " on the class path");
        }
        try (InputStream stream = in) {
            return WardenConfigParser.parse(stream, source);
        }
    }

    private static InputStream classpathResource(String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = CookieWardenFilter.class.getClassLoader();
        }
        return loader.getResourceAsStream(name.startsWith("/") ? name.substring(1) : name);
    }

    private static Path defaultDataDir(ServletContext context) {
        Object temp = context.getAttribute(ServletContext.TEMPDIR);
        Path base = temp instanceof File f ? f.toPath() : Path.of(System.getProperty("java.io.tmpdir"));
        return base.resolve("cookie-warden");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Warden w = warden;
        if (w == null) {
            throw new ServletException("Cookie Warden filter used before init() or after destroy()");
        }
        if (!(request instanceof HttpServletRequest httpRequest) || !(response instanceof HttpServletResponse httpResponse)
                || alreadyEnforced(request)) {
            // A forward, include or async dispatch inside a request this filter already wraps.
            try {
                chain.doFilter(request, response);
            } finally {
                // After a forward or an async dispatch the container commits by itself (also when
                // the application threw): the filter's own headers (deletions, Vary) and anything
                // written behind the wrappers must be settled first.
                DispatcherType type = request.getDispatcherType();
                if ((type == DispatcherType.FORWARD || type == DispatcherType.ASYNC) && !request.isAsyncStarted()) {
                    EnforcingResponse enforcing = enforcingResponseOf(request);
                    if (enforcing != null) {
                        enforcing.sweepIfDirty();
                    }
                }
            }
            return;
        }
        // In whole milliseconds: the system clock's instant() asks the JVM for nanoseconds through
        // a native call on every request, where millis() is an intrinsic; nothing the filter
        // decides or records needs a finer reading.
        Instant now = Instant.ofEpochMilli(clock.millis());
        CookieLine cookies = readCookies(httpRequest, w.cookieLines);
        BannerRequest.PageWish pageWish = BannerRequest.pageWish(httpRequest);
        boolean wantsPage = pageWish.wanted();
        String uri = null;
        String context = null;
        int from = 0;
        boolean endpoint = false;
        if (request.getDispatcherType() == DispatcherType.REQUEST) {
            uri = httpRequest.getRequestURI();
            context = contextPath(httpRequest, uri);
            from = uri.startsWith(context) ? context.length() : 0;
            endpoint = w.endpoint.handles(uri, from);
        }
        // Global Privacy Control changes what a page or the endpoint says and records, never what
        // is granted: other requests need not look for the header.
        boolean gpcSignal = (wantsPage || endpoint) && "1".equals(httpRequest.getHeader("Sec-GPC"));
        boolean secure = httpRequest.isSecure();
        VisitorConsent resolved = w.consentCookies.resolve(consentSent(cookies, w, secure), gpcSignal, now);
        if (endpoint) {
            w.endpoint.handle(httpRequest, httpResponse, uri.substring(from), resolved, cookies.pairs(), now);
            return;
        }

        ConsentEndpoint.RecordedRefusal gpcRefusal = null;
        if (resolved.gpc() && w.endpoint.gpcSettlesEveryCategory() && isPageView(httpRequest, wantsPage)) {
            gpcRefusal = w.endpoint.recordGpcRefusal(httpRequest, resolved, now).orElse(null);
        }
        VisitorConsent visitor = gpcRefusal == null ? resolved : gpcRefusal.visitor();
        RequestEnforcement enforcement = new RequestEnforcement(w.policy, visitor.granted(), w.observations,
                w.sightings, secure, now);
        if (gpcRefusal != null) {
            enforcement.setFilterCookie(gpcRefusal.cookieName(), gpcRefusal.setCookie());
        }
        ConsentRequest consentRequest = new ConsentRequest(httpRequest, enforcement, cookies);
        EnforcingResponse enforcingResponse = new EnforcingResponse(httpResponse, enforcement);
        HttpServletRequest appRequest = consentRequest;
        HttpServletResponse appResponse = enforcingResponse;
        BannerResponse page = null;
        if (mayGetBanner(w, httpRequest, wantsPage)) {
            String language = w.renderer.messages().negotiate(httpRequest.getHeader("Accept-Language"));
            String stateTag = w.stateTag(visitor, language);
            String contextPath = context != null ? context : httpRequest.getContextPath();
            String returnPath = returnPath(httpRequest, contextPath);
            appRequest = new BannerRequest(consentRequest, stateTag);
            page = new BannerResponse(enforcingResponse, pageWish, "HEAD".equals(httpRequest.getMethod()),
                    w.config.bannerErrorPages(), stateTag,
                    () -> w.snippets(visitor, contextPath, language, returnPath), enforcingResponse::markConsentDependent);
            appResponse = page;
        }
        consentRequest.bind(enforcingResponse, appRequest, appResponse);
        // Settle the filter's own headers (deletions of hidden cookies, Vary) before anything can
        // commit behind the wrappers; later sweeps add whatever the application adds.
        enforcingResponse.sweepIfDirty();
        try {
            chain.doFilter(appRequest, appResponse);
        } finally {
            // An async response is finished on another thread; its AsyncContext.complete() sweeps.
            if (!request.isAsyncStarted()) {
                if (page != null) {
                    page.finish();
                }
                enforcingResponse.sweepIfDirty();
            }
        }
    }

    /** A top-level (or error-page) request for something a browser shows as a page ({@code wantsPage}). */
    private static boolean mayGetBanner(Warden w, HttpServletRequest request, boolean wantsPage) {
        if (!w.config.bannerEnabled() || !wantsPage) {
            return false;
        }
        DispatcherType type = request.getDispatcherType();
        return type == DispatcherType.REQUEST || type == DispatcherType.ERROR && w.config.bannerErrorPages();
    }

    /**
     * A browser loading a page (not a subresource, a HEAD or an error page): the one kind of request
     * where a Global Privacy Control refusal is recorded, so that scripts' and images' requests
     * never each leave a record.
     */
    private static boolean isPageView(HttpServletRequest request, boolean wantsPage) {
        return wantsPage && request.getDispatcherType() == DispatcherType.REQUEST && "GET".equals(request.getMethod());
    }

    /** The page's own address, for the banner's forms to come back to; the site root when unusable. */
    private static String returnPath(HttpServletRequest request, String contextPath) {
        String uri = request.getRequestURI();
        String query = request.getQueryString();
        String path = query == null ? uri : uri + "?" + query;
        return SameOrigin.isSafeReturn(path) ? path : contextPath + "/";
    }

    /**
     * The request's context path: the context's own when the URI starts with it as a whole
     * segment, else what the container says (a URI that spells the path otherwise, in percent
     * escapes or with a path parameter). Tomcat works out {@code getContextPath()} from the URI
     * on every call; the context's own path is a field.
     */
    private String contextPath(HttpServletRequest request, String uri) {
        String known = contextPath;
        int end = known.length();
        if (uri.startsWith(known) && (uri.length() == end || uri.charAt(end) == '/')) {
            return known;
        }
        return request.getContextPath();
    }

    private static EnforcingResponse enforcingResponseOf(ServletRequest request) {
        for (ServletRequest r = request; r instanceof ServletRequestWrapper wrapper; r = wrapper.getRequest()) {
            if (r instanceof ConsentRequest consent) {
                return consent.enforcingResponse();
            }
        }
        return null;
    }

    private static boolean alreadyEnforced(ServletRequest request) {
        for (ServletRequest r = request; r instanceof ServletRequestWrapper wrapper; r = wrapper.getRequest()) {
            if (r instanceof ConsentRequest) {
                return true;
            }
        }
        return false;
    }

    private static CookieLine readCookies(HttpServletRequest request, CookieLineMemo memo) {
        Enumeration<String> lines = request.getHeaders("Cookie");
        if (lines == null || !lines.hasMoreElements()) {
            return CookieLine.NONE;
        }
        String first = lines.nextElement();
        if (!lines.hasMoreElements()) {
            return first == null ? CookieLine.NONE : memo.read(first); // what browsers send: one line
        }
        List<String> all = new ArrayList<>();
        all.add(first);
        while (lines.hasMoreElements()) {
            all.add(lines.nextElement());
        }
        return CookieLine.of(CookieHeader.parse(all));
    }

    /**
     * What the request's consent cookie was sent as: verified once per kept {@code Cookie} line
     * and name (plain or {@code __Host-}), and kept with the line, since a browser sends the same
     * line on each request; the clock and the revision judge it on every request.
     */
    private static ConsentCookies.Sent consentSent(CookieLine line, Warden w, boolean secure) {
        String name = w.consentCookies.name(secure);
        if (line.derived(name) instanceof ConsentCookies.Sent kept) {
            return kept;
        }
        ConsentCookies.Sent sent = w.consentCookies.sent(consentValues(line, name));
        line.keepDerived(name, sent);
        return sent;
    }

    private static List<String> consentValues(CookieLine line, String name) {
        List<CookieHeader.Pair> cookies = line.pairs();
        if (cookies.isEmpty()) {
            return List.of();
        }
        String only = null;
        List<String> values = null; // only for a duplicated consent cookie, which resolve refuses
        for (CookieHeader.Pair pair : cookies) {
            if (pair.name().equals(name)) {
                if (only == null && values == null) {
                    only = pair.value();
                } else {
                    if (values == null) {
                        values = new ArrayList<>(2);
                        values.add(only);
                    }
                    values.add(pair.value());
                }
            }
        }
        return values != null ? values : only != null ? List.of(only) : List.of();
    }

    /** What the filter blocked (or would block in report-only mode), by name; empty before init. */
    public java.util.Map<String, Long> observations() {
        Warden w = warden;
        return w == null ? java.util.Map.of() : w.observations.snapshot();
    }

    /** The active configuration, or null before {@code init()}. */
    public WardenConfig config() {
        Warden w = warden;
        return w == null ? null : w.config;
    }

    @Override
    public void destroy() {
        Warden w = warden;
        warden = null;
        if (w != null) {
            w.close();
        }
    }

    @Override
    public String toString() {
        Warden w = warden;
        return "CookieWardenFilter[" + (w == null ? "not initialised" : w.config) + "]";
    }

}
