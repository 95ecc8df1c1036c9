package dev.cookiewarden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.CookieWardenFilter;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code cookies.undeclared}: block, report-only and allow, on both containers. */
class UndeclaredModeTest {

    private static CookieWardenFilter filter(String mode) throws Exception {
        return new CookieWardenFilter(TestApps.conformanceWith("cookies.undeclared", mode));
    }

    private static int start(Container container, CookieWardenFilter filter) throws Exception {
        return TestApps.startScenarioApp(container, filter);
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void reportOnlyLetsUndeclaredCookiesThroughAndCountsThem(Supplier<Container> make) throws Exception {
        CookieWardenFilter filter = filter("report-only");
        try (Container c = make.get()) {
            int port = start(c, filter);
            RawHttp.Response r = RawHttp.get(port, "/s/addCookie?names=mystery,_ga");
            assertEquals(List.of("mystery"), r.setNames(), r.toString());
            RawHttp.Response echo = RawHttp.get(port, "/s/echo", "Cookie: mystery=1; _ga=2");
            assertTrue(echo.body().contains("getCookies=[mystery]"), echo.body());
            assertEquals(List.of("_ga"), echo.deletedNames(), echo.toString());
            assertTrue(filter.observations().containsKey("out UNDECLARED_REPORTED mystery"), filter.observations().toString());
            assertTrue(filter.observations().containsKey("in UNDECLARED_REPORTED mystery"), filter.observations().toString());
            assertTrue(filter.observations().containsKey("out NOT_GRANTED _ga"), filter.observations().toString());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void allowLetsUndeclaredCookiesThroughSilently(Supplier<Container> make) throws Exception {
        CookieWardenFilter filter = filter("allow");
        try (Container c = make.get()) {
            int port = start(c, filter);
            RawHttp.Response r = RawHttp.get(port, "/s/addCookie?names=mystery,_fbp");
            assertEquals(List.of("mystery"), r.setNames(), r.toString());
            assertTrue(filter.observations().keySet().stream().noneMatch(k -> k.contains("mystery")),
                    filter.observations().toString());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void blockDropsUndeclaredCookiesBothWays(Supplier<Container> make) throws Exception {
        CookieWardenFilter filter = filter("block");
        try (Container c = make.get()) {
            int port = start(c, filter);
            assertEquals(List.of(), RawHttp.get(port, "/s/addCookie?names=mystery").setNames());
            RawHttp.Response echo = RawHttp.get(port, "/s/echo", "Cookie: mystery=1");
            assertTrue(echo.body().contains("getCookies=[]"), echo.body());
            assertEquals(List.of("mystery"), echo.deletedNames());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void theApplicationCannotForgeTheConsentCookieInAnyMode(Supplier<Container> make) throws Exception {
        CookieWardenFilter filter = filter("allow");
        try (Container c = make.get()) {
            int port = start(c, filter);
            RawHttp.Response r = RawHttp.get(port, "/s/addCookie?names=cookie_warden,__Host-cookie_warden");
            assertEquals(List.of(), r.setNames(), r.toString());
            RawHttp.Response raw = RawHttp.get(port, "/s/raw?v=cookie_warden%3Dforged");
            assertEquals(List.of(), raw.setNames(), raw.toString());
        }
    }
}
