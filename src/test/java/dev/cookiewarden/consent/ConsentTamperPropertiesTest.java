package dev.cookiewarden.consent;

import static dev.cookiewarden.consent.ConsentFixtures.key;
import static dev.cookiewarden.consent.ConsentFixtures.sign;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cookiewarden.ScaledTries;
import dev.cookiewarden.config.SigningKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the signed consent cookie: {@link ConsentCookieCodec#decode} and
 * {@link ConsentCache#read} accept a value only when it is, character for character, a value the
 * ring's keys signed. Every other string an attacker can derive from valid values (flipped,
 * inserted or deleted characters, truncations, splices of two values, the same bytes in another
 * base64 spelling or letter case, values signed with a retired or unknown key, a payload changed
 * and signed again with a key outside the ring) means "no choice".
 *
 * <p>The tries on each property are what CI runs (a few seconds in all). For a long hunt:
 * {@code mvn test -Dtest=ConsentTamperPropertiesTest -Dcookiewarden.tries=1000000} (see
 * {@link ScaledTries}); a failure prints the seed that reproduces it, and jqwik shrinks it to the
 * smallest mutation that still gets through.
 */
@AddLifecycleHook(ScaledTries.class)
class ConsentTamperPropertiesTest {
    private static final SigningKey K0_RETIRED = key("k0");
    private static final SigningKey K1 = key("k1");
    private static final SigningKey K2 = key("k2");
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private static final long LATEST_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    /** What the server verifies with: k1 signs, k2 still verifies, k0 was dropped from the ring. */
    private static final ConsentCookieCodec CODEC = new ConsentCookieCodec(new KeyRing(List.of(K1, K2)));
    private static final ConsentCookieCodec SIGNS_WITH_K2 = new ConsentCookieCodec(new KeyRing(List.of(K2, K1)));
    private static final ConsentCookieCodec BEFORE_ROTATION = new ConsentCookieCodec(new KeyRing(List.of(K0_RETIRED, K1)));

    /** A value the ring signed, and the state it carries once verified. */
    record Valid(String value, ConsentState state) {
        String keyId() {
            return value.substring(0, value.indexOf('.'));
        }

        String payload() {
            return value.substring(value.indexOf('.') + 1, value.lastIndexOf('.'));
        }

        String signature() {
            return value.substring(value.lastIndexOf('.') + 1);
        }

        @Override
        public String toString() {
            return value;
        }
    }

    // ---- generators ----------------------------------------------------------------------------

    @Provide
    Arbitrary<ConsentState> states() {
        Arbitrary<String> ids = Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofLength(ConsentState.CONSENT_ID_LENGTH);
        Arbitrary<String> categoryIds = Arbitraries.oneOf(
                Arbitraries.of("preferences", "analytics", "marketing", "necessary"),
                Arbitraries.strings().withCharRange('a', 'z').withChars('-', '7').ofMinLength(1).ofMaxLength(12)
                        .filter(s -> Character.isLetter(s.charAt(0))));
        Arbitrary<Set<String>> granted = categoryIds.set().ofMaxSize(6);
        Arbitrary<Integer> revisions = Arbitraries.oneOf(Arbitraries.integers().between(0, 20), Arbitraries.integers());
        Arbitrary<Long> issued = Arbitraries.longs().between(0, LATEST_SECOND - 1)
                .edgeCases(c -> c.add(1_700_000_000L));
        return Combinators.combine(ids, granted, revisions, issued).flatAs((id, g, r, iat) ->
                Arbitraries.longs().between(iat + 1, LATEST_SECOND).map(exp ->
                        ConsentState.of(id, g, r, Instant.ofEpochSecond(iat), Instant.ofEpochSecond(exp))));
    }

    /** Values signed by the signing key (k1) or by the older key the ring still verifies (k2). */
    @Provide
    Arbitrary<Valid> valid() {
        return Combinators.combine(states(), Arbitraries.of(CODEC, SIGNS_WITH_K2)).as((state, codec) -> {
            String value = codec.encode(state);
            return new Valid(value, CODEC.decode(value).orElseThrow());
        });
    }

    /** One edit of a string; positions are taken modulo the length so that every edit applies. */
    record Edit(int kind, int position, int length, char c) {
        String apply(String s) {
            int at = s.isEmpty() ? 0 : Math.floorMod(position, s.length() + 1);
            return switch (kind) {
                case 0 -> s.isEmpty() ? String.valueOf(c) : s.substring(0, Math.min(at, s.length() - 1)) + c
                        + s.substring(Math.min(at, s.length() - 1) + 1); // replace
                case 1 -> s.substring(0, at) + c + s.substring(at); // insert
                case 2 -> s.substring(0, at) + s.substring(Math.min(s.length(), at + length)); // delete
                case 3 -> s.substring(0, at); // truncate
                case 4 -> s.substring(0, at) + s.substring(at, Math.min(s.length(), at + length))
                        + s.substring(at); // duplicate a run
                default -> at + 1 < s.length() ? s.substring(0, at) + s.charAt(at + 1) + s.charAt(at)
                        + s.substring(at + 2) : s; // swap two neighbours
            };
        }
    }

    /** Characters an attacker would try: the base64url alphabet, its neighbours in other alphabets, separators, junk. */
    private static Arbitrary<Character> attackChars() {
        return Arbitraries.oneOf(
                Arbitraries.of(ALPHABET.chars().mapToObj(c -> (char) c).toList()),
                Arbitraries.of('.', '=', '+', '/', ' ', '\t', '%', '"', ',', ';', '\\', '\u0000', '\u00e9', '\u212a',
                        '\uff21', '\ufeff'),
                Arbitraries.chars());
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<Edit> edit = Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 600),
                Arbitraries.integers().between(1, 40), attackChars()).as(Edit::new);
        return edit.list().ofMinSize(1).ofMaxSize(4);
    }

    // ---- the properties ------------------------------------------------------------------------

    @Property(tries = 300)
    void everyValueTheRingSignedIsAcceptedWithItsState(@ForAll("valid") Valid v) {
        assertEquals(Optional.of(v.state()), CODEC.decode(v.value()));
        ConsentCache cache = new ConsentCache(CODEC);
        assertEquals(v.state(), cache.read(v.value(), v.state().issuedAt(), v.state().revision()).orElseThrow());
        assertEquals(v.state(), cache.read(v.value(), v.state().issuedAt(), v.state().revision()).orElseThrow(),
                "read again, from the cache");
    }

    @Property(tries = 4000)
    void editedValuesAreRejected(@ForAll("valid") Valid v, @ForAll("edits") List<Edit> edits) {
        String tampered = v.value();
        for (Edit e : edits) {
            tampered = e.apply(tampered);
        }
        Statistics.label("edit kinds").collect(edits.stream().map(Edit::kind).sorted().toList().toString());
        assertOnlyTheExactValueIsAccepted(tampered, v);
    }

    @Property(tries = 2000)
    void splicesOfTwoValidValuesAreRejectedUnlessWhole(@ForAll("valid") Valid a, @ForAll("valid") Valid b,
                                                       @ForAll @IntRange(min = 0, max = 700) int cutA,
                                                       @ForAll @IntRange(min = 0, max = 700) int cutB,
                                                       @ForAll @IntRange(min = 0, max = 7) int parts) {
        String byCharacters = a.value().substring(0, Math.min(cutA, a.value().length()))
                + b.value().substring(Math.min(cutB, b.value().length()));
        assertOnlyTheExactValueIsAccepted(byCharacters, a, b);
        // Whole parts taken from either value: key id, payload, signature (bit i set: part i from b).
        String byParts = ((parts & 1) == 0 ? a : b).keyId() + "." + ((parts & 2) == 0 ? a : b).payload() + "."
                + ((parts & 4) == 0 ? a : b).signature();
        Statistics.label("parts from b").collect(parts);
        assertOnlyTheExactValueIsAccepted(byParts, a, b);
    }

    @Property(tries = 2000)
    void otherSpellingsOfTheSameBytesAreRejected(@ForAll("valid") Valid v, @ForAll("respellings") Respelling how) {
        String respelt = how.apply(v);
        Statistics.label("respelling").collect(how.name() + (respelt.equals(v.value()) ? " (unchanged)" : ""));
        assertOnlyTheExactValueIsAccepted(respelt, v);
    }

    @Property(tries = 1000)
    void valuesSignedWithKeysOutsideTheRingAreRejected(@ForAll("states") ConsentState state,
                                                       @ForAll("outsideKeys") SigningKey key) {
        String value = key.equals(K0_RETIRED)
                ? BEFORE_ROTATION.encode(state) // the retired key, exactly as it used to sign
                : sign(key, ConsentFixtures.bytes(payloadOf(state)));
        Statistics.label("key").collect(key.equals(K0_RETIRED) ? "retired k0"
                : key.id().equals("k1") || key.id().equals("k2") ? "ring id, other material" : "unknown id");
        assertOnlyTheExactValueIsAccepted(value);
    }

    @Property(tries = 2000)
    void payloadsChangedAndSignedAgainOutsideTheRingAreRejected(@ForAll("valid") Valid v,
                                                                @ForAll("payloadChanges") List<PayloadChange> changes,
                                                                @ForAll("outsideKeys") SigningKey key) {
        byte[] json = Base64.getUrlDecoder().decode(v.payload());
        for (PayloadChange change : changes) {
            json = change.apply(json);
        }
        Statistics.label("payload change").collect(changes.get(0).name());
        assertOnlyTheExactValueIsAccepted(sign(key, json), v);
    }

    // ---- re-spellings ----------------------------------------------------------------------------

    /** A way to write the same cookie differently. */
    record Respelling(String name, UnaryOperator<Valid> how) {
        String apply(Valid v) {
            return how.apply(v).value();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Provide
    Arbitrary<Respelling> respellings() {
        List<Respelling> fixed = List.of(
                parts("standard base64, padded", Base64.getEncoder()),
                parts("standard base64, unpadded", Base64.getEncoder().withoutPadding()),
                parts("base64url, padded", Base64.getUrlEncoder()),
                whole("upper case", s -> s.toUpperCase(Locale.ROOT)),
                whole("lower case", s -> s.toLowerCase(Locale.ROOT)),
                whole("key id upper case", s -> s.substring(0, s.indexOf('.')).toUpperCase(Locale.ROOT)
                        + s.substring(s.indexOf('.'))),
                whole("quoted", s -> "\"" + s + "\""),
                whole("padded with spaces", s -> " " + s + " "),
                whole("trailing tab", s -> s + "\t"),
                whole("percent-encoded", s -> URLEncoder.encode(s, StandardCharsets.UTF_8).replace(".", "%2E")),
                whole("trailing dot", s -> s + "."),
                whole("leading dot", s -> "." + s),
                whole("signature padded", s -> s + "="),
                whole("signature padded twice", s -> s + "=="),
                whole("payload padded", s -> s.replaceFirst("\\.([^.]*)\\.", ".$1=.")),
                whole("empty key id", s -> s.substring(s.indexOf('.'))),
                whole("two values, comma", s -> s + "," + s),
                whole("two values, space", s -> s + " " + s));
        Arbitrary<Respelling> strayBits = Combinators.combine(Arbitraries.of(1, 2), Arbitraries.integers().between(1, 15))
                .as((part, bits) -> new Respelling("stray bits in the last character of part " + part,
                        v -> new Valid(strayBits(v.value(), part, bits), v.state())));
        Arbitrary<Respelling> caseFlips = Arbitraries.integers().between(0, 1000).list().ofMinSize(1).ofMaxSize(3)
                .map(at -> new Respelling("case of characters " + at, v -> new Valid(flipCase(v.value(), at), v.state())));
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.of(fixed)), Tuple.of(2, strayBits), Tuple.of(2, caseFlips));
    }

    private static Respelling whole(String name, UnaryOperator<String> how) {
        return new Respelling(name, v -> new Valid(how.apply(v.value()), v.state()));
    }

    /** Payload and signature decoded and written again with {@code encoder}. */
    private static Respelling parts(String name, Base64.Encoder encoder) {
        return new Respelling(name, v -> {
            Base64.Decoder decoder = Base64.getUrlDecoder();
            return new Valid(v.keyId() + "." + encoder.encodeToString(decoder.decode(v.payload())) + "."
                    + encoder.encodeToString(decoder.decode(v.signature())), v.state());
        });
    }

    /**
     * The value with part 1 (payload) or 2 (signature) ending in a character that differs from the
     * real one only in bits the decoder ignores: {@link Base64#getUrlDecoder()} alone would read the
     * same bytes.
     */
    private static String strayBits(String value, int part, int bits) {
        String[] p = value.split("\\.");
        String text = p[part];
        int unused = switch (text.length() % 4) {
            case 2 -> 4;
            case 3 -> 2;
            default -> 0;
        };
        if (unused == 0) {
            return value; // a whole number of groups: no spare bits to play with
        }
        int last = ALPHABET.indexOf(text.charAt(text.length() - 1));
        int changed = last ^ (bits & ((1 << unused) - 1));
        if (changed == last) {
            changed = last ^ 1;
        }
        p[part] = text.substring(0, text.length() - 1) + ALPHABET.charAt(changed);
        return String.join(".", p);
    }

    private static String flipCase(String value, List<Integer> positions) {
        char[] c = value.toCharArray();
        for (int at : positions) {
            int i = at % c.length;
            c[i] = Character.isUpperCase(c[i]) ? Character.toLowerCase(c[i]) : Character.toUpperCase(c[i]);
        }
        return new String(c);
    }

    // ---- keys outside the ring and payload changes ---------------------------------------------

    @Provide
    Arbitrary<SigningKey> outsideKeys() {
        Arbitrary<byte[]> material = Arbitraries.bytes().array(byte[].class).ofMinSize(SigningKey.MIN_BYTES).ofMaxSize(64);
        Arbitrary<String> ids = Arbitraries.oneOf(Arbitraries.of("k1", "k2", "k0", "K1", "k3"),
                Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMinLength(1).ofMaxLength(16));
        Arbitrary<SigningKey> random = Combinators.combine(ids, material).as(SigningKey::new)
                .filter(k -> !k.equals(K1) && !k.equals(K2));
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(K0_RETIRED)), Tuple.of(4, random));
    }

    /** A change an attacker would make to the JSON before signing it again. */
    record PayloadChange(String name, UnaryOperator<ObjectNode> change) {
        byte[] apply(byte[] json) {
            ObjectNode node;
            try {
                node = (ObjectNode) ConsentFixtures.JSON.readTree(json);
            } catch (IOException | ClassCastException e) {
                return json; // already not an object: leave it
            }
            try {
                return ConsentFixtures.JSON.writeValueAsBytes(change.apply(node));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @Provide
    Arbitrary<List<PayloadChange>> payloadChanges() {
        Arbitrary<PayloadChange> grant = Arbitraries.of("preferences", "analytics", "marketing", "necessary")
                .map(c -> new PayloadChange("grant " + c, n -> {
                    (n.get("g") instanceof ArrayNode g ? g : n.putArray("g")).add(c);
                    return n;
                }));
        Arbitrary<PayloadChange> revision = Arbitraries.integers().map(r -> new PayloadChange("revision " + r, n -> n.put("r", r)));
        Arbitrary<PayloadChange> expiry = Arbitraries.longs().between(0, LATEST_SECOND)
                .map(e -> new PayloadChange("expires " + e, n -> n.put("exp", e)));
        List<PayloadChange> fixed = List.of(
                new PayloadChange("grant everything", n -> {
                    n.putArray("g").add("preferences").add("analytics").add("marketing");
                    return n;
                }),
                new PayloadChange("grant nothing", n -> {
                    n.putArray("g");
                    return n;
                }),
                new PayloadChange("other consent id", n -> n.put("id", "AAAAAAAAAAAAAAAAAAAAAA")),
                new PayloadChange("version 2", n -> n.put("v", 2)),
                new PayloadChange("extra field", n -> n.put("admin", true)),
                new PayloadChange("fields reversed", n -> {
                    ObjectNode reversed = ConsentFixtures.JSON.createObjectNode();
                    List<String> names = new ArrayList<>();
                    n.fieldNames().forEachRemaining(names::add);
                    for (int i = names.size() - 1; i >= 0; i--) {
                        reversed.set(names.get(i), n.get(names.get(i)));
                    }
                    return reversed;
                }),
                new PayloadChange("granted as a string", n -> n.put("g", "analytics")),
                new PayloadChange("no expiry", n -> {
                    n.remove("exp");
                    return n;
                }));
        return Arbitraries.oneOf(grant, revision, expiry, Arbitraries.of(fixed)).list().ofMinSize(1).ofMaxSize(3);
    }

    private static ObjectNode payloadOf(ConsentState state) {
        ObjectNode node = ConsentFixtures.JSON.createObjectNode();
        node.put("v", 1);
        node.put("id", state.consentId());
        ArrayNode g = node.putArray("g");
        state.granted().forEach(g::add);
        node.put("r", state.revision());
        node.put("iat", state.issuedAt().getEpochSecond());
        node.put("exp", state.expiresAt().getEpochSecond());
        return node;
    }

    // ---- the check -------------------------------------------------------------------------------

    /**
     * {@code candidate} is accepted by the codec, and by a cache that already holds the valid
     * values, only if it is one of {@code valid}, and then with that value's state.
     */
    private static void assertOnlyTheExactValueIsAccepted(String candidate, Valid... valid) {
        Valid same = null;
        for (Valid v : valid) {
            if (v.value().equals(candidate)) {
                same = v;
            }
        }
        Optional<ConsentState> decoded = CODEC.decode(candidate);
        ConsentCache cache = new ConsentCache(CODEC, 16);
        Instant now = Instant.EPOCH;
        int revision = 0;
        for (Valid v : valid) {
            // Warm the cache with the real values, read at a moment and revision they are current for.
            assertTrue(cache.read(v.value(), v.state().issuedAt(), v.state().revision()).isPresent(), v.value());
            if (v == same) {
                now = v.state().issuedAt();
                revision = v.state().revision();
            }
        }
        if (same == null) {
            assertEquals(Optional.empty(), decoded, () -> "accepted a value the ring never signed: " + literal(candidate));
            for (Valid v : valid) {
                assertEquals(Optional.empty(), cache.read(candidate, v.state().issuedAt(), v.state().revision()),
                        () -> "the cache accepted a value the ring never signed: " + literal(candidate));
            }
            assertEquals(Optional.empty(), cache.read(candidate, now, revision));
        } else {
            assertEquals(Optional.of(same.state()), decoded);
            assertEquals(Optional.of(same.state()), cache.read(candidate, now, revision));
        }
    }

    private static String literal(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (Iterator<Integer> it = s.chars().iterator(); it.hasNext();) {
            int c = it.next();
            out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? String.valueOf((char) c)
                    : String.format("\\u%04X", c));
        }
        return out.append('"').toString();
    }
}
