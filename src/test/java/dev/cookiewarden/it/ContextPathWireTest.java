package dev.cookiewarden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cookiewarden.CookieWardenFilter;
import jakarta.servlet.ServletContainerInitializer;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The filter in an application that is not at the root: the endpoint answers under the context's
 * path, the banner's forms and links point there, and a choice made there is enforced there.
 */
class ContextPathWireTest {
    private static final String CONTEXT = "/shop";
    private static final String HTML = "Accept: text/html,application/xhtml+xml";
    private static final String DOCUMENT = "Sec-Fetch-Dest: document";

    @RegisterExtension
    static final BothContainers CONTAINERS = new BothContainers(ContextPathWireTest::setup, CONTEXT);

    private static ServletContainerInitializer setup() throws Exception {
        CookieWardenFilter filter = new CookieWardenFilter(TestApps.conformanceWith());
        return (classes, ctx) -> {
            TestApps.addFilter(ctx, filter);
            TestApps.addServlet(ctx, "pages", new PageServlet(), "/p/*");
            TestApps.addServlet(ctx, "scenario", new ScenarioServlet(), "/s/*");
        };
    }

    static Stream<Arguments> ports() {
        return CONTAINERS.ports();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void bannerFormsAndReturnPathPointIntoTheContext(String name, Supplier<Integer> port) throws Exception {
        RawHttp.Response r = RawHttp.get(port.get(), CONTEXT + "/p/writer?x=1", HTML, DOCUMENT);
        assertEquals(200, r.status(), r.toString());
        String body = r.body();
        assertTrue(body.contains("action=\"" + CONTEXT + "/cookie-consent\""), body);
        assertTrue(body.contains("value=\"" + CONTEXT + "/p/writer?x=1\""), "the page to come back to: " + body);
        assertTrue(body.contains("href=\"" + CONTEXT + "/cookie-consent/assets/"), "assets under the context: " + body);
        assertFalse(body.contains("\"/cookie-consent"), "no link outside the context: " + body);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void choiceMadeAtTheEndpointUnderTheContextIsEnforcedThere(String name, Supplier<Integer> port) throws Exception {
        RawHttp.Response before = RawHttp.get(port.get(), CONTEXT + "/s/addCookie?names=_ga,lang");
        assertEquals(List.of(), before.setNames(), before.toString());

        RawHttp.Response choice = RawHttp.post(port.get(), CONTEXT + "/cookie-consent",
                "action=accept-all&return=" + CONTEXT + "/p/writer");
        assertEquals(303, choice.status(), choice.toString());
        assertEquals(CONTEXT + "/p/writer", choice.first("Location"), choice.toString());
        String value = choice.cookieValue("cookie_warden");
        assertNotNull(value, choice.toString());
        String cookie = "Cookie: cookie_warden=" + value;

        RawHttp.Response state = RawHttp.get(port.get(), CONTEXT + "/cookie-consent", cookie);
        assertEquals(200, state.status(), state.toString());
        assertTrue(new ObjectMapper().readTree(state.body()).get("decided").asBoolean(), state.body());

        RawHttp.Response after = RawHttp.get(port.get(), CONTEXT + "/s/addCookie?names=_ga,lang", cookie);
        assertEquals(List.of("_ga", "lang"), after.setNames().stream().sorted().toList(), after.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ports")
    void endpointPathOutsideTheContextIsNotTheFiltersOwn(String name, Supplier<Integer> port) throws Exception {
        // A path that only starts like the context, and the endpoint's path at the server's root.
        RawHttp.Response lookalike = RawHttp.post(port.get(), CONTEXT + "x/cookie-consent", "action=accept-all");
        assertNotEquals(303, lookalike.status(), lookalike.toString());
        RawHttp.Response root = RawHttp.post(port.get(), "/cookie-consent", "action=accept-all");
        assertNotEquals(303, root.status(), root.toString());
        // Within the context, a servlet path that merely contains the endpoint's name is the application's.
        RawHttp.Response app = RawHttp.get(port.get(), CONTEXT + "/s/cookie-consent");
        assertNotEquals(303, app.status(), app.toString());
        assertFalse(app.body().startsWith("{"), app.toString());
    }
}
