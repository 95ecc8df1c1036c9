package dev.cookiewarden.consent;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.cookiewarden.config.SigningKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Writes a {@link ConsentState} as a signed cookie value and reads it back. Immutable and
 * thread-safe.
 *
 * <p>A value has three parts separated by dots, the last two in unpadded base64url:
 * <pre>
 *   k1.eyJ2IjoxLCJpZCI6Ii4uLiIsImciOlsiYW5hbHl0aWNzIl0sInIiOjMsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzE1MDAwMDAwfQ.&lt;mac&gt;
 *   key id  payload: {"v":1,"id":"...","g":["analytics"],"r":3,"iat":1700000000,"exp":1715000000}
 * </pre>
 * where {@code v} is the format version (1), {@code id} the consent id, {@code g} the granted
 * categories, {@code r} the policy revision, {@code iat} and {@code exp} epoch seconds, and the
 * last part is the HMAC-SHA256, under the key named by the first part, of the ASCII text before
 * the second dot: the key id is authenticated along with the payload.
 *
 * <p>{@link #decode} accepts exactly what {@link #encode} can produce with a key of the ring and
 * nothing else; it says nothing about expiry or revision, which the caller (or
 * {@link ConsentCache}) checks. Values are at most {@value #MAX_VALUE_LENGTH} characters, the
 * size browsers guarantee for one cookie.
 */
public final class ConsentCookieCodec {
    /** The longest value written or read, in characters. */
    public static final int MAX_VALUE_LENGTH = 4096;

    /** The payload format version, field {@code v}. */
    static final int FORMAT_VERSION = 1;

    private static final String MAC_ALGORITHM = "HmacSHA256";

    // Strict on purpose: a signed payload is always one we wrote, so anything unusual is a bug or
    // a leaked key, never something to be lenient about. Default typing stays off.
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Even with scalar coercion off, Jackson turns true or 12 into the string "true" or "12".
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .build();
    private static final ObjectReader READER = MAPPER.readerFor(Payload.class);
    private static final ObjectWriter WRITER = MAPPER.writerFor(Payload.class);

    private final KeyRing ring;
    /**
     * One initialised {@link Mac} per thread and key: {@code Mac.getInstance} and {@code init}
     * cost as much as the HMAC itself, and a Mac is not thread-safe. The instances are of JDK
     * classes only, so a container thread that keeps one after the web application is undeployed
     * pins none of its classes (and the entry goes once this codec is collected).
     */
    private final Map<String, ThreadLocal<Mac>> macs;
    private final int maxLength;
    /** Calls of {@link #decode} that got as far as the HMAC: the cost the cache exists to spare. */
    private final LongAdder verifications = new LongAdder();

    /** A codec signing with the ring's first key and verifying with all of them. */
    public ConsentCookieCodec(KeyRing ring) {
        this(ring, MAX_VALUE_LENGTH);
    }

    /** For tests: a codec with a lower length limit. */
    ConsentCookieCodec(KeyRing ring, int maxLength) {
        this.ring = Objects.requireNonNull(ring, "ring");
        Map<String, ThreadLocal<Mac>> byId = new HashMap<>();
        for (SigningKey key : ring.keys()) {
            SecretKeySpec spec = new SecretKeySpec(key.material(), MAC_ALGORITHM);
            byId.put(key.id(), ThreadLocal.withInitial(() -> newMac(spec)));
        }
        this.macs = Map.copyOf(byId);
        this.maxLength = maxLength;
    }

    /**
     * The cookie value for {@code state}, signed with the ring's signing key. The state's own
     * {@link ConsentState#keyId()} is ignored.
     *
     * @throws IllegalStateException if the value would exceed {@value #MAX_VALUE_LENGTH}
     *                               characters (not possible within the limits of {@link ConsentState})
     */
    public String encode(ConsentState state) {
        Objects.requireNonNull(state, "state");
        Payload payload = new Payload(FORMAT_VERSION, state.consentId(), List.copyOf(state.granted()),
                state.revision(), state.issuedAt().getEpochSecond(), state.expiresAt().getEpochSecond());
        byte[] json;
        try {
            json = WRITER.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the consent cookie payload", e);
        }
        String keyId = ring.signingKey().id();
        String signed = keyId + "." + Base64Url.encode(json);
        String value = signed + "." + Base64Url.encode(mac(macs.get(keyId), signed));
        if (value.length() > maxLength) {
            throw new IllegalStateException("The consent cookie value would be " + value.length()
                    + " characters, more than the limit of " + maxLength);
        }
        return value;
    }

    /**
     * The state {@code cookieValue} carries, with {@link ConsentState#keyId()} set to the key that
     * verified it; empty if the value is malformed, signed by a key not in the ring, altered in any
     * way, or breaks a rule of {@link ConsentState}. Never throws. Expiry and revision are not
     * checked.
     */
    public Optional<ConsentState> decode(String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > maxLength) {
            return Optional.empty();
        }
        int firstDot = cookieValue.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : cookieValue.indexOf('.', firstDot + 1);
        if (firstDot <= 0 || secondDot < 0 || cookieValue.indexOf('.', secondDot + 1) >= 0) {
            return Optional.empty();
        }
        String keyId = cookieValue.substring(0, firstDot);
        ThreadLocal<Mac> key = macs.get(keyId);
        if (key == null) {
            return Optional.empty();
        }
        Optional<byte[]> payload = Base64Url.decode(cookieValue.substring(firstDot + 1, secondDot));
        Optional<byte[]> signature = Base64Url.decode(cookieValue.substring(secondDot + 1));
        if (payload.isEmpty() || signature.isEmpty()) {
            return Optional.empty();
        }
        verifications.increment();
        // Verified before parsing, so the JSON parser only ever sees bytes this codec wrote.
        byte[] expected = mac(key, cookieValue.substring(0, secondDot));
        if (!MessageDigest.isEqual(expected, signature.get())) {
            return Optional.empty();
        }
        return parse(payload.get()).map(state -> state.withKeyId(keyId));
    }

    /** How many values had their signature computed so far; for tests. */
    long verifications() {
        return verifications.sum();
    }

    private static Optional<ConsentState> parse(byte[] json) {
        Payload payload;
        try {
            payload = READER.readValue(json);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (payload == null || payload.version() != FORMAT_VERSION) { // null: the JSON was null
            return Optional.empty();
        }
        Set<String> granted = new HashSet<>(payload.granted());
        if (granted.size() != payload.granted().size()) {
            return Optional.empty(); // a category listed twice: not something encode writes
        }
        try {
            return Optional.of(ConsentState.of(payload.id(), granted, payload.revision(),
                    Instant.ofEpochSecond(payload.issuedAt()), Instant.ofEpochSecond(payload.expiresAt())));
        } catch (IllegalArgumentException | DateTimeException e) {
            return Optional.empty();
        }
    }

    private static byte[] mac(ThreadLocal<Mac> key, String signed) {
        // doFinal resets the instance, so the next call on this thread starts clean.
        return key.get().doFinal(signed.getBytes(StandardCharsets.US_ASCII));
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(MAC_ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            // Every Java platform must provide HmacSHA256, and any key length is valid for it.
            throw new IllegalStateException(MAC_ALGORITHM + " is not available", e);
        }
    }

    @Override
    public String toString() {
        return "ConsentCookieCodec[signing=" + ring.signingKey().id()
                + ", verifying=" + ring.keys().stream().map(SigningKey::id).toList() + "]";
    }

    /** The JSON payload; short names because every byte travels with every request. */
    @JsonPropertyOrder({"v", "id", "g", "r", "iat", "exp"})
    private record Payload(@JsonProperty("v") int version,
                           @JsonProperty("id") String id,
                           @JsonProperty("g") List<String> granted,
                           @JsonProperty("r") int revision,
                           @JsonProperty("iat") long issuedAt,
                           @JsonProperty("exp") long expiresAt) {
    }
}
