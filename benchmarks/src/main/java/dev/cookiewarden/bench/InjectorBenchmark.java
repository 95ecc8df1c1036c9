package dev.cookiewarden.bench;

import dev.cookiewarden.banner.BannerRenderer;
import dev.cookiewarden.banner.InjectingOutputStream;
import dev.cookiewarden.banner.InjectingWriter;
import dev.cookiewarden.banner.PageSnippets;
import dev.cookiewarden.config.WardenConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
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
 * that copies each write into a buffer and drops it (a null stream that still moves the bytes, as
 * a container's output buffer does, and that the JIT cannot remove); {@code injected} goes
 * through an {@link InjectingOutputStream} carrying the real head and body snippets of an
 * undecided visitor, built and handed over as the filter does it ({@link BannerRenderer#snippets},
 * the constructor taking {@link PageSnippets}, which neither checks nor copies them). On a {@link HtmlPages.Shape#PAGE} the injector
 * scans up to {@code <body>} and then passes writes straight on; a
 * {@link HtmlPages.Shape#NO_BODY_TAG} page has no {@code <body>} start tag (HTML lets it be
 * omitted), so every byte is scanned: the worst case.
 *
 * <p>{@code injected} writes the same page every time, so from the third page on the injector
 * finds its head among the heads it has seen ({@code ScanMemo}) and does not scan it;
 * {@code injectedNewHead} changes seven letters of the title before every page, as a head with
 * a per-request token does, so that every page is scanned (and its head hashed, to tell that it
 * has not been seen before).
 *
 * <p>{@code plainCopyChars}, {@code injectedChars} and {@code injectedCharsNewHead} do the same
 * with the page as characters, {@code size} of them, through an {@link InjectingWriter} into a
 * character sink: the path of a page written through {@code getWriter()}, as JSP and template
 * engines write it.
 *
 * <p>The 100 MB page is streamed from a 64 KiB block: no page is held in memory.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class InjectorBenchmark {
    /** Page size in bytes: 10 KB, 1 MB, 100 MB. */
    @Param({"10240", "1048576", "104857600"})
    public long size;

    @Param
    public HtmlPages.Shape shape;

    /**
     * The size of the page's writes: 8 Ki, as a servlet's buffer or a JSP page's reaches the
     * container. {@code -p writeSize=64} writes it as a template engine that writes each piece of
     * its template straight to the response does.
     */
    @Param({"8192"})
    public int writeSize;

    private HtmlPages pages;
    private PageSnippets snippets;
    private Sink sink;
    private CharSink charSink;

    @Setup
    public void setUp(Blackhole bh) throws IOException {
        sink = new Sink(bh);
        charSink = new CharSink(bh);
        pages = new HtmlPages(shape);
        WardenConfig config = BenchConfig.config();
        BannerRenderer renderer = BenchConfig.renderer(config);
        snippets = renderer.snippets("", "fr", Set.of(), false, false, "/fr/salon");
        int headLength = snippets.head().getBytes(StandardCharsets.US_ASCII).length;
        int bodyLength = snippets.body().getBytes(StandardCharsets.US_ASCII).length;
        // Check once that the page gets what the benchmark claims it gets.
        Sink check = new Sink(null);
        InjectingOutputStream out = new InjectingOutputStream(check, snippets);
        pages.writeTo(out, size, writeSize);
        boolean body = shape == HtmlPages.Shape.PAGE;
        if (!out.headInjected() || out.bodyInjected() != body
                || check.bytes != size + headLength + (body ? bodyLength : 0)) {
            throw new IllegalStateException("Unexpected injection: " + out + ", " + check.bytes + " bytes");
        }
        CharSink checkChars = new CharSink(null);
        InjectingWriter writer = new InjectingWriter(checkChars, snippets);
        pages.writeTo(writer, size, writeSize);
        if (!writer.headInjected() || writer.bodyInjected() != body
                || checkChars.chars != size + snippets.head().length() + (body ? snippets.body().length() : 0)) {
            throw new IllegalStateException("Unexpected injection: " + writer + ", " + checkChars.chars + " chars");
        }
    }

    @Benchmark
    public long plainCopy() throws IOException {
        sink.bytes = 0;
        pages.writeTo(sink, size, writeSize);
        return sink.bytes;
    }

    @Benchmark
    public long injected() throws IOException {
        sink.bytes = 0;
        pages.writeTo(new InjectingOutputStream(sink, snippets), size, writeSize);
        return sink.bytes;
    }

    private long pageNumber;

    @Benchmark
    public long injectedNewHead() throws IOException {
        sink.bytes = 0;
        pages.varyHead(pageNumber++);
        pages.writeTo(new InjectingOutputStream(sink, snippets), size, writeSize);
        return sink.bytes;
    }

    /** {@link #plainCopy} in characters: the page written through a {@code Writer}, as JSP and template engines do. */
    @Benchmark
    public long plainCopyChars() throws IOException {
        charSink.chars = 0;
        pages.writeTo(charSink, size, writeSize);
        return charSink.chars;
    }

    /** {@link #injected} in characters, through an {@link InjectingWriter}. */
    @Benchmark
    public long injectedChars() throws IOException {
        charSink.chars = 0;
        pages.writeTo(new InjectingWriter(charSink, snippets), size, writeSize);
        return charSink.chars;
    }

    /** {@link #injectedNewHead} in characters. */
    @Benchmark
    public long injectedCharsNewHead() throws IOException {
        charSink.chars = 0;
        pages.varyHead(pageNumber++);
        pages.writeTo(new InjectingWriter(charSink, snippets), size, writeSize);
        return charSink.chars;
    }

    /**
     * Copies every write into a 64 KiB buffer, round and round, as a container copies a response
     * into its output buffer, and counts the bytes; one per benchmark, reused, so that neither side
     * pays for the buffer: the plain copy is a real copy, and the black
     * hole sees one byte of each write, so the JIT can remove neither.
     */
    static final class Sink extends OutputStream {
        private final Blackhole bh;
        private final byte[] buffer = new byte[64 * 1024];
        private int position;
        long bytes;

        Sink(Blackhole bh) {
            this.bh = bh;
        }

        @Override
        public void write(int b) {
            if (position == buffer.length) {
                position = 0;
            }
            buffer[position++] = (byte) b;
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
            while (len > 0) {
                if (position == buffer.length) {
                    position = 0;
                }
                int n = Math.min(len, buffer.length - position);
                System.arraycopy(b, off, buffer, position, n);
                position += n;
                off += n;
                len -= n;
            }
            if (bh != null) {
                bh.consume(buffer[position - 1]);
            }
        }
    }

    /** {@link Sink} for characters: a container's character buffer before it encodes them. */
    static final class CharSink extends Writer {
        private final Blackhole bh;
        private final char[] buffer = new char[64 * 1024];
        private int position;
        long chars;

        CharSink(Blackhole bh) {
            this.bh = bh;
        }

        @Override
        public void write(char[] c, int off, int len) {
            chars += len;
            while (len > 0) {
                if (position == buffer.length) {
                    position = 0;
                }
                int n = Math.min(len, buffer.length - position);
                System.arraycopy(c, off, buffer, position, n);
                position += n;
                off += n;
                len -= n;
            }
            if (bh != null) {
                bh.consume(buffer[position - 1]);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
