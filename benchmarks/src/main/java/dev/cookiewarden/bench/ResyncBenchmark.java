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
import java.util.ArrayList;
import java.util.List;
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
 * The injector on a 10 KiB page whose head is new on every request in several places: the shop
 * page of {@link HtmlPages} with a content-security-policy nonce on each of its inline scripts
 * and its style, and {@code scripts} more nonced inline scripts of about 250 bytes in its head
 * (data layer pushes, as a shop's pages carry), the same seven-letter nonce in every one, new
 * before every page. {@code plainCopy} writes the same page to the same sink
 * without the injector; {@code nonces} and {@code noncesChars} write it through an {@link
 * InjectingOutputStream} and an {@link InjectingWriter}, in 8 Ki-unit writes, as
 * {@link InjectorBenchmark} does. With {@code scripts=0} the head differs in three places.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ResyncBenchmark {
    /** The nonce every copy of the page starts with, seven letters, replaced before every page. */
    private static final String NONCE = "n0nce00";

    /** Nonced inline scripts added to the head, beside the page's own two scripts and style. */
    @Param({"0", "12"})
    public int scripts;

    private byte[] page;
    private char[] pageChars;
    /** Where each nonce starts, in {@link #page} and in {@link #pageChars}. */
    private int[] at;
    private int[] atChars;
    private PageSnippets snippets;
    private InjectorBenchmark.Sink sink;
    private InjectorBenchmark.CharSink charSink;
    private long pageNumber;

    @Setup
    public void setUp(Blackhole bh) throws IOException {
        String shop = new String(new HtmlPages(HtmlPages.Shape.PAGE).page(10 * 1024), StandardCharsets.UTF_8);
        StringBuilder added = new StringBuilder();
        for (int i = 0; i < scripts; i++) {
            added.append("<script nonce=\"").append(NONCE).append("\">\n  window.dataLayer.push({event:'view_item_list',")
                    .append("item_list_id:'salon-").append(i).append("',item_list_name:'Salon, rang ").append(i)
                    .append("',\n    items:[{item_id:'SKU-").append(10412 + i).append("-N',item_name:'Chaise Nordic',")
                    .append("price:149.9,index:").append(i).append("},\n      {item_id:'SKU-").append(20817 + i)
                    .append("-B',item_name:'Table basse',price:329,index:").append(i + 1)
                    .append("}],currency:'EUR'});\n</script>\n");
        }
        int headEnd = shop.indexOf("</head>");
        String head = shop.substring(0, headEnd).replace("<script>", "<script nonce=\"" + NONCE + "\">")
                .replace("<script type=", "<script nonce=\"" + NONCE + "\" type=")
                .replace("<style>", "<style nonce=\"" + NONCE + "\">");
        String text = head + added + shop.substring(headEnd); // the body's scripts as they are
        page = text.getBytes(StandardCharsets.UTF_8);
        pageChars = text.toCharArray();
        at = places(new String(page, StandardCharsets.ISO_8859_1));
        atChars = places(text);
        int bodyEnd = text.indexOf(HtmlPages.BODY_START_TAG) + HtmlPages.BODY_START_TAG.length();
        if (at.length != scripts + 3 || bodyEnd > 8 * 1024) { // the whole head in the first write
            throw new IllegalStateException("Unexpected page: " + at.length + " nonces, the body at " + bodyEnd);
        }
        sink = new InjectorBenchmark.Sink(bh);
        charSink = new InjectorBenchmark.CharSink(bh);
        WardenConfig config = BenchConfig.config();
        BannerRenderer renderer = BenchConfig.renderer(config);
        snippets = renderer.snippets("", "fr", Set.of(), false, false, "/fr/salon");
        // Check once that every page gets its snippets, the nonces changing as they will.
        for (int i = 0; i < 3; i++) {
            InjectorBenchmark.Sink check = new InjectorBenchmark.Sink(null);
            InjectingOutputStream out = new InjectingOutputStream(check, snippets);
            newNonce();
            write(out);
            InjectorBenchmark.CharSink checkChars = new InjectorBenchmark.CharSink(null);
            InjectingWriter writer = new InjectingWriter(checkChars, snippets);
            write(writer);
            if (!out.headInjected() || !out.bodyInjected() || !writer.headInjected() || !writer.bodyInjected()
                    || check.bytes != page.length + snippets.head().length() + snippets.body().length()) {
                throw new IllegalStateException("Unexpected injection: " + out + ", " + writer);
            }
        }
    }

    private static int[] places(String page) {
        List<Integer> found = new ArrayList<>();
        for (int i = page.indexOf(NONCE); i >= 0; i = page.indexOf(NONCE, i + 1)) {
            found.add(i);
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The next page's nonce, in every place, in both forms of the page: written once, copied to the other places. */
    private void newNonce() {
        long n = pageNumber++;
        HtmlPages.stamp(page, at[0], n);
        for (int k = 1; k < at.length; k++) {
            System.arraycopy(page, at[0], page, at[k], NONCE.length());
        }
        HtmlPages.stamp(pageChars, atChars[0], n);
        for (int k = 1; k < atChars.length; k++) {
            System.arraycopy(pageChars, atChars[0], pageChars, atChars[k], NONCE.length());
        }
    }

    private void write(OutputStream out) throws IOException {
        for (int i = 0; i < page.length; i += 8 * 1024) {
            out.write(page, i, Math.min(8 * 1024, page.length - i));
        }
    }

    private void write(Writer out) throws IOException {
        for (int i = 0; i < pageChars.length; i += 8 * 1024) {
            out.write(pageChars, i, Math.min(8 * 1024, pageChars.length - i));
        }
    }

    @Benchmark
    public long plainCopy() throws IOException {
        return bytesThrough(sink);
    }

    @Benchmark
    public long nonces() throws IOException {
        return bytesThrough(new InjectingOutputStream(sink, snippets));
    }

    @Benchmark
    public long plainCopyChars() throws IOException {
        return charsThrough(charSink);
    }

    @Benchmark
    public long noncesChars() throws IOException {
        return charsThrough(new InjectingWriter(charSink, snippets));
    }

    /** The next page, its new nonce in place, written through {@code out} (the sink, or an injector before it); the bytes the sink got. */
    private long bytesThrough(OutputStream out) throws IOException {
        sink.bytes = 0;
        newNonce();
        write(out);
        return sink.bytes;
    }

    /** {@link #bytesThrough} in characters. */
    private long charsThrough(Writer out) throws IOException {
        charSink.chars = 0;
        newNonce();
        write(out);
        return charSink.chars;
    }
}
