package dev.cookiewarden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.CookieWardenFilter;
import dev.cookiewarden.CookieWardenInitializer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Registration and startup, on a WAR-style deployment ({@link ExplodedWar}) in a real container
 * ({@link WarServer}), over real HTTP: the filter declared in web.xml, the drop-in
 * {@link CookieWardenInitializer}, the location of the configuration file, and startup failures
 * whose message must name what is wrong. {@link JettyRegistrationTest} and
 * {@link TomcatRegistrationTest} run it on each container; every test deploys its own application.
 */
abstract class RegistrationSuite {
    private static final String FILTER_CLASS = CookieWardenFilter.class.getName();

    private WarServer server;

    abstract WarServer newServer();

    /** What the container answers for an application that failed to start. */
    abstract Set<Integer> unavailableStatuses();

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    // ---- web.xml registration ----------------------------------------------------------------

    @Test
    void webXmlFilterAsDocumentedBlocksUntilConsentAndDropInAddsNoSecondOne() throws Exception {
        deploy(ExplodedWar.create("webxml").declareFilter("cookieWarden", Map.of())
                .config("WEB-INF/cookie-warden.properties"));
        assertEquals(Map.of("cookieWarden", FILTER_CLASS), wardenFilters());
        assertEnforced(ExplodedWar.CONSENT_COOKIE);
    }

    @Test
    void webXmlFilterUnderAnotherNameIsNotRegisteredAgainByDropIn() throws Exception {
        // Under another name, addFilter("cookieWarden", ...) would succeed: only the initializer's
        // look-up by class keeps a second instance out.
        deploy(ExplodedWar.create("webxml-named").declareFilter("consentGuard", Map.of())
                .config("WEB-INF/cookie-warden.properties"));
        assertEquals(Map.of("consentGuard", FILTER_CLASS), wardenFilters());
        assertEnforced(ExplodedWar.CONSENT_COOKIE);
    }

    @Test
    void webXmlFilterWithItsOwnConfigIsNotShadowedByADropInOneReadingTheDefaultFile() throws Exception {
        // A second, drop-in instance would sit ahead of the declared one and answer the consent
        // endpoint with the default file's cookie name: the wire shows which one runs.
        deploy(ExplodedWar.create("webxml-own-config")
                .declareFilter("consentGuard", Map.of("config", "/WEB-INF/custom.properties"))
                .config("WEB-INF/cookie-warden.properties")
                .config("WEB-INF/custom.properties", "consent.cookie-name=cw_custom"));
        assertEquals(Map.of("consentGuard", FILTER_CLASS), wardenFilters());
        assertEnforced("cw_custom");
    }

    // ---- drop-in registration ------------------------------------------------------------------

    @Test
    void dropInRegistersTheFilterFromWebInfLibWhenTheConfigFileIsPresent() throws Exception {
        ExplodedWar war = ExplodedWar.create("dropin").config("WEB-INF/cookie-warden.properties");
        deploy(war);
        assertEquals(Map.of(CookieWardenInitializer.FILTER_NAME, FILTER_CLASS), wardenFilters());
        String library = RawHttp.get(server.port(), "/app/library").body();
        assertTrue(library.contains("WEB-INF/lib/cookie-warden.jar"), server + " loaded the filter from " + library);
        assertEnforced(ExplodedWar.CONSENT_COOKIE);
    }

    @Test
    void dropInFilterRunsAheadOfTheFiltersDeclaredInWebXml() throws Exception {
        // A web.xml filter that ran first would read the incoming cookies unfiltered.
        deploy(ExplodedWar.create("dropin-first").declareCookieReadingFilter().config("WEB-INF/cookie-warden.properties"));
        String saw = WarAppServlet.CookieReadingFilter.SAW_HEADER;
        RawHttp.Response undecided = visit("Cookie: _ga=GA1.1.42; lang=fr; JSESSIONID=none");
        assertEquals("JSESSIONID", undecided.first(saw), server + ": a web.xml filter ran before the drop-in one: " + undecided);
        RawHttp.Response granted = visit(acceptAll(ExplodedWar.CONSENT_COOKIE) + "; _ga=GA1.1.42; lang=fr; JSESSIONID=none");
        assertEquals("JSESSIONID,_ga," + ExplodedWar.CONSENT_COOKIE + ",lang", granted.first(saw), server + ": " + granted);
    }

