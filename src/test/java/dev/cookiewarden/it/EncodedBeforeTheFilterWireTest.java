package dev.cookiewarden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.CookieWardenFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A filter placed before Cookie Warden sets the response's {@code Content-Encoding} before the
 * chain reaches it (as one serving files compressed ahead of time does): the page's bytes are
 * then not the page's text, and must pass untouched, without a banner. The same page behind a
 * filter that sets any other header gets its banner, so the test can tell the two apart.
 */
class EncodedBeforeTheFilterWireTest {
    private static final String HTML = "Accept: text/html,application/xhtml+xml";

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void aContentEncodingSetBeforeTheFilterKeepsThePageUntouched(Supplier<Container> make) throws Exception {
        CookieWardenFilter warden = new CookieWardenFilter(TestApps.conformanceWith());
        Filter earlier = (request, response, chain) -> {
            String header = request.getParameter("header");
            ((HttpServletResponse) response).setHeader(header, "gzip");
            chain.doFilter(request, response);
        };
        ServletContainerInitializer setup = (classes, ctx) -> {
            FilterRegistration.Dynamic first = ctx.addFilter("earlier", earlier);
            first.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
            TestApps.addFilter(ctx, warden); // after it: filters run in the order they are added
            ctx.addServlet("page", new HttpServlet() {
                private static final long serialVersionUID = 1L;

                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    resp.setContentType("text/html;charset=UTF-8");
                    // Stands for the compressed bytes: what matters is that none of them change.
                    resp.getOutputStream().write(PageServlet.PAGE.getBytes(StandardCharsets.UTF_8));
                }
            }).addMapping("/page");
        };
        try (Container c = make.get()) {
            int port = c.start(setup, 0, null);
            for (String name : new String[] {"Content-Encoding", "content-encoding"}) {
                RawHttp.Response encoded = RawHttp.get(port, "/page?header=" + name, HTML);
                assertEquals(200, encoded.status(), encoded.toString());
                assertEquals("gzip", encoded.first("Content-Encoding"), encoded.toString());
                assertEquals(PageServlet.PAGE, encoded.body(), "the bytes pass as they were written: " + encoded);
            }
            RawHttp.Response plain = RawHttp.get(port, "/page?header=X-Other", HTML);
            assertEquals(200, plain.status(), plain.toString());
            assertTrue(plain.body().contains("id=\"cw-root\""), "the same page, not encoded, gets its banner: " + plain);
        }
    }
}
