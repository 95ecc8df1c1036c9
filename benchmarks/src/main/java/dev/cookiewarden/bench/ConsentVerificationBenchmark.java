package dev.cookiewarden.bench;

import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.consent.ConsentCache;
import dev.cookiewarden.consent.ConsentCookieCodec;
import dev.cookiewarden.consent.ConsentCookies;
import dev.cookiewarden.consent.ConsentState;
import dev.cookiewarden.consent.VisitorConsent;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a returning visitor's consent cookie: {@code cold} is what the first request of a
 * visitor costs (HMAC-SHA256 over the value, then the JSON payload parsed), {@code cached} what
 * every later one costs (a Caffeine lookup plus the expiry and revision checks), measured on one
 * String instance ({@code cached}) and, as a request sees it, on a new String each time
 * ({@code cachedFreshString}). {@code resolveCurrent} and {@code resolveStaleRevision} are the
 * filter's own entry point, for a current cookie and for one of the previous policy revision.
 *
 * <p>{@code macFreshInstance} and {@code macReusedInstance} split the cold cost: the first is a
 * new instance from {@code Mac.getInstance}, initialised, on every call (what the codec did until
 * it kept one per thread and key); the second what the HMAC alone costs on an instance kept per
 * thread, as the codec now does. They use only the JDK, on the same bytes the codec signs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ConsentVerificationBenchmark {
    private ConsentCookieCodec codec;
    private ConsentCache cache;
    private ConsentCookies consentCookies;
    private List<String> currentValues;
    private List<String> staleValues;
    private String value;
    private byte[] valueBytes;
    private Instant now;
    private int revision;
    private SecretKeySpec key;
    private byte[] signedPart;

    /** Per-thread MAC for the reuse variant: Mac is not thread-safe. */
    @State(Scope.Thread)
    public static class ThreadMac {
        Mac mac;

        @Setup
        public void setUp(ConsentVerificationBenchmark b) throws GeneralSecurityException {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(b.key);
        }
    }

    @Setup
    public void setUp() {
        WardenConfig config = BenchConfig.config();
        codec = new ConsentCookieCodec(BenchConfig.keyRing(config));
        cache = new ConsentCache(codec);
        value = BenchConfig.consentCookieValue(config);
        now = Instant.now();
        revision = config.policyRevision();
        if (cache.read(value, now, revision).isEmpty() || codec.decode(value).isEmpty()) {
            throw new IllegalStateException("The benchmark's consent cookie does not verify");
        }
        valueBytes = value.getBytes(StandardCharsets.ISO_8859_1);
        consentCookies = new ConsentCookies(config, new ConsentCache(codec));
        currentValues = List.of(value);
        // A choice made under the previous policy revision: valid signature, no longer current.
        Instant issued = now.minus(Duration.ofDays(1));
        staleValues = List.of(codec.encode(ConsentState.of(ConsentState.newConsentId(), BenchConfig.RETURNING_GRANTS,
                revision - 1, issued, issued.plus(config.consentValidity()))));
        if (consentCookies.resolve(currentValues, false, now).choice().isEmpty()
                || consentCookies.resolve(staleValues, false, now).choice().isPresent()) {
            throw new IllegalStateException("Unexpected resolution of the benchmark's consent cookies");
        }
        key = new SecretKeySpec(config.signingKeys().get(0).material(), "HmacSHA256");
        signedPart = value.substring(0, value.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII);
    }

    /** First request of a visitor: base64url, HMAC-SHA256, constant-time compare, JSON parse. */
    @Benchmark
    public Optional<ConsentState> cold() {
        return codec.decode(value);
    }

    /**
     * Every later request: the cache hit, on the same String instance every time, whose hash
     * code Java has cached: a lower bound.
     */
    @Benchmark
    public Optional<ConsentState> cached() {
        return cache.read(value, now, revision);
    }

    /**
     * The cache hit as a request sees it: the value is a new String parsed from this request's
     * Cookie header, so the lookup hashes and compares all its characters. Includes making that
     * String (a copy of about 200 bytes), which the filter's cookie parsing does anyway.
     */
    @Benchmark
    public Optional<ConsentState> cachedFreshString() {
        return cache.read(new String(valueBytes, StandardCharsets.ISO_8859_1), now, revision);
    }

    /** What the filter calls for a returning visitor: {@code ConsentCookies.resolve}, cache hit. */
    @Benchmark
    public VisitorConsent resolveCurrent() {
        return consentCookies.resolve(currentValues, false, now);
    }

    /**
     * The same for a visitor whose cookie is from the previous policy revision (every returning
     * visitor, after a revision bump, until they choose again): the cache holds the verified
     * state, which {@code resolve} judges not current, keeping its consent id as the prior one.
     * (Until the cache kept such states for {@code resolve} to judge, this decoded the value
     * again, in full, on every request.)
     */
    @Benchmark
    public VisitorConsent resolveStaleRevision() {
        return consentCookies.resolve(staleValues, false, now);
    }

    /** The HMAC as the codec computes it: a new Mac from the provider, initialised, then run. */
    @Benchmark
    public byte[] macFreshInstance() throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(key);
        return mac.doFinal(signedPart);
    }

    /** The HMAC alone, on an instance initialised once per thread. */
    @Benchmark
    public byte[] macReusedInstance(ThreadMac t) {
        return t.mac.doFinal(signedPart);
    }
}
