package dev.cookiewarden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cookiewarden.CookieWardenFilter;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.http.HttpServletResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A filter placed before Cookie Warden commits the response before the chain reaches it: the
 * request must still succeed, and neither what the filter's first sweep would write (the deletion
 * of a hidden cookie, {@code Vary: Cookie}) nor anything the application sets afterwards may fail
 * it or reach the wire.
 */
class CommittedBeforeTheFilterWireTest {

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void earlierFilterCommitsThenRequestSucceedsAndNoCookieHeaderIsSent(Supplier<Container> make) throws Exception {
        CookieWardenFilter warden = new CookieWardenFilter(TestApps.conformanceWith());
        Filter commitsFirst = (request, response, chain) -> {
            ((HttpServletResponse) response).setHeader("X-Committed-Early", "yes");
            response.flushBuffer();
            chain.doFilter(request, response);
        };
        ServletContainerInitializer setup = (classes, ctx) -> {
            FilterRegistration.Dynamic early = ctx.addFilter("commitsFirst", commitsFirst);
            early.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
            TestApps.addFilter(ctx, warden); // after it: filters run in the order they are added
            ctx.addServlet("scenario", new ScenarioServlet()).addMapping("/s/*");
        };
        try (Container c = make.get()) {
            int port = c.start(setup, 0, null);
            // _fbp is a marketing cookie nobody granted: the first sweep would delete it.
            RawHttp.Response r = RawHttp.get(port, "/s/addCookie?names=_ga,JSESSIONID", "Cookie: _fbp=fb.1.2.3");
            assertEquals(200, r.status(), r.toString());
            assertEquals("yes", r.first("X-Committed-Early"), r.toString());
            assertEquals("ok", r.body(), r.toString());
            assertEquals(List.of(), r.setCookies(), r.toString());
            assertEquals(List.of(), r.all("Vary"), r.toString());
        }
    }
}
