package dev.cookiewarden.bench;

import dev.cookiewarden.CookieWardenFilter;
import dev.cookiewarden.config.WardenConfig;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One request through {@link CookieWardenFilter#doFilter} with in-memory request and response
 * doubles, against the same application called without the filter. Run with {@code -prof gc}:
 * {@code gc.alloc.rate.norm} of {@code withFilter} minus that of {@code withoutFilter} is what
 * the filter allocates per request.
 *
 * <p>{@code JSON} is the non-HTML path (a fetch of the JSON endpoint, which sets the cart
 * cookie); {@code PAGE} is the 30 KB page, which gets the banner. A {@code NEW} visitor sends no
 * cookie; a {@code RETURNING} one sends a valid consent cookie (preferences and analytics
 * granted), a session cookie and three granted cookies, as a browser does on every request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class FilterPathBenchmark {
    /** What the request asks for. */
    public enum Endpoint { JSON, PAGE }

    /** Who asks. */
    public enum Visitor { NEW, RETURNING }

    @Param({"JSON", "PAGE"})
    public Endpoint endpoint;

    @Param({"NEW", "RETURNING"})
    public Visitor visitor;

    private CookieWardenFilter filter;
    private InMemoryRequest request;
    private InMemoryResponse response;
    private FilterChain chain;

    @Setup(Level.Trial)
    public void setUp() throws ServletException, IOException {
        WardenConfig config = BenchConfig.config();
        filter = new CookieWardenFilter(config);
        filter.init(new NoParamsFilterConfig());
        request = request(endpoint, visitor == Visitor.RETURNING
                ? BenchConfig.consentCookieValue(config) : null, config.consentCookieName());
        response = new InMemoryResponse();
        chain = endpoint == Endpoint.JSON
                ? (req, resp) -> ShopApp.json((HttpServletResponse) resp)
                : (req, resp) -> ShopApp.page((HttpServletResponse) resp);
        check();
    }

    /** The request a browser sends for {@code endpoint}; no consent cookie when {@code consent} is null. */
    static InMemoryRequest request(Endpoint endpoint, String consent, String consentName) {
        String cookies = consent == null ? null : consentName + "=" + consent
                + "; JSESSIONID=node0x7f3kq2l9d1c8p5v0sm4z1j2b6.node0; lang=fr"
                + "; _ga=GA1.1.1843271520.1717421378; _ga_7XK2P4Q9ZR=GS1.1.1717421378.1.1.1717421390.0.0.0";
        String[] common = endpoint == Endpoint.JSON
                ? new String[] {"Accept", "application/json", "Sec-Fetch-Dest", "empty", "Sec-Fetch-Mode", "cors"}
                : new String[] {"Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                        "Sec-Fetch-Dest", "document", "Sec-Fetch-Mode", "navigate"};
        String[] rest = {"Host", "shop.example", "User-Agent",
                "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
                "Accept-Language", "fr-FR,fr;q=0.9,en;q=0.8", "Accept-Encoding", "gzip, deflate, br"};
        int n = common.length + rest.length + (cookies == null ? 0 : 2);
        String[] headers = new String[n];
        System.arraycopy(common, 0, headers, 0, common.length);
        System.arraycopy(rest, 0, headers, common.length, rest.length);
        if (cookies != null) {
            headers[n - 2] = "Cookie";
            headers[n - 1] = cookies;
        }
        return new InMemoryRequest(endpoint == Endpoint.JSON ? "/api/product/10412" : "/fr/salon", headers);
    }

    private void check() throws ServletException, IOException {
        response.recycle();
        filter.doFilter(request, response, chain);
        String setCookie = response.getHeader("Set-Cookie");
        boolean banner = response.bytesWritten() > ShopApp.PAGE_SIZE;
        boolean bannerExpected = endpoint == Endpoint.PAGE;
        if (setCookie == null && endpoint == Endpoint.JSON || banner != bannerExpected
                || response.getStatus() != 200 || !response.getHeaders("Set-Cookie").stream().allMatch(
                        v -> v.startsWith("cart="))) {
            throw new IllegalStateException("Unexpected response through the filter: " + response);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        filter.destroy();
    }

    @Benchmark
    public long withFilter() throws ServletException, IOException {
        response.recycle();
        filter.doFilter(request, response, chain);
        return response.bytesWritten();
    }

    @Benchmark
    public long withoutFilter() throws ServletException, IOException {
        response.recycle();
        chain.doFilter(request, response);
        return response.bytesWritten();
    }

    /** The filter's only init-param is optional; programmatic registration passes none. */
    static final class NoParamsFilterConfig implements FilterConfig {
        @Override
        public String getFilterName() {
            return "cookieWarden";
        }

        @Override
        public ServletContext getServletContext() {
            return null; // the configuration names data-dir: the context is never asked
        }

        @Override
        public String getInitParameter(String name) {
            return null;
        }

        @Override
        public Enumeration<String> getInitParameterNames() {
            return Collections.emptyEnumeration();
        }
    }
}
