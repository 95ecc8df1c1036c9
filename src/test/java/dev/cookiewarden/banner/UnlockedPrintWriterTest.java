package dev.cookiewarden.banner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
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
