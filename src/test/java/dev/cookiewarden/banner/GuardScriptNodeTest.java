package dev.cookiewarden.banner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.enforce.CookiePolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated script, served compacted, run in Node against a stand-in for {@code document.cookie}
 * ({@code guard-harness.js}): the guard's decisions are compared with the server's
 * {@link CookiePolicy}. Skipped when Node is not installed.
 */
class GuardScriptNodeTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> CONSENT_NAMES = Set.of("cookie_warden", "__Host-cookie_warden");
    private static final List<String> NAMES = List.of("JSESSIONID", "lang", "deep_pref", "_ga", "_ga_", "_ga_XYZ",
            "_gax", "_fbp", "trk_session", "mystery", "jsessionid", "LANG", "_ga_.*", "cookie_warden",
            "__Host-cookie_warden", "");

    @BeforeAll
    static void node() {
        NodeJs.assumeAvailable();
    }

    private static JsonNode run(GuardScript guard, Map<String, Object> dataset, boolean gpc, List<String> writes,
                                List<String> jar, List<String> update) throws Exception {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("guard", guard.source());
        job.put("dataset", dataset);
        job.put("gpc", gpc);
        job.put("writes", writes);
        job.put("jar", jar);
        job.put("update", update);
        return MAPPER.readTree(NodeJs.run(MAPPER.writeValueAsString(job), NodeJs.resource("guard-harness.js")));
    }

    private static Map<String, Object> visitor(String granted, boolean decided) {
        return Map.of("cwGranted", granted, "cwDecided", String.valueOf(decided), "cwGpc", "false");
    }

    @Test
    void everyWriteIsDecidedAsTheServerDecidesIt() throws Exception {
        for (String mode : List.of("block", "report-only", "allow")) {
            WardenConfig config = AssetFixtures.conformanceWith("cookies.undeclared", mode);
            CookiePolicy policy = new CookiePolicy(config, CONSENT_NAMES);
            GuardScript guard = GuardScript.of(config);
            for (Set<String> granted : List.of(Set.<String>of(), Set.of("analytics"), Set.of("preferences", "analytics", "marketing"))) {
                List<String> writes = new ArrayList<>();
                for (String name : NAMES) {
                    writes.add(name + "=v; Path=/; SameSite=Lax");
                }
                JsonNode result = run(guard, visitor(String.join(" ", granted), !granted.isEmpty()), false, writes, List.of(), null);
                for (int i = 0; i < NAMES.size(); i++) {
                    assertEquals(policy.verdict(NAMES.get(i), granted).passes(), result.get("passed").get(i).asBoolean(),
                            "[" + NAMES.get(i) + "] under " + mode + " with " + granted);
                }
            }
        }
    }

    @Test
    void deletionsPassWhateverTheCategoryButNeverForTheConsentCookie() throws Exception {
        List<String> writes = List.of(
                "_ga=; Max-Age=0",
                "_fbp=; max-age=-1; Path=/",
                "mystery=; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
                "_ga=1; Max-Age=0; Max-Age=60",
                "_ga=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60",
                "_ga=1; Max-Age=soon",
                "_ga=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT",
                "cookie_warden=; Max-Age=0",
                "=; Max-Age=0");
        JsonNode r = run(GuardScript.of(AssetFixtures.conformance()), visitor("", false), false, writes, List.of(), null);
        assertEquals("[true,true,true,false,false,false,false,false,false]", r.get("passed").toString(),
                "the last Max-Age counts and wins over Expires; a malformed one is ignored");
    }

    @Test
    void stateComesFromTheTagAndGpcCountsOnlyForAnUndecidedVisitor() throws Exception {
        GuardScript guard = GuardScript.of(AssetFixtures.conformance());
        JsonNode decided = run(guard, visitor("analytics marketing", true), true, List.of(), List.of(), null).get("state");
        assertEquals("{\"granted\":[\"analytics\",\"marketing\"],\"decided\":true,\"gpc\":false}",
                decided.toString());
        JsonNode undecided = run(guard, visitor("", false), true, List.of(), List.of(), null).get("state");
        assertTrue(undecided.get("gpc").asBoolean(), "navigator.globalPrivacyControl means Sec-GPC: 1");
        assertFalse(undecided.get("decided").asBoolean());
        JsonNode fromServer = run(guard, Map.of("cwGranted", "", "cwDecided", "false", "cwGpc", "true"), false,
                List.of(), List.of(), null).get("state");
        assertTrue(fromServer.get("gpc").asBoolean());
        GuardScript ignoring = GuardScript.of(AssetFixtures.conformanceWith("gpc.honor", "false"));
        assertFalse(run(ignoring, visitor("", false), true, List.of(), List.of(), null).get("state").get("gpc").asBoolean());
    }

    @Test
    void updateExpiresWhatIsNoLongerGrantedAtItsPathAndAtTheRoot() throws Exception {
        WardenConfig config = AssetFixtures.conformanceWith("cookie.ga.domain", "example.org");
        JsonNode r = run(GuardScript.of(config), visitor("preferences analytics", true), false,
                List.of(), List.of("JSESSIONID", "lang", "deep_pref", "_ga", "_ga_S1", "_fbp", "mystery"), List.of("analytics"));
        assertEquals(List.of(
                "lang=; Max-Age=0; Path=/",
                "deep_pref=; Max-Age=0; Path=/",
                "deep_pref=; Max-Age=0; Path=/deep",
                "_fbp=; Max-Age=0; Path=/",
                "mystery=; Max-Age=0; Path=/"), texts(r.get("updateWrites")),
                "granted analytics and required cookies stay; preferences were withdrawn");
        assertEquals("{\"granted\":[\"analytics\"],\"decided\":true,\"gpc\":false}",
                r.get("stateAfter").toString());
        assertEquals("[\"analytics\"]", r.get("api").get("granted").toString(), "the API follows the choice");
        assertEquals("{\"necessary\":true,\"preferences\":false,\"analytics\":true,\"marketing\":false,\"unknown\":false}",
                r.get("api").get("isGranted").toString(), "required categories are always granted");

        JsonNode revoked = run(GuardScript.of(config), visitor("analytics", true), false,
                List.of(), List.of("_ga"), List.of());
        assertEquals(List.of("_ga=; Max-Age=0; Path=/", "_ga=; Max-Age=0; Path=/; Domain=example.org"),
                texts(revoked.get("updateWrites")));

        JsonNode allowed = run(GuardScript.of(AssetFixtures.conformanceWith("cookies.undeclared", "allow")),
                visitor("", false), false, List.of(), List.of("mystery", "JSESSIONID"), List.of());
        assertEquals(List.of(), texts(allowed.get("updateWrites")), "undeclared cookies stay when allowed");
    }

    /** The banner part waits for the page: at first it only listens. */
    @Test
    void theBannerPartWaitsForTheDocument() throws Exception {
        JsonNode r = run(GuardScript.of(AssetFixtures.conformance()), visitor("", false), false, List.of(), List.of(), null);
        assertEquals("[\"submit\",\"click\",\"keydown\",\"DOMContentLoaded\"]", r.get("listeners").toString());
        assertEquals("[]", r.get("api").get("granted").toString());
    }

    @Test
    void consentModeSetsDefaultsFirstAndUpdatesOnEveryChoice() throws Exception {
        WardenConfig config = AssetFixtures.conformance();
        GuardScript guard = GuardScript.of(config, true, 500, config.consentModeMapping());
        JsonNode r = run(guard, visitor("analytics", true), false, List.of(), List.of(), List.of("marketing"));
        assertTrue(r.get("gtagIsGlobal").asBoolean());
        JsonNode layer = r.get("dataLayer");
        assertEquals(2, layer.size(), layer.toString());
        assertEquals("[\"consent\",\"default\",{\"ad_storage\":\"denied\",\"analytics_storage\":\"granted\","
                + "\"ad_user_data\":\"denied\",\"ad_personalization\":\"denied\",\"functionality_storage\":\"denied\","
                + "\"personalization_storage\":\"denied\",\"security_storage\":\"granted\",\"wait_for_update\":500}]",
                layer.get(0).toString());
        assertEquals("[\"consent\",\"update\",{\"ad_storage\":\"granted\",\"analytics_storage\":\"denied\","
                + "\"ad_user_data\":\"granted\",\"ad_personalization\":\"granted\",\"functionality_storage\":\"denied\","
                + "\"personalization_storage\":\"denied\",\"security_storage\":\"granted\"}]",
                layer.get(1).toString());

        JsonNode off = run(GuardScript.of(config), visitor("", false), false, List.of(), List.of(), List.of());
        assertEquals(0, off.get("dataLayer").size());
        assertFalse(off.get("gtagIsGlobal").asBoolean(), "no gtag without consent mode");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
