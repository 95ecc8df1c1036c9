package dev.cookiewarden.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends lines to day files on one writer thread and makes them durable with group commit.
 * Thread-safe: any number of threads call {@link #append}; all file access happens on the writer
 * thread, in the order requests arrive.
 *
 * <p>Why a thread of its own: a {@link FileChannel} is closed for everyone when a thread using it
 * is interrupted, and request threads do get interrupted (async timeouts, executor shutdowns).
 * The writer thread is never interrupted; callers wait for it without reacting to interrupts
 * (their interrupt status is kept), since an append may not return before its line is forced.
 *
 * <p>A round: the writer takes every request waiting (at most {@value #MAX_ROUND}), writes each
 * line to its day file with one write call, forces the file once with
 * {@code FileChannel.force(false)}, then acknowledges the lines. Requests that arrive during a
 * round wait for the next one. A line for another day than the open file's first forces and
 * acknowledges the lines written so far, then switches files.
 *
 * <p>An error while forcing leaves the log failed: the kernel may already have dropped the pages
 * it could not write, so a later fsync that succeeds would prove nothing. The lines of that round
 * and every later append fail until the log is reopened. A failed write is undone by truncating
 * the file back; if even that fails the log is failed too, since the next line would be glued
 * to a partial one.
 */
final class GroupCommitWriter {
    /** The most requests handled in one round, one fsync; bounds the wait of the first of them. */
    static final int MAX_ROUND = 1024;

    /** How a channel is made durable; tests count or slow it down. */
    @FunctionalInterface
    interface Forcer {
        void force(FileChannel channel) throws IOException;
    }

    /** Checks and repairs a day file just opened for appending, before its first new line. */
    @FunctionalInterface
    interface OpenCheck {
        void check(FileChannel channel, Path file) throws IOException;
    }

    /** Work on the day files that must not overlap a write: runs on the writer thread. */
    @FunctionalInterface
    interface FileWork<T> {
        T run() throws IOException;
    }

    /** {@code fdatasync(2)}: the content and the size, not the modification time. */
    static final Forcer FSYNC = channel -> channel.force(false);

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    private final Path directory;
    private final Forcer forcer;
    private final OpenCheck openCheck;
    private final BlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong forces = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private boolean closed; // guarded by this: no request is queued after the stop request

    // Touched by the writer thread only.
    private FileChannel channel;
    private LocalDate channelDay;
    private final List<CompletableFuture<Object>> unforced = new ArrayList<>();
    private IOException failure;

    private sealed interface Request permits Line, Work, Stop {
        CompletableFuture<Object> done();
    }

    private record Line(LocalDate day, byte[] bytes, CompletableFuture<Object> done) implements Request {
    }

    /** {@code closes} is the day whose file must be closed first (it is about to be replaced), or null. */
    private record Work(LocalDate closes, FileWork<?> work, CompletableFuture<Object> done) implements Request {
    }

    private record Stop(CompletableFuture<Object> done) implements Request {
    }

    GroupCommitWriter(Path directory, Forcer forcer, OpenCheck openCheck) {
        this.directory = directory;
        this.forcer = forcer;
        this.openCheck = openCheck;
        this.thread = new Thread(this::run, "cookie-warden-consent-log");
        thread.setDaemon(true);
        thread.start();
    }

    /** Writes {@code line} (ending with {@code \n}) to the file of {@code day}; returns once it is forced. */
    void append(LocalDate day, byte[] line) throws IOException {
        await(submit(new Line(day, line, new CompletableFuture<>())));
    }

    /**
     * Runs {@code work} on the writer thread, between two rounds, so no line is being written; if
     * {@code closes} is not null and is the open file's day, that file's lines are forced and the
     * file closed first (the next append reopens it).
     */
    @SuppressWarnings("unchecked")
    <T> T exclusive(LocalDate closes, FileWork<T> work) throws IOException {
        return (T) await(submit(new Work(closes, work, new CompletableFuture<>())));
    }

    /** Forces the pending lines, closes the open file and stops the thread. Idempotent. */
    void close() throws IOException {
        CompletableFuture<Object> done = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(new Stop(done));
        }
        try {
            await(done);
        } finally {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How many times a file was forced; fewer than {@link #written()} when rounds group lines. */
    long forces() {
        return forces.get();
    }

    /** How many lines were written. */
    long written() {
        return written.get();
    }

    private CompletableFuture<Object> submit(Request request) {
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("The consent log in [" + directory + "] is closed");
            }
            queue.add(request);
        }
        return request.done();
    }

    private static Object await(CompletableFuture<Object> done) throws IOException {
        try {
            return done.join(); // not interruptible, on purpose: see the class description
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                // A fresh exception so that the caller's stack shows; the writer's is the cause.
                throw new IOException(io.getMessage(), io);
            }
            if (cause instanceof UncheckedIOException io) {
                throw new IOException(io.getCause().getMessage(), io.getCause());
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("The consent log writer failed", cause);
        }
    }

    private void run() {
        List<Request> round = new ArrayList<>();
        while (true) {
            round.clear();
            try {
                round.add(queue.take());
            } catch (InterruptedException e) {
                continue; // nobody interrupts this thread; if someone does, keep serving
            }
            queue.drainTo(round, MAX_ROUND - 1);
            try {
                for (Request request : round) {
                    if (request instanceof Line line) {
                        write(line);
                    } else if (request instanceof Work work) {
                        runWork(work);
                    } else if (request instanceof Stop stop) {
                        stop(stop);
                        return;
                    }
                }
                forceUnforced();
            } catch (Throwable t) {
                // Not expected (an Error, such as running out of memory). Fail rather than leave
                // callers waiting forever, and accept nothing more: what was written is unknown.
                failure = failure != null ? failure : new IOException("The consent log writer failed", t);
                LOG.error("Consent log writer failed; no more records are accepted until restart", t);
                unforced.forEach(done -> done.completeExceptionally(failed()));
                unforced.clear();
                round.forEach(request -> request.done().completeExceptionally(failed()));
                if (round.stream().anyMatch(Stop.class::isInstance)) {
                    return;
                }
            }
        }
    }

    private void write(Line line) {
        if (failure != null) {
            line.done().completeExceptionally(failed());
            return;
        }
        long start = -1;
        try {
            FileChannel target = channelFor(line.day());
            start = target.position();
            ByteBuffer buffer = ByteBuffer.wrap(line.bytes());
            while (buffer.hasRemaining()) {
                target.write(buffer);
            }
            written.incrementAndGet();
            unforced.add(line.done());
        } catch (IOException | RuntimeException e) {
            if (start >= 0) {
                undoPartialWrite(start, e);
            }
            line.done().completeExceptionally(e);
        }
    }

    private void runWork(Work work) {
        try {
            forceUnforced();
            if (work.closes() != null && work.closes().equals(channelDay)) {
                closeChannel();
            }
            work.done().complete(work.work().run());
        } catch (IOException | RuntimeException e) {
            work.done().completeExceptionally(e);
        } catch (Error e) {
            work.done().completeExceptionally(e);
            throw e;
        }
    }

    private void stop(Stop stop) {
        forceUnforced();
        try {
            closeChannel();
            stop.done().complete(null);
        } catch (IOException e) {
            stop.done().completeExceptionally(e);
        }
        // Nothing is queued after the stop request, but fail anything that is, rather than leave it waiting.
        for (Request request; (request = queue.poll()) != null; ) {
            request.done().completeExceptionally(new IllegalStateException("The consent log is closed"));
        }
    }

    private FileChannel channelFor(LocalDate day) throws IOException {
        if (channel != null && day.equals(channelDay)) {
            return channel;
        }
        forceUnforced();
        if (failure != null) {
            throw failed();
        }
        closeChannel();
        Path file = directory.resolve(DayFiles.name(day));
        boolean created = !Files.exists(file);
        FileChannel opened = FileChannel.open(file, EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), DayFiles.ownerOnly(directory));
        try {
            openCheck.check(opened, file);
            opened.position(opened.size());
            if (created) {
                // The file's name must be durable before any line in it is acknowledged.
                DayFiles.forceDirectory(directory);
            }
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        channel = opened;
        channelDay = day;
        return opened;
    }

    /** One fsync for every line written since the last, then their acknowledgements. */
    private void forceUnforced() {
        if (unforced.isEmpty()) {
            return;
        }
        IOException error = null;
        if (failure == null) {
            try {
                forcer.force(channel);
                forces.incrementAndGet();
            } catch (IOException | RuntimeException e) {
                error = e instanceof IOException io ? io : new IOException(e);
                failure = error;
                LOG.error("Consent log: cannot sync [{}]; no more records are accepted until restart",
                        directory.resolve(DayFiles.name(channelDay)), e);
            }
        }
        for (CompletableFuture<Object> done : unforced) {
            if (failure == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(failed());
            }
        }
        unforced.clear();
    }

    private void closeChannel() throws IOException {
        if (channel != null) {
            FileChannel closing = channel;
            channel = null;
            channelDay = null;
            closing.close();
        }
    }

    private void undoPartialWrite(long start, Exception cause) {
        try {
            channel.truncate(start);
            channel.position(start);
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
            failure = cause instanceof IOException io ? io : new IOException(cause);
            LOG.error("Consent log: cannot undo a failed write to [{}]; no more records are accepted until"
                    + " restart", directory.resolve(DayFiles.name(channelDay)), cause);
        }
    }

    private IOException failed() {
        return new IOException("The consent log in [" + directory + "] failed to write or sync a file and"
                + " accepts no more records; fix the cause (disk full, file system error) and restart", failure);
    }
}