    @Test
    void dropInFindsTheConfigFileOnTheApplicationClassPath() throws Exception {
        deploy(ExplodedWar.create("dropin-classes").config("WEB-INF/classes/cookie-warden.properties"));
        assertEquals(Map.of(CookieWardenInitializer.FILTER_NAME, FILTER_CLASS), wardenFilters());
        assertEnforced(ExplodedWar.CONSENT_COOKIE);
    }

    @Test
    void dropInTurnedOffByContextParamLeavesCookiesUnfiltered() throws Exception {
        deploy(ExplodedWar.create("dropin-off").contextParam(CookieWardenInitializer.AUTO_REGISTER_PARAM, "false")
                .config("WEB-INF/cookie-warden.properties"));
        assertEquals(Map.of(), wardenFilters());
        assertUnfiltered();
    }

    @Test
    void dropInWithoutAConfigFileRegistersNothing() throws Exception {
        deploy(ExplodedWar.create("dropin-none"));
        assertEquals(Map.of(), wardenFilters());
        assertUnfiltered();
    }

    @Test
    void dropInWithAnAutoRegisterValueOtherThanTrueOrFalseFailsTheDeployment() throws Exception {
        deploy(ExplodedWar.create("dropin-maybe").contextParam(CookieWardenInitializer.AUTO_REGISTER_PARAM, "maybe")
                .config("WEB-INF/cookie-warden.properties"));
        assertApplicationFailed("[" + CookieWardenInitializer.AUTO_REGISTER_PARAM + "]", "[maybe]");
    }

    @Test
    void dropInFailsClosedWhenAnotherFilterHoldsItsName() throws Exception {
        // Registering under another name would surprise; staying silent would leave the site
        // unprotected although its configuration file is there.
        deploy(ExplodedWar.create("dropin-name-taken").declareCookieReadingFilter(CookieWardenInitializer.FILTER_NAME)
                .config("WEB-INF/cookie-warden.properties"));
        assertStartupFailed("[" + CookieWardenInitializer.FILTER_NAME + "]",
                "[" + WarAppServlet.CookieReadingFilter.class.getName() + "]");
    }

    @Test
    void dropInWithAnAutoRegisterValueOtherThanTrueOrFalseFailsOnlyItsApplicationNotTheContainer() throws Exception {
        // As a broken configuration file does: the container stays up and answers for the
        // application that failed, instead of the whole server failing to start.
        deploy(ExplodedWar.create("dropin-maybe").contextParam(CookieWardenInitializer.AUTO_REGISTER_PARAM, "maybe")
                .config("WEB-INF/cookie-warden.properties"));
        assertStartupFailed("[" + CookieWardenInitializer.AUTO_REGISTER_PARAM + "]", "[maybe]");
    }

    // ---- startup failures ------------------------------------------------------------------------

    /** A broken configuration, and the bracketed names the startup failure must show. */
    enum Broken {
        VALIDITY_TOO_LONG_IN_WEB_XML_FILTER(true, Map.of(), "consent.validity-days=500", "[consent.validity-days]", "[500]"),
        VALIDITY_TOO_LONG_IN_DROP_IN_FILTER(false, Map.of(), "consent.validity-days=500", "[consent.validity-days]", "[500]"),
        MISSPELT_KEY_IN_WEB_XML_FILTER(true, Map.of(), "policy.revison=2", "[policy.revison]", "[2]"),
        MISSPELT_KEY_IN_DROP_IN_FILTER(false, Map.of(), "policy.revison=2", "[policy.revison]", "[2]"),
        MISSPELT_INIT_PARAM(true, Map.of("confg", "/WEB-INF/cookie-warden.properties"), null, "[confg]", "[config]");

