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
    void adminEndpointDoesNotExistWithoutAToken(Supplier<Container> make) throws Exception {
        CookieWardenFilter filter = new CookieWardenFilter(TestApps.conformanceWith("data-dir", dataDir().toString()));
        try (Container c = make.get()) {
            int port = TestApps.startScenarioApp(c, filter);
            for (String path : List.of("/cookie-consent/admin/records?consentId=AAAAAAAAAAAAAAAAAAAAAA",
                    "/cookie-consent/admin/inventory", "/cookie-consent/admin/inventory.html")) {
                assertEquals(404, RawHttp.get(port, path, "X-Cookie-Warden-Token: " + TOKEN).status(), path);
                assertEquals(404, RawHttp.get(port, path).status(), path);
            }
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
