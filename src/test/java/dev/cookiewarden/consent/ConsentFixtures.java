package dev.cookiewarden.consent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cookiewarden.config.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Keys, states and an independent signer for the consent tests. */
final class ConsentFixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant ISSUED = Instant.parse("2025-01-15T10:00:00Z");
    static final Instant EXPIRES = Instant.parse("2025-07-16T10:00:00Z");
    static final String CONSENT_ID = "AbCdEfGhIjKlMnOpQrSt_-";

    private ConsentFixtures() {
    }

    /** A key whose material depends only on {@code id}, so failures reproduce. */
    static SigningKey key(String id) {
        byte[] material = new byte[SigningKey.MIN_BYTES];
        new Random(id.hashCode()).nextBytes(material);
        return new SigningKey(id, material);
    }

    static ConsentState state(Set<String> granted, int revision) {
        return ConsentState.of(CONSENT_ID, granted, revision, ISSUED, EXPIRES);
    }

    static ConsentState state() {
        return state(Set.of("analytics", "marketing"), 3);
    }

    /** The payload {@link #state()} is written as, for tests to alter. */
    static ObjectNode payload() {
        ObjectNode node = JSON.createObjectNode();
        node.put("v", 1);
        node.put("id", CONSENT_ID);
        node.putArray("g").add("analytics").add("marketing");
        node.put("r", 3);
        node.put("iat", ISSUED.getEpochSecond());
        node.put("exp", EXPIRES.getEpochSecond());
        return node;
    }

    static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A cookie value carrying {@code json} signed with {@code key}, written from the documented
     * format rather than with the codec, so that tests check the codec against the spec.
     */
    static String sign(SigningKey key, byte[] json) {
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        String signed = key.id() + "." + encoder.encodeToString(json);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.material(), "HmacSHA256"));
            return signed + "." + encoder.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new empty directory under target/, as the project keeps temporary files there. */
    static Path tempDirectory(String prefix) throws IOException {
        Path target = Files.createDirectories(Path.of("target"));
        return Files.createTempDirectory(target, prefix);
    }
}
