package dev.cookiewarden.banner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class UnlockedPrintWriterTest {
    /** Every way of printing a PrintWriter offers, each one a step. */
    private static final List<Consumer<PrintWriter>> EVERY_WAY = List.of(
            w -> w.write('a'),
            w -> w.write(0x2615),
            w -> w.write("<p>".toCharArray()),
            w -> w.write("xx<b>yy".toCharArray(), 2, 3),
            w -> w.write("caf\u00e9"),
            w -> w.write("..<i>..", 2, 3),
            w -> w.print(true),
            w -> w.print('\u00e9'),
            w -> w.print(42),
            w -> w.print(-7L),
            w -> w.print(1.5f),
            w -> w.print(2.25d),
            w -> w.print("t\u00e9".toCharArray()),
            w -> w.print("s"),
            w -> w.print((String) null),
            w -> w.print(List.of(1, 2)),
            w -> w.println(),
            w -> w.println("line"),
            w -> w.println(3),
            w -> w.printf(Locale.ROOT, "%s=%d;", "n", 5),
            w -> w.format(Locale.ROOT, "%.2f", 0.5),
            w -> w.append("seq"),
            w -> w.append("-sub-", 1, 4),
            w -> w.append('!'),
            w -> w.append(null));

    @Test
    void everyWayOfPrintingWritesWhatAPrintWriterWrites() {
        StringWriter expected = new StringWriter();
        StringWriter actual = new StringWriter();
        PrintWriter reference = new PrintWriter(expected, false);
        PrintWriter unlocked = new UnlockedPrintWriter(actual, null);
        for (Consumer<PrintWriter> step : EVERY_WAY) {
            step.accept(reference);
            step.accept(unlocked);
            assertEquals(expected.toString(), actual.toString());
        }
        assertFalse(unlocked.checkError());
    }

    @Test
    void anIoExceptionBelowSetsTheErrorFlagInsteadOfBeingThrown() {
        for (Consumer<PrintWriter> step : EVERY_WAY) {
            PrintWriter unlocked = new UnlockedPrintWriter(failing(new IOException("connection reset")), null);
            step.accept(unlocked); // must not throw
            assertTrue(unlocked.checkError(), "after a failed write");
        }
    }

    @Test
    void anInterruptedWriteBelowInterruptsTheThreadAsPrintWriterDoes() {
        PrintWriter unlocked = new UnlockedPrintWriter(failing(new InterruptedIOException("timed out")), null);
        unlocked.write("x");
        assertTrue(Thread.interrupted(), "interrupted, and the flag cleared for the next test");
        unlocked.write("xyz".toCharArray(), 0, 2);
        assertTrue(Thread.interrupted());
        unlocked.write('x');
        assertTrue(Thread.interrupted());
        assertFalse(unlocked.checkError(), "as PrintWriter: an interruption is not an error");
    }

    @Test
    void aWriteAfterCloseWritesNothingAndSetsTheErrorFlag() {
        StringWriter below = new StringWriter();
        PrintWriter unlocked = new UnlockedPrintWriter(below, null);
        unlocked.print("before");
        unlocked.close();
        for (Consumer<PrintWriter> step : EVERY_WAY) {
            step.accept(unlocked);
        }
        assertEquals("before", below.toString());
        assertTrue(unlocked.checkError());
    }

    /**
     * A PrintWriter locks its writer's monitor for every write; this one does not, so a write
     * goes through while another thread holds that monitor (a PrintWriter's would wait).
     */
    @Test
    void aWriteTakesNoLock() throws Exception {
        StringWriter below = new StringWriter();
        PrintWriter unlocked = new UnlockedPrintWriter(below, null);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            synchronized (below) { // PrintWriter(Writer)'s lock is the writer it wraps
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        holder.start();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            assertTrue(held.await(10, TimeUnit.SECONDS));
            Future<?> write = writer.submit(() -> {
                unlocked.write("<p>");
                unlocked.write("ab".toCharArray(), 0, 2);
                unlocked.write('c');
            });
            write.get(10, TimeUnit.SECONDS); // a TimeoutException here: the write waited for the lock
            assertEquals("<p>abc", below.toString());
        } finally {
            release.countDown();
            holder.join(10_000);
            writer.shutdownNow();
        }
    }

    @Test
    void writesGoWhereTheyArePointedAndNowhereOnceClosed() {
        StringWriter first = new StringWriter();
        StringWriter second = new StringWriter();
        UnlockedPrintWriter unlocked = new UnlockedPrintWriter(first, null);
        unlocked.print("<head>");
        unlocked.writeTo(second);
        unlocked.print("<body>");
        unlocked.println();
        unlocked.writeTo(first);
        unlocked.write('!');
        assertEquals("<head>!", first.toString());
        assertEquals("<body>" + System.lineSeparator(), second.toString());
        unlocked.close();
        unlocked.writeTo(second); // closed stays closed
        unlocked.print("late");
        assertEquals("<body>" + System.lineSeparator(), second.toString());
        assertTrue(unlocked.checkError());
    }

    @Test
    void anErrorTheContainersWriterKeptIsReported() {
        PrintWriter bottom = new PrintWriter(failing(new IOException("client gone")), false);
        UnlockedPrintWriter unlocked = new UnlockedPrintWriter(new StringWriter(), bottom);
        unlocked.print("fine so far");
        assertFalse(unlocked.checkError());
        bottom.print("x"); // what the container's writer does with a failed write: keeps it
        assertTrue(unlocked.checkError(), "the container's error is the application's too");
    }

    /**
     * Every way of printing, gathered into pieces of a few characters: once flushed, the same
     * characters in the same order as a PrintWriter's, in fewer writes below than the
     * application made, none of them longer than a piece unless the application's was.
     */
    @Test
    void everyWayOfPrintingGatheredIntoPiecesWritesWhatAPrintWriterWrites() {
        for (int piece : new int[] {1, 2, 5, 64}) {
            StringWriter expected = new StringWriter();
            PrintWriter reference = new PrintWriter(expected, false);
            Recording below = new Recording();
            UnlockedPrintWriter unlocked = new UnlockedPrintWriter(below, null);
            assertTrue(unlocked.holdIn(piece));
            assertFalse(unlocked.holdIn(piece), "gathering already");
            for (Consumer<PrintWriter> step : EVERY_WAY) {
                step.accept(reference);
                step.accept(unlocked);
            }
            unlocked.flush();
            assertEquals(expected.toString(), String.join("", below.writes), "piece " + piece);
            assertFalse(unlocked.checkError());
            if (piece == 64) {
                assertTrue(below.writes.size() <= expected.toString().length() / 32 + 1, below.writes.toString());
                assertTrue(below.writes.stream().allMatch(w -> w.length() <= 64), below.writes.toString());
            }
        }
    }

    @Test
    void smallWritesGoOnAPieceAtATimeAndWhenFlushedOrClosed() {
        Recording below = new Recording();
        UnlockedPrintWriter unlocked = new UnlockedPrintWriter(below, null);
        unlocked.write("ab");
        assertEquals(List.of("ab"), below.writes, "not gathering yet: at once");
        unlocked.holdIn(8);
        unlocked.write("cde");
        unlocked.write("fgh".toCharArray(), 0, 3);
        assertEquals(List.of("ab"), below.writes, "gathered");
        unlocked.write("ij"); // does not fit: what is gathered goes on, and this is gathered
        assertEquals(List.of("ab", "cdefgh"), below.writes);
        unlocked.write('k');
        unlocked.write("0123456789"); // a piece or more: after what is gathered, as it is
        assertEquals(List.of("ab", "cdefgh", "ijk", "0123456789"), below.writes);
        unlocked.print("l");
        unlocked.println();
        assertEquals(4, below.writes.size());
        unlocked.flush();
        assertEquals(List.of("ab", "cdefgh", "ijk", "0123456789", "l" + System.lineSeparator()), below.writes);
        assertEquals(1, below.flushes);
        for (int i = 0; i < 7; i++) {
            unlocked.write('m'); // the eighth character fills the piece, which goes on
        }
        unlocked.write('n');
        assertEquals("mmmmmmmn", below.writes.get(5));
        unlocked.print("o");
        unlocked.close();
        assertEquals("o", below.writes.get(6));
        assertTrue(below.closed);
        unlocked.print("late");
        assertEquals(7, below.writes.size());
    }

    @Test
    void whatIsGatheredGoesOnWhenReleasedAndNothingIsGatheredOnceStopped() throws IOException {
        Recording below = new Recording();
        UnlockedPrintWriter unlocked = new UnlockedPrintWriter(below, null);
        unlocked.holdIn(16);
        unlocked.print("<html>");
        unlocked.release();
        unlocked.release(); // nothing more
        assertEquals(List.of("<html>"), below.writes);
        assertEquals(0, below.flushes, "released, not flushed");
        unlocked.print("<head>");
        unlocked.stopHolding();
        unlocked.print("<body>");
        assertEquals(List.of("<html>", "<head>", "<body>"), below.writes);
        assertTrue(unlocked.holdIn(16), "may gather again");
        unlocked.print("x");
        assertEquals(3, below.writes.size());
    }

    @Test
    void aFailedWriteOfWhatIsGatheredSetsTheErrorFlag() throws IOException {
        UnlockedPrintWriter unlocked = new UnlockedPrintWriter(failing(new IOException("client gone")), null);
        unlocked.holdIn(4);
        unlocked.print("ab"); // gathered: nothing has failed yet
        assertTrue(unlocked.checkError(), "checkError() flushes, and the gathered write fails there");
        UnlockedPrintWriter whenFull = new UnlockedPrintWriter(failing(new IOException("client gone")), null);
        whenFull.holdIn(4);
        whenFull.print("abc");
        whenFull.print("de"); // does not fit: the gathered piece goes on, and fails
        assertTrue(whenFull.checkError());
        UnlockedPrintWriter released = new UnlockedPrintWriter(failing(new IOException("client gone")), null);
        released.holdIn(4);
        released.print("a");
        assertThrows(IOException.class, released::release, "the response that asked handles it");
    }

    /** Records each write it gets as a string, and flushes and closing. */
    private static final class Recording extends Writer {
        final List<String> writes = new ArrayList<>();
        int flushes;
        boolean closed;

        @Override
        public void write(char[] cbuf, int off, int len) {
            writes.add(new String(cbuf, off, len));
        }

        @Override
        public void write(int c) {
            writes.add(String.valueOf((char) c));
        }

        @Override
        public void write(String str, int off, int len) {
            writes.add(str.substring(off, off + len));
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A writer whose every write fails with {@code failure}. */
    private static Writer failing(IOException failure) {
        return new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) throws IOException {
                throw failure;
            }

            @Override
            public void write(int c) throws IOException {
                throw failure;
            }

            @Override
            public void write(String str, int off, int len) throws IOException {
                throw failure;
            }

            @Override
            public void flush() {
                // checkError() flushes: only writes fail here
            }

            @Override
            public void close() {
            }
        };
    }
}
