package dev.cookiewarden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cookiewarden.CookieWardenFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proof of consent on the wire: every choice is recorded before the endpoint answers; a visitor
 * reads back only their own history; the admin endpoint exists only with a token and answers only
 * to it.
 */
class RecordsWireTest {
    private static final String TOKEN = "test-admin-token-0123456789abcdefghij";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dataDir() throws Exception {
        return Files.createTempDirectory(Files.createDirectories(Path.of("target", "records-it")), "data");
    }

    private static String consentCookie(RawHttp.Response r) {
        return "Cookie: cookie_warden=" + r.cookieValue("cookie_warden");
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void everyChoiceIsRecordedAndTheVisitorGetsOnlyTheirOwnHistory(Supplier<Container> make) throws Exception {
        Path data = dataDir();
        CookieWardenFilter filter = new CookieWardenFilter(TestApps.conformanceWith("data-dir", data.toString()));
        try (Container c = make.get()) {
            int port = TestApps.startScenarioApp(c, filter);
            RawHttp.Response accept = RawHttp.post(port, "/cookie-consent", "action=accept-all");
            String mine = consentCookie(accept);
            RawHttp.Response reject = RawHttp.post(port, "/cookie-consent", "action=save&category=analytics", mine);
            mine = consentCookie(reject);
            RawHttp.Response other = RawHttp.post(port, "/cookie-consent", "action=reject-all");

            JsonNode history = JSON.readTree(RawHttp.get(port, "/cookie-consent/history", mine).body());
            String id = history.get("consentId").asText();
            assertEquals(2, history.get("records").size(), history.toString());
            assertEquals("accept-all", history.get("records").get(0).get("action").asText());
            assertEquals("custom", history.get("records").get(1).get("action").asText());
            assertTrue(history.get("records").get(1).get("grants").get("analytics").asBoolean());
            assertFalse(history.get("records").get(1).get("grants").get("marketing").asBoolean());
            assertTrue(history.get("records").get(1).get("grants").get("necessary").asBoolean());
            assertEquals(3, history.get("records").get(0).get("policyRevision").asInt());
            assertTrue(history.get("records").get(0).get("configHash").asText().length() >= 16);

            // A parameter can never select someone else's records.
            JsonNode spoofed = JSON.readTree(RawHttp.get(port, "/cookie-consent/history?consentId=" + id,
                    consentCookie(other)).body());
            assertEquals(1, spoofed.get("records").size());
            assertFalse(spoofed.toString().contains(id));
            JsonNode nobody = JSON.readTree(RawHttp.get(port, "/cookie-consent/history?consentId=" + id).body());
            assertEquals(0, nobody.get("records").size());

            // On disk: JSON Lines, no IP address.
            String onDisk = String.join("\n", readAll(data.resolve("consent-log")));
            assertTrue(onDisk.contains(id), onDisk);
            assertFalse(onDisk.contains("127.0.0.1"), onDisk);
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void adminEndpointDoesNotExistWithoutATokenAndGuardReportsAreAnsweredAlike(Supplier<Container> make)
            throws Exception {
        CookieWardenFilter filter = new CookieWardenFilter(TestApps.conformanceWith("data-dir", dataDir().toString()));
        try (Container c = make.get()) {
            int port = TestApps.startScenarioApp(c, filter);
            for (String path : List.of("/cookie-consent/admin/records?consentId=AAAAAAAAAAAAAAAAAAAAAA",
                    "/cookie-consent/admin/inventory", "/cookie-consent/admin/inventory.html")) {
                assertEquals(404, RawHttp.get(port, path, "X-Cookie-Warden-Token: " + TOKEN).status(), path);
                assertEquals(404, RawHttp.get(port, path).status(), path);
            }
            // Nothing reads the inventory, so the banner's script sends no report; one posted anyway
            // is checked and answered as with a token, and counts nothing (GuardReportsTest).
            assertEquals(204, report(port, "_fbp;lang").status());
            assertEquals(403, report(port, "_fbp", "Origin: http://evil.example").status());
            assertEquals(405, RawHttp.get(port, "/cookie-consent/guard").status());
            assertEquals(413, report(port, "x".repeat(1025)).status());
            assertEquals(400, report(port, "caf\u00e9").status());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void adminEndpointAnswersOnlyTheToken(Supplier<Container> make) throws Exception {
        CookieWardenFilter filter = new CookieWardenFilter(TestApps.conformanceWith("data-dir", dataDir().toString(),
                "admin.token", TOKEN));
        try (Container c = make.get()) {
            int port = TestApps.startScenarioApp(c, filter);
            Instant before = Instant.now().minusSeconds(1);
            RawHttp.Response accept = RawHttp.post(port, "/cookie-consent", "action=accept-all");
            String id = JSON.readTree(RawHttp.get(port, "/cookie-consent", consentCookie(accept)).body())
                    .get("consentId").asText();
            String records = "/cookie-consent/admin/records?consentId=" + id;
            assertEquals(403, RawHttp.get(port, records).status());
            assertEquals(403, RawHttp.get(port, records, "X-Cookie-Warden-Token: " + TOKEN + "x").status());
            assertEquals(403, RawHttp.get(port, records, "X-Cookie-Warden-Token: " + TOKEN.substring(1)).status());
            RawHttp.Response ok = RawHttp.get(port, records, "X-Cookie-Warden-Token: " + TOKEN);
            assertEquals(200, ok.status(), ok.toString());
            assertEquals(1, JSON.readTree(ok.body()).get("records").size());
            assertEquals("no-store", ok.first("Cache-Control"));

            RawHttp.Response export = RawHttp.get(port, "/cookie-consent/admin/export?from=" + before + "&to="
                    + Instant.now().plusSeconds(5), "X-Cookie-Warden-Token: " + TOKEN);
            assertEquals(200, export.status(), export.toString());
            String[] lines = export.body().trim().split("\n");
            assertEquals(1, lines.length, export.body());
            assertEquals(id, JSON.readTree(lines[0]).get("consentId").asText());
            assertEquals(400, RawHttp.get(port, "/cookie-consent/admin/export?from=yesterday&to=now",
                    "X-Cookie-Warden-Token: " + TOKEN).status());

            RawHttp.get(port, "/s/addCookie?names=_hjSessionUser_123");
            RawHttp.get(port, "/s/raw?v=%3Cscript%3E%3D1");
            RawHttp.get(port, "/s/echo", "Cookie: mystery_cookie=1");
            JsonNode inventory = JSON.readTree(RawHttp.get(port, "/cookie-consent/admin/inventory",
                    "X-Cookie-Warden-Token: " + TOKEN).body());
            JsonNode hotjar = find(inventory, "_hjSessionUser_123");
            assertTrue(hotjar.get("suggestion").asText().contains("Hotjar"), hotjar.toString());
            assertTrue(find(inventory, "mystery_cookie").get("suggestion").asText().contains("#"), inventory.toString());
            RawHttp.Response page = RawHttp.get(port, "/cookie-consent/admin/inventory.html",
                    "X-Cookie-Warden-Token: " + TOKEN);
            assertEquals(200, page.status());
            assertFalse(page.body().contains("<script>"), "names are escaped in the report");
            assertEquals(403, RawHttp.get(port, "/cookie-consent/admin/inventory.html").status());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void aGpcRefusalOnAPageViewIsRecordedOnceAndAnExplicitChoiceStillWins(Supplier<Container> make) throws Exception {
        Path data = dataDir();
        // Every optional category GPC-sensitive (the default): the signal settles the whole choice.
        CookieWardenFilter filter = new CookieWardenFilter(TestApps.conformanceWith("data-dir", data.toString(),
                "category.preferences.gpc", "true"));
        try (Container c = make.get()) {
            int port = TestApps.startScenarioApp(c, filter);
            RawHttp.Response image = RawHttp.get(port, "/s/addCookie?names=_ga", "Accept: image/avif,*/*", "Sec-GPC: 1");
            assertEquals(List.of(), image.setNames(), "a subresource leaves no record and sets nothing: " + image);

            RawHttp.Response first = RawHttp.get(port, "/s/addCookie?names=_ga,lang", PAGE_VIEW_WITH_GPC);
            assertEquals(List.of("cookie_warden"), first.setNames(), first.toString());
            String mine = consentCookie(first);
            JsonNode state = JSON.readTree(RawHttp.get(port, "/cookie-consent", mine, "Sec-GPC: 1").body());
            assertTrue(state.get("decided").asBoolean(), state.toString());
            assertFalse(state.get("gpc").asBoolean(), "the stored refusal is the choice now: " + state);

            JsonNode history = JSON.readTree(RawHttp.get(port, "/cookie-consent/history", mine).body());
            assertEquals(1, history.get("records").size(), history.toString());
            JsonNode record = history.get("records").get(0);
            assertEquals("gpc-refusal", record.get("action").asText());
            assertTrue(record.get("grants").get("necessary").asBoolean());
            for (String refused : List.of("analytics", "marketing", "preferences")) {
                assertFalse(record.get("grants").get(refused).asBoolean(), refused + " in " + record);
            }

            // The next page views carry the cookie: no second record, no new cookie.
            RawHttp.Response again = RawHttp.get(port, "/s/addCookie?names=_ga", with(PAGE_VIEW_WITH_GPC, mine));
            assertEquals(List.of(), again.setNames(), again.toString());
            assertEquals(1, JSON.readTree(RawHttp.get(port, "/cookie-consent/history", mine).body())
                    .get("records").size());

            // Opting in later from the preference center replaces the refusal, in the same thread.
            RawHttp.Response accept = RawHttp.post(port, "/cookie-consent", "action=accept-all", mine, "Sec-GPC: 1");
            mine = consentCookie(accept);
            JsonNode after = JSON.readTree(RawHttp.get(port, "/cookie-consent/history", mine).body());
            assertEquals(2, after.get("records").size(), after.toString());
            assertEquals(history.get("consentId").asText(), after.get("consentId").asText());
            assertEquals("accept-all", after.get("records").get(1).get("action").asText());
            assertEquals(List.of("_ga"), RawHttp.get(port, "/s/addCookie?names=_ga",
                    with(PAGE_VIEW_WITH_GPC, mine)).setNames());
            assertEquals(2, readAll(data.resolve("consent-log")).size());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void aGpcRefusalIsNotStoredWhileTheBannerStillHasToAskAboutACategory(Supplier<Container> make) throws Exception {
        Path data = dataDir();
        // conformance.properties makes preferences insensitive to GPC: the visitor must still be asked.
        CookieWardenFilter filter = new CookieWardenFilter(TestApps.conformanceWith("data-dir", data.toString()));
        try (Container c = make.get()) {
            int port = TestApps.startScenarioApp(c, filter);
            RawHttp.Response page = RawHttp.get(port, "/s/addCookie?names=_ga,lang", PAGE_VIEW_WITH_GPC);
            assertEquals(List.of(), page.setNames(), page.toString());
            assertTrue(JSON.readTree(RawHttp.get(port, "/cookie-consent", "Sec-GPC: 1").body()).get("gpc").asBoolean());
            assertFalse(Files.exists(data.resolve("consent-log")) && !readAll(data.resolve("consent-log")).isEmpty(),
                    "no record for a refusal the visitor has not made whole");
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void theIpHashIsKeyedTruncatedAndOffByDefault(Supplier<Container> make) throws Exception {
        Path data = dataDir();
        Path otherKeyData = dataDir();
        CookieWardenFilter filter = new CookieWardenFilter(TestApps.conformanceWith("data-dir", data.toString(),
                "consent-log.ip-hash", "true"));
        CookieWardenFilter otherKey = new CookieWardenFilter(TestApps.conformanceWith("data-dir", otherKeyData.toString(),
                "consent-log.ip-hash", "true", "keys", "k9:q83vEjRpKp0cTLiyd8ZqMxQx6oTTkGJ0cS2Yt0XvPOk="));
        try (Container c = make.get(); Container d = make.get()) {
            int port = TestApps.startScenarioApp(c, filter);
            for (String source : List.of("127.0.0.1", "127.0.0.2", "127.0.1.1")) {
                RawHttp.Response r = RawHttp.exchangeFrom(source, port, "POST /cookie-consent HTTP/1.1\r\n"
                        + "Content-Type: application/x-www-form-urlencoded\r\n", "action=reject-all");
                assertEquals(303, r.status(), r.toString());
            }
            List<JsonNode> records = new java.util.ArrayList<>();
            for (String line : readAll(data.resolve("consent-log"))) {
                records.add(JSON.readTree(line));
            }
            assertEquals(3, records.size());
            String sameNetworkA = records.get(0).get("ipHash").asText();
            String sameNetworkB = records.get(1).get("ipHash").asText();
            String otherNetwork = records.get(2).get("ipHash").asText();
            assertTrue(sameNetworkA.matches("[A-Za-z0-9_-]{16,}"), sameNetworkA);
            assertEquals(sameNetworkA, sameNetworkB, "127.0.0.1 and 127.0.0.2 share their /24");
            assertFalse(sameNetworkA.equals(otherNetwork), "127.0.1.1 is another /24");
            String onDisk = String.join("\n", readAll(data.resolve("consent-log")));
            assertFalse(onDisk.contains("127.0."), onDisk);

            // Keyed: another site's key gives another hash of the same network.
            int otherPort = TestApps.startScenarioApp(d, otherKey);
            RawHttp.exchangeFrom("127.0.0.1", otherPort, "POST /cookie-consent HTTP/1.1\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\n", "action=reject-all");
            String otherSite = JSON.readTree(readAll(otherKeyData.resolve("consent-log")).get(0)).get("ipHash").asText();
            assertFalse(otherSite.equals(sameNetworkA), "the hash depends on the key");
        }
        // Off by default: no field at all.
        Path plain = dataDir();
        try (Container c = make.get()) {
            int port = TestApps.startScenarioApp(c, new CookieWardenFilter(TestApps.conformanceWith("data-dir",
                    plain.toString())));
            RawHttp.post(port, "/cookie-consent", "action=reject-all");
            assertFalse(String.join("\n", readAll(plain.resolve("consent-log"))).contains("ipHash"));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void guardReportsReachTheInventoryBoundedCheckedAndSameSiteOnly(Supplier<Container> make) throws Exception {
        CookieWardenFilter filter = new CookieWardenFilter(TestApps.conformanceWith("data-dir", dataDir().toString(),
                "admin.token", TOKEN));
        try (Container c = make.get()) {
            int port = TestApps.startScenarioApp(c, filter);
            // An undecided visitor: _fbp and lang are refused, JSESSIONID is necessary, the consent
            // cookie and a piece that is no token are skipped, a repeated name counts once.
            RawHttp.Response ok = report(port, "_fbp;lang; JSESSIONID;cookie_warden;a b;_fbp;mystery_js");
            assertEquals(204, ok.status(), ok.toString());
            JsonNode inventory = inventory(port);
            assertEquals(1, find(inventory, "_fbp").get("guardBlocked").asLong(), inventory.toString());
            assertEquals(1, find(inventory, "lang").get("guardBlocked").asLong());
            assertEquals(1, find(inventory, "mystery_js").get("guardBlocked").asLong());
            for (String never : List.of("JSESSIONID", "cookie_warden", "a b", "a", "b")) {
                assertFalse(names(inventory).contains(never), never + " in " + inventory);
            }

            // A visitor who granted marketing: the guard would not have refused _fbp.
            String granted = consentCookie(RawHttp.post(port, "/cookie-consent", "action=accept-all"));
            assertEquals(204, report(port, "_fbp", granted).status());
            assertEquals(1, find(inventory(port), "_fbp").get("guardBlocked").asLong());

            assertEquals(403, report(port, "_fbp", "Origin: http://evil.example").status());
            assertEquals(403, report(port, "_fbp", "Sec-Fetch-Site: cross-site").status());
            assertEquals(405, RawHttp.get(port, "/cookie-consent/guard").status());
            assertEquals(413, report(port, "x".repeat(1025)).status());
            assertEquals(400, report(port, "caf\u00e9").status());
            assertEquals(1, find(inventory(port), "_fbp").get("guardBlocked").asLong(), "refused reports count nothing");

            // Rate-limited for the whole site: a flood gets 429 once the burst (100) is spent. On one
            // kept-alive connection 400 reports take well under the 6 s it would take the refill
            // (50 a second) to let them all through. The reports above took tokens from the same
            // bucket moments ago: wait the 2 s it takes to refill a whole burst first, so that the
            // flood starts with all of it.
            Thread.sleep(2_100);
            int accepted = 0;
            int limited = 0;
            try (KeepAliveConnection flood = new KeepAliveConnection(port, new java.util.concurrent.atomic.AtomicLong())) {
                for (int i = 0; i < 400; i++) {
                    int status = flood.exchange("POST /cookie-consent/guard HTTP/1.1\r\n"
                            + "Content-Type: text/plain\r\n", "flood_" + (i % 3)).status();
                    accepted += status == 204 ? 1 : 0;
                    limited += status == 429 ? 1 : 0;
                }
            }
            assertEquals(400, accepted + limited);
            assertTrue(accepted >= 100 && limited > 0, accepted + " accepted, " + limited + " limited");
            long counted = 0;
            for (int i = 0; i < 3; i++) {
                counted += find(inventory(port), "flood_" + i).get("guardBlocked").asLong();
            }
            assertEquals(accepted, counted, "every accepted report counted, no limited one");
        }
    }

    private static RawHttp.Response report(int port, String body, String... headers) throws Exception {
        StringBuilder head = new StringBuilder("POST /cookie-consent/guard HTTP/1.1\r\nContent-Type: text/plain;charset=UTF-8\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        return RawHttp.exchange(port, head.toString(), body);
    }

    private static JsonNode inventory(int port) throws Exception {
        return JSON.readTree(RawHttp.get(port, "/cookie-consent/admin/inventory", "X-Cookie-Warden-Token: " + TOKEN).body());
    }

    private static List<String> names(JsonNode inventory) {
        List<String> out = new java.util.ArrayList<>();
        inventory.get("cookies").forEach(n -> out.add(n.get("name").asText()));
        return out;
    }

    private static final String[] PAGE_VIEW_WITH_GPC = {
        "Accept: text/html,application/xhtml+xml", "Sec-Fetch-Dest: document", "Sec-GPC: 1"};

    private static String[] with(String[] headers, String... more) {
        String[] all = java.util.Arrays.copyOf(headers, headers.length + more.length);
        System.arraycopy(more, 0, all, headers.length, more.length);
        return all;
    }

    private static JsonNode find(JsonNode inventory, String name) {
        for (JsonNode n : inventory.get("cookies")) {
            if (n.get("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError(name + " not in " + inventory);
    }

    private static List<String> readAll(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".jsonl")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    @ParameterizedTest
    @MethodSource("dev.cookiewarden.it.TestApps#containers")
    void withTheJdbcStoreChoicesReachPostgresql(Supplier<Container> make) throws Exception {
        dev.cookiewarden.record.PostgresFixture.requireServer();
        String schema = dev.cookiewarden.record.PostgresFixture.createSchema("wire");
        try {
            CookieWardenFilter filter = new CookieWardenFilter(TestApps.conformanceWith("data-dir", dataDir().toString(),
                    "consent-log.store", "jdbc",
                    "consent-log.jdbc.url", dev.cookiewarden.record.PostgresFixture.url(schema),
                    "consent-log.jdbc.user", dev.cookiewarden.record.PostgresFixture.USER,
                    "consent-log.jdbc.password", dev.cookiewarden.record.PostgresFixture.PASSWORD));
            try (Container c = make.get()) {
                int port = TestApps.startScenarioApp(c, filter);
                String mine = consentCookie(RawHttp.post(port, "/cookie-consent", "action=accept-all"));
                mine = consentCookie(RawHttp.post(port, "/cookie-consent", "action=withdraw", mine));
                // Writes reach the database off the request thread: wait for them, bounded.
                JsonNode history = null;
                for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end; Thread.sleep(100)) {
                    history = JSON.readTree(RawHttp.get(port, "/cookie-consent/history", mine).body());
                    if (history.get("records").size() == 2) {
                        break;
                    }
                }
                assertEquals(2, history.get("records").size(), String.valueOf(history));
                assertEquals("withdraw", history.get("records").get(1).get("action").asText());
            }
        } finally {
            dev.cookiewarden.record.PostgresFixture.dropSchema(schema);
        }
    }
}
