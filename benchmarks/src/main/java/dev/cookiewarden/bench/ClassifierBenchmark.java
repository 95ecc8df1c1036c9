package dev.cookiewarden.bench;

import dev.cookiewarden.config.CookieDeclaration;
import dev.cookiewarden.enforce.CookieClassifier;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * Finding a cookie name's declaration among the benchmark configuration's eleven (eight exact
 * names, three globs): an exact name is a hash lookup; {@code _ga_7XK2P4Q9ZR} matches the glob
 * {@code _ga_*} after the longer {@code _pk_id.*} was tried; an undeclared name tries every glob.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ClassifierBenchmark {
    private CookieClassifier classifier;
    // Fields, not constants: the JIT must not fold the lookups away.
    private String exactName = "JSESSIONID";
    private String globName = "_ga_7XK2P4Q9ZR";
    private String undeclaredName = "ab_test_bucket";

    @Setup
    public void setUp() {
        classifier = new CookieClassifier(BenchConfig.config().cookies());
        if (classifier.classify(exactName).isEmpty() || classifier.classify(globName).isEmpty()
                || classifier.classify(undeclaredName).isPresent()) {
            throw new IllegalStateException("Unexpected classification in " + BenchConfig.RESOURCE);
        }
    }

    @Benchmark
    public Optional<CookieDeclaration> exact() {
        return classifier.classify(exactName);
    }

    @Benchmark
    public Optional<CookieDeclaration> glob() {
        return classifier.classify(globName);
    }

    @Benchmark
    public Optional<CookieDeclaration> undeclared() {
        return classifier.classify(undeclaredName);
    }
}
