package dev.cookiewarden.banner;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A 100 MB page, half of it before the body start tag and full of things that look like one,
 * streamed in random-sized writes through an {@link InjectingOutputStream} into a sink that keeps
 * nothing: it completes, the snippets are where they belong and there once, and the injector holds
 * nothing that grew with the page. The page is never in memory either: it is made of one 64 KiB
 * block written over and over.
 */
class InjectionMemoryTest {
    private static final byte[] HEAD = "<meta name=cw-head>".getBytes(US_ASCII);
    private static final byte[] BODY = "<div id=cw-banner></div>".getBytes(US_ASCII);
    private static final long HALF = 50L << 20;

    /** Markup that hides a body start tag in every way the scanner knows, and leaves it in the data state. */
    private static final String UNIT = "<!-- <body> --><!----><!--><script>var b = \"<body>\"; if (a < b) {}</script>"
            + "<style>p::before { content: '<body>' }</style><title><body></title><textarea><body></textarea>"
            + "<template><body class=t></template><![CDATA[ <body> ]]><?pi <body ?><!DOCTYPE x>"
            + "<meta content=\"a > b <body>\" name='<body>' data-x=y<body>>"
            + "<script><!-- document.write('<script></script><body>') --></script>"
            + "<link href=/x/ rel=stylesheet><bodyx><header></header>\u00e9t\u00e9 \uD83C\uDF6A\n";

    private static byte[] block() {
        byte[] unit = UNIT.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] block = new byte[(64 * 1024 / unit.length) * unit.length];
        for (int at = 0; at < block.length; at += unit.length) {
            System.arraycopy(unit, 0, block, at, unit.length);
        }
        return block;
    }

    /** Counts bytes and finds a few needles as they stream past; keeps a few ints per needle. */
    private static final class FindingSink extends OutputStream {
        private final byte[][] needles;
        private final int[][] failure;
        private final int[] matched;
        final List<List<Long>> endsAt = new ArrayList<>();
        long count;

        FindingSink(byte[]... needles) {
            this.needles = needles;
            this.failure = new int[needles.length][];
            this.matched = new int[needles.length];
            for (int n = 0; n < needles.length; n++) {
                failure[n] = failureTable(needles[n]);
                endsAt.add(new ArrayList<>());
            }
        }

        /** Knuth-Morris-Pratt: how far a match falls back after a mismatch. */
        private static int[] failureTable(byte[] needle) {
            int[] table = new int[needle.length + 1];
            table[0] = -1;
            for (int i = 1, k = -1; i <= needle.length; i++) {
                while (k >= 0 && needle[k] != needle[i - 1]) {
                    k = table[k];
                }
                table[i] = ++k;
            }
            return table;
        }

        @Override
        public void write(int b) {
            count++;
            for (int n = 0; n < needles.length; n++) {
                int k = matched[n];
                while (k >= 0 && (k == needles[n].length || needles[n][k] != (byte) b)) {
                    k = failure[n][k];
                }
                matched[n] = ++k;
                if (k == needles[n].length) {
                    endsAt.get(n).add(count);
                }
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }
    }

    @Test
    void injectWhenHundredMegabytePageStreamedThenCompletesAndInjectsOnce() throws IOException {
        FindingSink sink = new FindingSink(HEAD, BODY);
        InjectingOutputStream stream = new InjectingOutputStream(sink, HEAD, BODY);
        Random random = new Random(100);
        byte[] block = block();

        long written = write(stream, "<!DOCTYPE html><html><head>".getBytes(US_ASCII));
        long headAt = written;
        written += write(stream, "<meta name=big content='".getBytes(US_ASCII));
        written += writeRepeatedly(stream, "x".repeat(1 << 20).getBytes(US_ASCII), 1 << 20, random); // 1 MB attribute
        written += write(stream, "'>".getBytes(US_ASCII));
        written += writeRepeatedly(stream, block, HALF, random);
        Injections.assertHoldsAtMost(stream, BODY.length);
        written += write(stream, "</head><bo".getBytes(US_ASCII));
        written += write(stream, "dy class=big>".getBytes(US_ASCII));
        long bodyAt = written;
        written += writeRepeatedly(stream, block, HALF, random);
        written += write(stream, "<body></body></html>".getBytes(US_ASCII));
        stream.close();

        assertTrue(stream.headInjected());
        assertTrue(stream.bodyInjected());
        assertEquals(written + HEAD.length + BODY.length, sink.count);
        assertEquals(List.of(headAt + HEAD.length), sink.endsAt.get(0), "the head snippet, once, after <head>");
        assertEquals(List.of(bodyAt + HEAD.length + BODY.length), sink.endsAt.get(1), "the body snippet, once, after <body>");
        Injections.assertHoldsAtMost(stream, BODY.length);
    }

    private static long write(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        return bytes.length;
    }

    /** {@code total} bytes of {@code block} over and over, in writes of 1 byte to 16 KiB. */
    private static long writeRepeatedly(OutputStream out, byte[] block, long total, Random random) throws IOException {
        long left = total - total % block.length; // whole blocks: each leaves the scanner in the data state
        long done = 0;
        int at = 0;
        while (done < left) {
            int size = (int) Math.min(Math.min(1 + random.nextInt(16 * 1024), block.length - at), left - done);
            out.write(block, at, size);
            at = (at + size) % block.length;
            done += size;
        }
        return done;
    }
}
