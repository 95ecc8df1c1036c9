package dev.cookiewarden.bench;

import dev.cookiewarden.banner.Assets;
import dev.cookiewarden.banner.BannerRenderer;
import dev.cookiewarden.banner.InjectingOutputStream;
import dev.cookiewarden.config.WardenConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * The banner injector against a plain copy. Both write the same page, in 8 KiB writes, to a sink
 * that only looks at each write (a null stream the JIT cannot remove); {@code injected} goes
 * through an {@link InjectingOutputStream} carrying the real head and body snippets of an
 * undecided visitor, as the filter builds them. On a {@link HtmlPages.Shape#PAGE} the injector
 * scans up to {@code <body>} and then passes writes straight on; a
 * {@link HtmlPages.Shape#FRAGMENT} has no {@code <body>}, so every byte is scanned.
 *
 * <p>The 100 MB page is streamed from a 64 KiB block: no page is held in memory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(2)
public class InjectorBenchmark {
    static final int WRITE_SIZE = 8192;

    /** Page size in bytes: 10 KB, 1 MB, 100 MB. */
    @Param({"10240", "1048576", "104857600"})
    public long size;

    @Param
    public HtmlPages.Shape shape;

    private HtmlPages pages;
    private byte[] headSnippet;
    private byte[] bodySnippet;

    @Setup
    public void setUp() throws IOException {
        pages = new HtmlPages(shape);
        WardenConfig config = BenchConfig.config();
        Assets assets = Assets.of(config);
        BannerRenderer renderer = new BannerRenderer(config, assets.cssPath(), assets.guardPath(), assets.scriptPath());
        headSnippet = renderer.head("", Set.of(), false, false).getBytes(StandardCharsets.US_ASCII);
        bodySnippet = renderer.body("", "fr", true, "/fr/salon").getBytes(StandardCharsets.US_ASCII);
        // Check once that the page gets what the benchmark claims it gets.
        Sink check = new Sink(null);
        InjectingOutputStream out = new InjectingOutputStream(check, headSnippet, bodySnippet);
        pages.writeTo(out, size, WRITE_SIZE);
        boolean full = shape == HtmlPages.Shape.PAGE;
        if (out.headInjected() != full || out.bodyInjected() != full
                || check.bytes != size + (full ? headSnippet.length + bodySnippet.length : 0)) {
            throw new IllegalStateException("Unexpected injection: " + out + ", " + check.bytes + " bytes");
        }
    }

    @Benchmark
    public long plainCopy(Blackhole bh) throws IOException {
        Sink sink = new Sink(bh);
        pages.writeTo(sink, size, WRITE_SIZE);
        return sink.bytes;
    }

    @Benchmark
    public long injected(Blackhole bh) throws IOException {
        Sink sink = new Sink(bh);
        pages.writeTo(new InjectingOutputStream(sink, headSnippet, bodySnippet), size, WRITE_SIZE);
        return sink.bytes;
    }

    /** Counts bytes and hands one byte of each write to the black hole. */
    static final class Sink extends OutputStream {
        private final Blackhole bh;
        long bytes;

        Sink(Blackhole bh) {
            this.bh = bh;
        }

        @Override
        public void write(int b) {
            bytes++;
            if (bh != null) {
                bh.consume(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
            if (bh != null && len > 0) {
                bh.consume(b[off + len - 1]);
            }
        }
    }
}