        final boolean declared;
        final Map<String, String> initParams;
        final String extraLine;
        final String[] expected;

        Broken(boolean declared, Map<String, String> initParams, String extraLine, String... expected) {
            this.declared = declared;
            this.initParams = initParams;
            this.extraLine = extraLine;
            this.expected = expected;
        }
    }

    @ParameterizedTest
    @EnumSource(Broken.class)
    void brokenConfigurationStopsTheApplicationWithAMessageNamingKeyAndValue(Broken broken) throws Exception {
        ExplodedWar war = ExplodedWar.create("broken").config("WEB-INF/cookie-warden.properties",
                broken.extraLine == null ? new String[0] : new String[] {broken.extraLine});
        if (broken.declared) {
            war.declareFilter("cookieWarden", broken.initParams);
        }
        deploy(war);
        assertStartupFailed(broken.expected);
    }

    // ---- where the configuration file is read from -----------------------------------------------

    /** A value of the init-param {@code config}, and the consent cookie name its file sets. */
    enum Location {
        CLASS_PATH("cw_classpath"),
        WEB_APPLICATION("cw_custom"),
        ABSOLUTE_FILE("cw_absolute");

        final String consentCookie;

        Location(String consentCookie) {
            this.consentCookie = consentCookie;
        }
    }

    @ParameterizedTest
    @EnumSource(Location.class)
    void configInitParamReadsTheNamedFileRatherThanTheDefaultOne(Location location) throws Exception {
        // The default /WEB-INF/cookie-warden.properties is present too; the consent cookie's name
        // tells which file the filter read.
        ExplodedWar war = ExplodedWar.create("config-" + location).config("WEB-INF/cookie-warden.properties");
        String value = switch (location) {
            case CLASS_PATH -> "classpath:registration/classpath-config.properties";
            case WEB_APPLICATION -> {
                war.config("WEB-INF/custom.properties", "consent.cookie-name=cw_custom");
                yield "/WEB-INF/custom.properties";
            }
            case ABSOLUTE_FILE -> {
                Path outside = war.dir().resolveSibling(war.dir().getFileName() + "-outside.properties");
                ExplodedWar.write(outside, ExplodedWar.configText("consent.cookie-name=cw_absolute"));
                yield outside.toString();
            }
        };
        deploy(war.declareFilter("cookieWarden", Map.of("config", value)));
        if (location == Location.CLASS_PATH) {
            // That file declares no lang: undeclared, it stays blocked even after accept-all.
            RawHttp.Response first = visit();
            assertEquals(List.of("JSESSIONID"), first.setNames(), first.toString());
            RawHttp.Response granted = visit(acceptAll("cw_classpath"));
            assertEquals(List.of("JSESSIONID", "_ga"), sorted(granted.setNames()), granted.toString());
            assertEachNameOnce(granted);
        } else {
            assertEnforced(location.consentCookie);
        }
    }

