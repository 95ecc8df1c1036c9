package dev.cookiewarden.record;

import dev.cookiewarden.consent.ConsentState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Records and directories for the record tests. */
final class RecordFixtures {
    static final String CONFIG_HASH = "sha256-9f86d081884c7d659a2feaa0c55ad015";
    static final String IP_HASH = "hB3Zk1vJ0c8aQ2s9xY4w7u";

    private RecordFixtures() {
    }

    /** necessary, analytics, ads, in that order. */
    static Map<String, Boolean> grants(boolean analytics, boolean ads) {
        Map<String, Boolean> grants = new LinkedHashMap<>();
        grants.put("necessary", true);
        grants.put("analytics", analytics);
        grants.put("ads", ads);
        return grants;
    }

    static ConsentRecord record(String consentId, Instant timestamp) {
        return new ConsentRecord(consentId, timestamp, ConsentAction.CUSTOM, grants(true, false), 3, CONFIG_HASH,
                "fr", null);
    }

    static ConsentRecord record(Instant timestamp) {
        return record(ConsentState.newConsentId(), timestamp);
    }

    static String newId() {
        return ConsentState.newConsentId();
    }

    /** A new empty directory under target/, as the project keeps temporary files there. */
    static Path tempDirectory(String prefix) throws IOException {
        Path target = Files.createDirectories(Path.of("target", "record-tests"));
        return Files.createTempDirectory(target, prefix);
    }
}
