package dev.cookiewarden.bench;

import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.enforce.CookieObservations;
import dev.cookiewarden.enforce.CookiePolicy;
import dev.cookiewarden.enforce.RequestEnforcement;
import dev.cookiewarden.enforce.SetCookieHeader;
import dev.cookiewarden.enforce.Verdict;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Deciding about one outgoing cookie. {@code parseAndVerdict} parses a typical Set-Cookie value
 * and asks the policy for its verdict; {@code admit} is the whole path a raw
 * {@code addHeader("Set-Cookie", ...)} takes (parse, verdict, counting, lifetime cap, and
 * re-serialising when the cap changed the value), on a request of a visitor who granted
 * preferences and analytics. {@link ClassifierBenchmark} has the name lookup alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class SetCookieBenchmark {
    /** Typical values, by the kind of cookie. */
    public enum Kind {
        /** A container's session cookie: required, passes untouched. */
        SESSION("JSESSIONID=node0x7f3kq2l9d1c8p5v0sm4z1j2b6.node0; Path=/; Secure; HttpOnly; SameSite=Lax"),
        /** An analytics cookie with a two-year lifetime: granted, capped to 13 months, re-serialised. */
        ANALYTICS_CAPPED("_ga=GA1.1.1843271520.1717421378; Max-Age=63072000;"
                + " Expires=Fri, 03 Jun 2033 13:29:38 GMT; Path=/; Domain=.shop.example; SameSite=Lax"),
        /** A glob-declared analytics cookie within its cap. */
        ANALYTICS_GLOB("_ga_7XK2P4Q9ZR=GS1.1.1717421378.1.1.1717421390.0.0.0; Max-Age=31536000; Path=/"),
        /** A marketing cookie the visitor did not grant: dropped. */
        MARKETING_REFUSED("_fbp=fb.1.1717421378123.1234567890; Max-Age=7776000; Path=/; SameSite=Lax"),
        /** An undeclared cookie: blocked. */
        UNDECLARED("ab_test_bucket=B; Path=/; Max-Age=86400");

        final String header;

        Kind(String header) {
            this.header = header;
        }
    }

    @Param
    public Kind kind;

    private CookiePolicy policy;
    private RequestEnforcement enforcement;
    private Set<String> granted;
    private String header;

    @Setup
    public void setUp() {
        WardenConfig config = BenchConfig.config();
        policy = new CookiePolicy(config, Set.of("cookie_warden", "__Host-cookie_warden"));
        granted = BenchConfig.RETURNING_GRANTS;
        enforcement = new RequestEnforcement(policy, granted, new CookieObservations(), false, Instant.now());
        header = kind.header;
        if (SetCookieHeader.parse(header).isEmpty()) {
            throw new IllegalStateException("Does not parse: " + header);
        }
    }

    @Benchmark
    public Verdict parseAndVerdict() {
        SetCookieHeader parsed = SetCookieHeader.parse(header).orElseThrow();
        return policy.verdict(parsed.name(), granted);
    }

    @Benchmark
    public Optional<String> admit() {
        return enforcement.admit(header);
    }
}
