package dev.cookiewarden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.CookieWardenFilter;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code consent.secure=always}, for sites behind a TLS-terminating proxy where the container
 * sees plain HTTP: the consent cookie is {@code __Host-} prefixed and Secure, and only that name
 * is read back.
 */
class SecureConsentCookieTest {

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void alwaysSecureThenHostPrefixedSecureCookieIsWrittenAndRead(Supplier<Container> make) throws Exception {
        CookieWardenFilter filter = new CookieWardenFilter(TestApps.conformanceWith("consent.secure", "always"));
        try (Container c = make.get()) {
            int port = TestApps.startScenarioApp(c, filter);
            RawHttp.Response post = RawHttp.post(port, "/cookie-consent", "action=accept-all");
            String header = post.setCookies().stream().filter(v -> v.startsWith("__Host-cookie_warden="))
                    .findFirst().orElseThrow(() -> new AssertionError(post.toString()));
            String lower = header.toLowerCase(Locale.ROOT);
            assertTrue(lower.contains("; secure"), header);
            assertTrue(lower.contains("path=/"), header);
            assertFalse(lower.contains("domain="), header);
            String value = post.cookieValue("__Host-cookie_warden");
            assertNotNull(value);

            RawHttp.Response page = RawHttp.get(port, "/s/addCookie?names=_ga", "Cookie: __Host-cookie_warden=" + value);
            assertEquals(List.of("_ga"), page.setNames(), page.toString());
            // The unprefixed name is not the consent cookie in this mode: it grants nothing.
            RawHttp.Response plain = RawHttp.get(port, "/s/addCookie?names=_ga", "Cookie: cookie_warden=" + value);
            assertEquals(List.of(), plain.setNames(), plain.toString());
        }
    }
}
