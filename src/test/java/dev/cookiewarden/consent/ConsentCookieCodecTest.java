package dev.cookiewarden.consent;

import static dev.cookiewarden.consent.ConsentFixtures.JSON;
import static dev.cookiewarden.consent.ConsentFixtures.bytes;
import static dev.cookiewarden.consent.ConsentFixtures.key;
import static dev.cookiewarden.consent.ConsentFixtures.payload;
import static dev.cookiewarden.consent.ConsentFixtures.sign;
import static dev.cookiewarden.consent.ConsentFixtures.state;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cookiewarden.Concurrently;
import dev.cookiewarden.config.SigningKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConsentCookieCodecTest {
    private static final SigningKey K1 = key("k1");
    private static final SigningKey K2 = key("k2");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private final ConsentCookieCodec codec = new ConsentCookieCodec(new KeyRing(List.of(K1, K2)));

    @Test
    void roundTripGivesBackTheStateSignedByTheFirstKey() {
        ConsentState state = state();
        Optional<ConsentState> decoded = codec.decode(codec.encode(state));
        assertEquals(Optional.of(state.withKeyId("k1")), decoded);
    }

    @Test
    void roundTripOfAStateGrantingNothing() {
        ConsentState state = state(Set.of(), 1);
        assertEquals(Optional.of(state.withKeyId("k1")), codec.decode(codec.encode(state)));
    }

    @Test
    void encodeIgnoresTheKeyIdOfTheState() {
        ConsentState state = state().withKeyId("k2");
        assertEquals("k1", codec.decode(codec.encode(state)).orElseThrow().keyId());
    }

    @Test
    void encodeWritesKeyIdCompactJsonAndHmacAsDocumented() throws IOException {
        String value = codec.encode(state());
        String[] parts = value.split("\\.", -1);
        assertEquals(3, parts.length);
        assertEquals("k1", parts[0]);
        assertTrue(parts[1].matches("[A-Za-z0-9_-]+") && parts[2].matches("[A-Za-z0-9_-]{43}"), value);
        String json = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertEquals(JSON.writeValueAsString(payload()), json);
        // The independent signer in the fixtures produces the very same value.
        assertEquals(sign(K1, json.getBytes(StandardCharsets.UTF_8)), value);
    }

    @Test
    void encodeIsDeterministic() {
        assertEquals(codec.encode(state()), codec.encode(state()));
    }

    @Test
    void changingAnyOneCharacterToAnyOtherIsRejected() {
        String value = codec.encode(state());
        String replacements = ALPHABET + ".=+/ %é\u0000";
        int tried = 0;
        for (int i = 0; i < value.length(); i++) {
            for (char c : replacements.toCharArray()) {
                if (c == value.charAt(i)) {
                    continue;
                }
                String altered = value.substring(0, i) + c + value.substring(i + 1);
                assertEquals(Optional.empty(), codec.decode(altered), "position " + i + " set to " + c);
                tried++;
            }
        }
        assertTrue(tried > 10_000, "tried " + tried);
    }

    @Test
    void everyTruncationIsRejected() {
        String value = codec.encode(state());
        for (int length = 0; length < value.length(); length++) {
            assertEquals(Optional.empty(), codec.decode(value.substring(0, length)), "prefix " + length);
            assertEquals(Optional.empty(), codec.decode(value.substring(value.length() - length)), "suffix " + length);
        }
    }

    @Test
    void insertingOrDeletingACharacterAnywhereIsRejected() {
        String value = codec.encode(state());
        for (int i = 0; i < value.length(); i++) {
            assertEquals(Optional.empty(), codec.decode(value.substring(0, i) + value.substring(i + 1)), "delete " + i);
            assertEquals(Optional.empty(), codec.decode(value.substring(0, i) + "A" + value.substring(i)), "insert " + i);
        }
        assertEquals(Optional.empty(), codec.decode(value + "A"));
        assertEquals(Optional.empty(), codec.decode(value + "."));
        assertEquals(Optional.empty(), codec.decode(value + ".A"));
        assertEquals(Optional.empty(), codec.decode("." + value));
        assertEquals(Optional.empty(), codec.decode(" " + value));
    }

    @Test
    void swappingTheKeyIdIsRejectedBecauseTheKeyIdIsSigned() {
        String value = codec.encode(state());
        assertEquals(Optional.empty(), codec.decode("k2" + value.substring(2)));
    }

    @Test
    void valueSignedByAKeyNotInTheRingIsRejected() {
        String signedByStranger = sign(key("k3"), bytes(payload()));
        assertEquals(Optional.empty(), codec.decode(signedByStranger));
        // Same id as a ring key, other material.
        SigningKey impostor = new SigningKey("k1", new byte[SigningKey.MIN_BYTES]);
        assertEquals(Optional.empty(), codec.decode(new ConsentCookieCodec(new KeyRing(List.of(impostor))).encode(state())));
    }

    @Test
    void valueSignedByARetiredKeyStillVerifiesUntilTheKeyIsDropped() {
        SigningKey current = key("k2026");
        SigningKey retired = key("k2025");
        String old = new ConsentCookieCodec(new KeyRing(List.of(retired))).encode(state());

        ConsentCookieCodec rotated = new ConsentCookieCodec(new KeyRing(List.of(current, retired)));
        assertEquals(Optional.of(state().withKeyId("k2025")), rotated.decode(old));
        assertTrue(rotated.encode(state()).startsWith("k2026."));

        ConsentCookieCodec dropped = new ConsentCookieCodec(new KeyRing(List.of(current)));
        assertEquals(Optional.empty(), dropped.decode(old));
    }

    @Test
    void paddedBase64IsRejected() {
        String value = codec.encode(state());
        String[] parts = value.split("\\.");
        String padded = Base64.getUrlEncoder().encodeToString(Base64.getUrlDecoder().decode(parts[2]));
        assertTrue(padded.endsWith("="));
        assertEquals(Optional.empty(), codec.decode(parts[0] + "." + parts[1] + "." + padded));
        // And a payload whose length leaves room for padding, re-signed so only the padding is wrong.
        ObjectNode node = payload();
        for (int r = 0; Base64.getUrlEncoder().encodeToString(bytes(node)).indexOf('=') < 0; r++) {
            node.put("r", r);
        }
        String paddedPayload = Base64.getUrlEncoder().encodeToString(bytes(node));
        String signed = "k1." + paddedPayload;
        String properlySigned = sign(K1, bytes(node));
        String mac = properlySigned.substring(properlySigned.lastIndexOf('.') + 1);
        assertEquals(Optional.empty(), codec.decode(signed + "." + mac));
        assertTrue(codec.decode(properlySigned).isPresent(), "control");
    }

    @Test
    void standardAlphabetBase64IsRejected() {
        // Find a state whose signature uses - or _, which the standard alphabet spells + or /.
        for (int revision = 0; revision < 100; revision++) {
            String value = codec.encode(state(Set.of("analytics"), revision));
            String mac = value.substring(value.lastIndexOf('.') + 1);
            if (mac.indexOf('-') >= 0 || mac.indexOf('_') >= 0) {
                String standard = mac.replace('-', '+').replace('_', '/');
                assertEquals(Optional.empty(), codec.decode(value.substring(0, value.lastIndexOf('.') + 1) + standard));
                return;
            }
        }
        throw new AssertionError("no signature with - or _ in 100 tries");
    }

    @Test
    void nonCanonicalLastCharacterOfTheSignatureIsRejected() {
        // 32 bytes take 43 characters whose last carries 2 unused bits: 4 spellings, 1 canonical.
        String value = codec.encode(state());
        char last = value.charAt(value.length() - 1);
        int index = ALPHABET.indexOf(last);
        for (int lowBits = 1; lowBits < 4; lowBits++) {
            char other = ALPHABET.charAt(index ^ lowBits);
            String altered = value.substring(0, value.length() - 1) + other;
            assertEquals(Optional.empty(), codec.decode(altered));
            // java.util.Base64 alone would not see the difference.
            assertArrayEquals(Base64.getUrlDecoder().decode(value.substring(value.lastIndexOf('.') + 1)),
                    Base64.getUrlDecoder().decode(altered.substring(altered.lastIndexOf('.') + 1)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "...", "k1", "k1.", "k1..", ".a.b", "k1.a", "k1.a.b.c", "k1.a..b",
            "k1.eyJ2IjoxfQ.", "k1..AAAA", "unknown.eyJ2IjoxfQ.AAAA", "k1.!!!!.AAAA", "k1.AAAA.!!!!"})
    void malformedValuesAreRejected(String value) {
        assertEquals(Optional.empty(), codec.decode(value));
    }

    @Test
    void nullIsRejected() {
        assertEquals(Optional.empty(), codec.decode(null));
    }

    @Test
    void valuesLongerThan4096CharactersAreRejected() {
        String value = codec.encode(state());
        assertEquals(Optional.empty(), codec.decode(value + "A".repeat(4097 - value.length())));
        assertEquals(Optional.empty(), codec.decode("A".repeat(1_000_000)));
        // A properly signed payload just over the limit, padded with whitespace the parser would skip.
        byte[] json = bytes(payload());
        byte[] padded = new byte[3100];
        System.arraycopy(json, 0, padded, 0, json.length);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        String big = sign(K1, padded);
        assertTrue(big.length() > 4096);
        assertEquals(Optional.empty(), codec.decode(big));
    }

    @Test
    void largestPossibleStateFitsWithinTheLimitAndRoundTrips() {
        SigningKey longId = key("abcdefghijklmnop");
        ConsentCookieCodec longIdCodec = new ConsentCookieCodec(new KeyRing(List.of(longId)));
        ConsentState largest = ConsentState.of(ConsentFixtures.CONSENT_ID, ConsentStateTest.categories(64, 32),
                Integer.MIN_VALUE, Instant.parse("9999-12-31T23:59:58Z"), Instant.parse("9999-12-31T23:59:59Z"));
        String value = longIdCodec.encode(largest);
        assertTrue(value.length() <= ConsentCookieCodec.MAX_VALUE_LENGTH, "length " + value.length());
        assertEquals(Optional.of(largest.withKeyId("abcdefghijklmnop")), longIdCodec.decode(value));
    }

    @Test
    void encodeRefusesAValueOverTheLimit() {
        // Within ConsentState's rules the real limit cannot be reached (see the test above), so
        // the check is exercised with a lower one.
        String value = codec.encode(state(ConsentStateTest.categories(64, 32), 1));
        ConsentCookieCodec strict = new ConsentCookieCodec(new KeyRing(List.of(K1, K2)), value.length() - 1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> strict.encode(state(ConsentStateTest.categories(64, 32), 1)));
        assertEquals("The consent cookie value would be " + value.length()
                + " characters, more than the limit of " + (value.length() - 1), e.getMessage());
        assertTrue(strict.encode(state()).length() < value.length());
    }

    @Test
    void correctlySignedPayloadIsAcceptedSoTheRejectionsBelowAreAboutContent() {
        assertEquals(Optional.of(state().withKeyId("k1")), codec.decode(sign(K1, bytes(payload()))));
        assertEquals(Optional.of(state().withKeyId("k2")), codec.decode(sign(K2, bytes(payload()))));
    }

    static Stream<Arguments> alteredPayloads() {
        return Stream.of(
                altered("extra field", n -> n.put("x", 1)),
                altered("extra field with null", n -> n.putNull("x")),
                altered("missing v", n -> n.remove("v")),
                altered("missing id", n -> n.remove("id")),
                altered("missing g", n -> n.remove("g")),
                altered("missing r", n -> n.remove("r")),
                altered("missing iat", n -> n.remove("iat")),
                altered("missing exp", n -> n.remove("exp")),
                altered("version 2", n -> n.put("v", 2)),
                altered("version 0", n -> n.put("v", 0)),
                altered("version as string", n -> n.put("v", "1")),
                altered("version as float", n -> n.put("v", 1.0)),
                altered("version null", n -> n.putNull("v")),
                altered("id null", n -> n.putNull("id")),
                // 22 digits would be a valid id as a string.
                altered("id as number", n -> n.put("id", new BigInteger("1234567890123456789012"))),
                altered("id as float", n -> n.put("id", new BigDecimal("12345678901234567890.1"))),
                altered("id of 21 characters", n -> n.put("id", "AbCdEfGhIjKlMnOpQrSt_")),
                altered("id of 23 characters", n -> n.put("id", "AbCdEfGhIjKlMnOpQrSt_-A")),
                altered("id with standard alphabet", n -> n.put("id", "AbCdEfGhIjKlMnOpQrSt+/")),
                altered("id as array", n -> n.putArray("id").add("AbCdEfGhIjKlMnOpQrSt_-")),
                altered("g as string", n -> n.put("g", "analytics")),
                altered("g as object", n -> n.putObject("g").put("analytics", true)),
                altered("g null", n -> n.putNull("g")),
                altered("g with number", n -> n.putArray("g").add(1)),
                altered("g with boolean", n -> n.putArray("g").add(true)), // "true" would be a valid id
                altered("g with null", n -> n.putArray("g").addNull()),
                altered("g with array", n -> n.putArray("g").addArray().add("analytics")),
                altered("g with object", n -> n.putArray("g").addObject().put("id", "analytics")),
                altered("g with upper case", n -> n.putArray("g").add("Analytics")),
                altered("g with empty string", n -> n.putArray("g").add("")),
                altered("g with 33 characters", n -> n.putArray("g").add("a".repeat(33))),
                altered("g repeated", n -> n.putArray("g").add("analytics").add("analytics")),
                altered("g with 65 categories", n -> {
                    var g = n.putArray("g");
                    ConsentStateTest.categories(65, 4).forEach(g::add);
                }),
                altered("r as string", n -> n.put("r", "3")),
                altered("r as float", n -> n.put("r", 3.0)),
                altered("r as boolean", n -> n.put("r", true)),
                altered("r over int", n -> n.put("r", 1L + Integer.MAX_VALUE)),
                altered("r null", n -> n.putNull("r")),
                altered("iat as string", n -> n.put("iat", "1736935200")),
                altered("iat as float", n -> n.put("iat", 1736935200.5)),
                altered("iat as ISO text", n -> n.put("iat", "2025-01-15T10:00:00Z")),
                altered("iat negative", n -> n.put("iat", -1)),
                altered("exp equal to iat", n -> n.put("exp", n.get("iat").asLong())),
                altered("exp before iat", n -> n.put("exp", n.get("iat").asLong() - 1)),
                altered("exp after year 9999", n -> n.put("exp", 253402300800L)),
                altered("exp beyond Instant", n -> n.put("exp", 100_000_000_000_000_000L)),
                altered("exp max long", n -> n.put("exp", Long.MAX_VALUE)),
                altered("exp beyond long", n -> n.put("exp", new BigInteger("99999999999999999999999"))),
                altered("exp huge float", n -> n.put("exp", 1e300)),
                altered("exp as object", n -> n.putObject("exp")));
    }

    private static Arguments altered(String description, Consumer<ObjectNode> change) {
        ObjectNode node = payload();
        change.accept(node);
        return Arguments.of(description, bytes(node));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alteredPayloads")
    void signedPayloadBreakingTheFormatIsRejected(String description, byte[] json) {
        assertEquals(Optional.empty(), codec.decode(sign(K1, json)), description);
    }

    static Stream<Arguments> malformedJson() throws IOException {
        byte[] valid = bytes(payload());
        byte[] twice = new byte[valid.length * 2];
        System.arraycopy(valid, 0, twice, 0, valid.length);
        System.arraycopy(valid, 0, twice, valid.length, valid.length);
        return Stream.of(
                Arguments.of("duplicated field, same value", duplicated("r", 3, 3)),
                Arguments.of("duplicated field, other value", duplicated("r", 3, 4)),
                Arguments.of("duplicated version", duplicated("v", 1, 1)),
                Arguments.of("two documents", twice),
                Arguments.of("truncated", Arrays.copyOf(valid, valid.length - 1)),
                Arguments.of("empty", new byte[0]),
                Arguments.of("array", JSON.writeValueAsBytes(List.of(payload()))),
                Arguments.of("string", JSON.writeValueAsBytes("payload")),
                Arguments.of("null", JSON.writeValueAsBytes(null)),
                Arguments.of("not json", "v=1&id=x".getBytes(StandardCharsets.US_ASCII)),
                Arguments.of("random bytes", randomBytes(200)));
    }

    /**
     * The payload with {@code field} written twice in a row, as a generator that does not check
     * allows; in a row, so that the second comes before every other field has been seen.
     */
    private static byte[] duplicated(String field, int first, int second) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = JSON.getFactory().createGenerator(out)) {
            generator.writeStartObject();
            for (var entry : payload().properties()) {
                if (field.equals(entry.getKey())) {
                    generator.writeNumberField(field, first);
                    generator.writeNumberField(field, second);
                } else {
                    generator.writeFieldName(entry.getKey());
                    JSON.writeTree(generator, entry.getValue());
                }
            }
            generator.writeEndObject();
        }
        return out.toByteArray();
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedJson")
    void signedPayloadThatIsNotTheJsonObjectIsRejected(String description, byte[] json) {
        assertEquals(Optional.empty(), codec.decode(sign(K1, json)), description);
    }

    @Test
    void duplicatedFieldIsReallyDuplicatedInTheTestPayload() throws IOException {
        String json = new String(duplicated("r", 3, 4), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"r\":3,\"r\":4"), json);
        // A lenient parser would have taken the last value.
        JsonNode lenient = JSON.readTree(json);
        assertEquals(4, lenient.get("r").asInt());
    }

    @Test
    void randomInputNeverThrowsAndNeverDecodes() {
        Random random = new Random(7);
        String chars = ALPHABET + "..=+/ ";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder value = new StringBuilder(i % 2 == 0 ? "k1." : "");
            int length = random.nextInt(200);
            for (int j = 0; j < length; j++) {
                value.append(chars.charAt(random.nextInt(chars.length())));
            }
            String candidate = value.toString();
            Optional<ConsentState> decoded = assertDoesNotThrow(() -> codec.decode(candidate), candidate);
            assertFalse(decoded.isPresent(), candidate);
        }
    }

    @Test
    void randomEditsOfAValidValueNeverThrowAndDecodeOnlyWhenUnchanged() {
        String value = codec.encode(state());
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder edited = new StringBuilder(value);
            for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
                int at = random.nextInt(edited.length());
                char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
                switch (random.nextInt(3)) {
                    case 0 -> edited.setCharAt(at, c);
                    case 1 -> edited.insert(at, c);
                    default -> edited.deleteCharAt(at);
                }
            }
            String candidate = edited.toString();
            Optional<ConsentState> decoded = assertDoesNotThrow(() -> codec.decode(candidate), candidate);
            assertEquals(candidate.equals(value), decoded.isPresent(), candidate);
        }
    }

    @Test
    void encodeAndDecodeAreSafeFromManyThreads() throws Exception {
        Concurrently.run(8, thread -> () -> {
            for (int i = 0; i < 500; i++) {
                ConsentState state = state(Set.of("analytics"), thread * 1000 + i);
                assertEquals(Optional.of(state.withKeyId("k1")), codec.decode(codec.encode(state)));
            }
            return null;
        });
    }

    @Test
    void toStringNamesKeyIdsOnly() {
        assertEquals("ConsentCookieCodec[signing=k1, verifying=[k1, k2]]", codec.toString());
    }

    @Test
    void decodeWhenKeysAndCodecsInterleaveOnOneThreadThenEachValueJudgedByItsOwnKey() {
        // Each codec keeps one Mac per thread and key: a value must never be checked with a Mac
        // left initialised by another key, or by another codec whose key has the same id.
        SigningKey impostor = new SigningKey("k1", new byte[SigningKey.MIN_BYTES]);
        ConsentCookieCodec other = new ConsentCookieCodec(new KeyRing(List.of(impostor)));
        ConsentCookieCodec byK2 = new ConsentCookieCodec(new KeyRing(List.of(K2)));
        String ours = codec.encode(state());
        String ofK2 = byK2.encode(state());
        String ofImpostor = other.encode(state());
        String tampered = ours.substring(0, ours.length() - 2) + (ours.endsWith("A") ? "BA" : "AA");
        for (int i = 0; i < 200; i++) {
            assertEquals(Optional.of(state().withKeyId("k1")), codec.decode(ours));
            assertEquals(Optional.empty(), codec.decode(tampered));
            assertEquals(Optional.of(state().withKeyId("k2")), codec.decode(ofK2));
            assertEquals(Optional.empty(), codec.decode(ofImpostor));
            assertEquals(Optional.of(state().withKeyId("k1")), other.decode(ofImpostor));
            assertEquals(Optional.empty(), other.decode(ours));
            assertEquals(ours, codec.encode(state()));
        }
    }

    @Test
    void decodeWhenManyThreadsMixValidTamperedAndForeignValuesThenEachJudgedAlone() throws Exception {
        String valid = codec.encode(state());
        String foreign = new ConsentCookieCodec(new KeyRing(List.of(key("k9")))).encode(state());
        Concurrently.run(4, thread -> () -> {
            Random random = new Random(thread);
            for (int i = 0; i < 2_000; i++) {
                int at = random.nextInt(valid.length());
                String edited = valid.substring(0, at) + (valid.charAt(at) == 'x' ? 'y' : 'x')
                        + valid.substring(at + 1);
                assertEquals(Optional.empty(), codec.decode(edited), edited);
                assertEquals(Optional.empty(), codec.decode(foreign));
                assertEquals(Optional.of(state().withKeyId("k1")), codec.decode(valid));
            }
            return null;
        });
    }
}