    @ParameterizedTest
    @EnumSource(Location.class)
    void configInitParamNamingAMissingFileStopsTheApplicationNamingTheFile(Location location) throws Exception {
        ExplodedWar war = ExplodedWar.create("missing-" + location).config("WEB-INF/cookie-warden.properties");
        String value = switch (location) {
            case CLASS_PATH -> "classpath:registration/no-such-config.properties";
            case WEB_APPLICATION -> "/WEB-INF/no-such-config.properties";
            case ABSOLUTE_FILE -> war.dir().resolveSibling("no-such-config.properties").toString();
        };
        deploy(war.declareFilter("cookieWarden", Map.of("config", value)));
        assertStartupFailed("[" + value + "]", "[config]");
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private void deploy(ExplodedWar war) throws Exception {
        Path dir = war.build();
        server = newServer();
        server.deploy(dir);
    }

    private RawHttp.Response visit(String... headers) throws Exception {
        RawHttp.Response r = RawHttp.get(server.port(), "/app/cookies", headers);
        assertEquals(200, r.status(), server + ": " + r);
        assertEquals(WarAppServlet.BODY, r.body(), server + ": " + r);
        return r;
    }

    /** Chooses accept-all at the consent endpoint; returns the Cookie line that carries the choice. */
    private String acceptAll(String consentCookie) throws Exception {
        RawHttp.Response r = RawHttp.post(server.port(), "/cookie-consent", "action=accept-all");
        assertEquals(303, r.status(), server + ": " + r);
        String value = r.cookieValue(consentCookie);
        assertNotNull(value, server + ": no " + consentCookie + " cookie in " + r);
        return "Cookie: " + consentCookie + "=" + value;
    }

    /** The filter runs, once: nothing but the session before a choice, everything after accept-all. */
    private void assertEnforced(String consentCookie) throws Exception {
        assertTrue(server.applicationAvailable(), server + " did not start the application: " + server.startupFailure());
        RawHttp.Response first = visit();
        assertEquals(List.of("JSESSIONID"), first.setNames(), server + ": " + first);
        assertEachNameOnce(first);
        RawHttp.Response granted = visit(acceptAll(consentCookie));
        assertEquals(List.of("JSESSIONID", "_ga", "lang"), sorted(granted.setNames()), server + ": " + granted);
        assertEachNameOnce(granted);
    }

    private void assertUnfiltered() throws Exception {
        assertTrue(server.applicationAvailable(), server + " did not start the application: " + server.startupFailure());
        RawHttp.Response first = visit();
        assertEquals(List.of("JSESSIONID", "_ga", "lang"), sorted(first.setNames()), server + ": " + first);
        RawHttp.Response endpoint = RawHttp.post(server.port(), "/cookie-consent", "action=accept-all");
        assertFalse(endpoint.status() == 303, server + ": a consent endpoint answered: " + endpoint);
    }

    private void assertEachNameOnce(RawHttp.Response r) {
        Map<String, Long> counts = r.setCookies().stream()
                .collect(Collectors.groupingBy(RawHttp::nameOf, TreeMap::new, Collectors.counting()));
        counts.forEach((name, n) -> assertEquals(1L, n, server + ": " + n + " Set-Cookie lines for " + name + ": " + r));
    }

    /** The application did not start, and one message of the failure names every fragment. */
    private void assertApplicationFailed(String... fragments) {
        assertFalse(server.applicationAvailable(), server + " started an application that should have failed");
        List<String> failure = server.startupFailure();
        assertTrue(failure.stream().anyMatch(m -> Arrays.stream(fragments).allMatch(m::contains)),
                server + ": no startup failure message names " + Arrays.toString(fragments) + ": " + failure);
    }

    /**
     * The application did not start, one message of the failure names every fragment, and the
     * container, still up, answers for it without letting a request reach it.
     */
    private void assertStartupFailed(String... fragments) throws Exception {
        assertApplicationFailed(fragments);
        assertTrue(server.containerStarted(), server + " itself failed to start: " + server.startupFailure());
        RawHttp.Response r = RawHttp.get(server.port(), "/app/cookies");
        assertTrue(unavailableStatuses().contains(r.status()), server + ": " + r);
        assertFalse(r.body().contains(WarAppServlet.BODY), server + ": the request reached the application: " + r);
        assertEquals(List.of(), r.setNames(), server + ": " + r);
    }

    /** The Cookie Warden filters registered in the context, name to class. */
    private Map<String, String> wardenFilters() throws Exception {
        RawHttp.Response r = RawHttp.get(server.port(), "/app/filters");
        assertEquals(200, r.status(), server + ": " + r);
        Map<String, String> out = new TreeMap<>();
        for (String line : r.body().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(eq + 1).equals(FILTER_CLASS)) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }
}
