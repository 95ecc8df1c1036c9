package dev.cookiewarden.record;

import dev.cookiewarden.record.ConsentTable.Keyed;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves records from the spill into the database, on one thread of its own, so that no request
 * thread ever waits for the database. Thread-safe: {@link #append} from any thread.
 *
 * <h2>Two paths, one truth</h2>
 * The spill files are the truth; the bounded queue is a shortcut that saves reading them back.
 * {@link #append} makes the record durable in the spill, then offers it to the queue. The thread
 * takes up to {@value #BATCH} queued records at a time and inserts them in one transaction. Then,
 * whenever the queue is empty (and at least every second under load) it <em>reconciles</em>:
 * it reads the spill from the checkpoint on and, line by line,
 * <ul>
 *   <li>passes a line whose record the queue path has committed;</li>
 *   <li>stops at a line whose record is still queued (it will be committed soon);</li>
 *   <li>inserts any other line itself: a record the queue had no room for, one from before a
 *       restart, or one a failed batch left behind. These are counted in {@link #replayed()}.</li>
 * </ul>
 * and moves the checkpoint past the lines known to be committed. {@link #pending()} is the number
 * of records beyond the checkpoint: acknowledged but not yet known to be in the database.
 *
 * <h2>Why nothing is lost or duplicated</h2>
 * A record is in the spill before its caller is answered, and the checkpoint only moves past a line
 * after the transaction holding its record committed. Every row carries the record's random
 * {@code record_uid}, written in the spill beside it, and inserts do nothing on a conflict: a record
 * sent twice (a crash after the commit but before the checkpoint was saved, a commit whose answer
 * was lost, a record both queued and read back) is stored once.
 *
 * <h2>When the database is down</h2>
 * Appends go on at the speed of the spill. A failed attempt is counted in {@link #failures()} and
 * retried with exponential backoff; the first failure and the recovery are logged as warnings,
 * naming the SQLState but never a record. While the queue is full, records go to the spill only,
 * and are read back from it once the database answers.
 */
final class DatabaseWriter {
    /** The most records inserted in one transaction. */
    static final int BATCH = 500;
    private static final long RECONCILE_EVERY = TimeUnit.SECONDS.toNanos(1);
    private static final long POLL_MILLIS = 50;
    private static final long REPEAT_DOWN_WARNING = TimeUnit.MINUTES.toNanos(5);
    private static final long REPEAT_OVERFLOW_WARNING = TimeUnit.MINUTES.toNanos(1);

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseWriter.class);

    /** How the writer reaches the database; {@link #ensureSchema} is called before every attempt. */
    interface Database {
        void ensureSchema() throws SQLException;

        ConsentTable table();
    }

    private final SpillLog spill;
    private final Database database;
    private final Duration minBackoff;
    private final Duration maxBackoff;
    private final BlockingQueue<Keyed> queue;
    /** Keys appended and not yet committed through the queue: added before the spill write, see reconcile. */
    private final Set<UUID> queued = ConcurrentHashMap.newKeySet();
    /** Keys committed through the queue whose lines the checkpoint has not passed yet. Writer thread only. */
    private final Set<UUID> committed = new HashSet<>();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong overflows = new AtomicLong();
    /** When the queue-full warning was last logged; at most one a minute. */
    private final AtomicLong lastOverflowWarning;
    private final int queueSize;
    private final Thread thread;
    private volatile Instant purgedBefore = Instant.EPOCH;
    private volatile boolean stopping;
    private volatile long stopDeadline;

    // Writer thread only.
    private long lastReconcile;
    private long downSince = -1;
    private long lastDownWarning;
    private Duration backoff;

    DatabaseWriter(SpillLog spill, Database database, int queueSize, Duration minBackoff, Duration maxBackoff) {
        this.spill = spill;
        this.database = database;
        this.minBackoff = minBackoff;
        this.maxBackoff = maxBackoff;
        this.backoff = minBackoff;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.queueSize = queueSize;
        this.lastOverflowWarning = new AtomicLong(System.nanoTime() - REPEAT_OVERFLOW_WARNING);
        this.thread = new Thread(this::run, "cookie-warden-consent-db");
        thread.setDaemon(true);
    }

    /** Starts the thread; {@code unreplayed} records wait in the spill beyond the checkpoint. */
    void start(long unreplayed) {
        pending.addAndGet(unreplayed);
        thread.start();
    }

    /**
     * Makes {@code record} durable in the spill and hands it to the writer thread; never waits for the
     * database, nor for room in the queue.
     */
    void append(ConsentRecord record) throws IOException {
        UUID uid = UUID.randomUUID();
        queued.add(uid); // before the line exists, so that reconcile never takes it for a stray one
        try {
            spill.append(uid, record);
        } catch (IOException | RuntimeException e) {
            queued.remove(uid);
            throw e;
        }
        pending.incrementAndGet();
        if (!queue.offer(new Keyed(uid, record))) {
            queued.remove(uid); // reconcile inserts it from the spill
            overflows.incrementAndGet();
            long now = System.nanoTime();
            long last = lastOverflowWarning.get();
            if (now - last >= REPEAT_OVERFLOW_WARNING && lastOverflowWarning.compareAndSet(last, now)) {
                LOG.warn("Consent log [jdbc]: the queue of {} records to write is full; records are kept in [{}] and"
                        + " written from there ({} so far)", queueSize, spill.directory(), overflows.get());
            }
        }
    }

    /** From now on, records before {@code cutoff} found in the spill are not written: a purge removed their like. */
    void purgedBefore(Instant cutoff) {
        synchronized (this) {
            if (cutoff.isAfter(purgedBefore)) {
                purgedBefore = cutoff;
            }
        }
    }

    long pending() {
        return Math.max(0, pending.get());
    }

    long replayed() {
        return replayed.get();
    }

    long failures() {
        return failures.get();
    }

    long overflows() {
        return overflows.get();
    }

    /**
     * Writes what it can within {@code grace} (the queue, then the spill) and stops the thread; gives
     * up at the first failure. Whatever is not written stays in the spill for the next start. Call
     * once no append can run any more.
     */
    void stop(Duration grace) {
        stopDeadline = System.nanoTime() + grace.toNanos();
        stopping = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        long waitUntil = stopDeadline + TimeUnit.SECONDS.toNanos(30); // a statement in flight may take a while
        while (thread.isAlive() && System.nanoTime() < waitUntil) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitUntil - System.nanoTime())));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (thread.isAlive()) {
            LOG.warn("Consent log [jdbc]: the database writer did not stop in time; its records stay in [{}]",
                    spill.directory());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        List<Keyed> batch = new ArrayList<>(BATCH);
        while (true) {
            boolean stop = stopping;
            try {
                if (batch.isEmpty()) {
                    if (!stop) {
                        Keyed first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                        if (first != null) {
                            batch.add(first);
                        }
                    }
                    queue.drainTo(batch, BATCH - batch.size());
                }
                if (!batch.isEmpty() || pending.get() > 0) {
                    database.ensureSchema();
                }
                if (!batch.isEmpty()) {
                    database.table().insert(batch);
                    for (Keyed keyed : batch) {
                        committed.add(keyed.uid());
                        queued.remove(keyed.uid());
                    }
                    batch.clear();
                }
                boolean empty = queue.isEmpty();
                long now = System.nanoTime();
                if (stop || (pending.get() > 0 && (empty || now - lastReconcile >= RECONCILE_EVERY))) {
                    reconcile();
                    lastReconcile = now;
                } else if (now - lastReconcile >= RECONCILE_EVERY) {
                    spill.deleteReplayed(spill.sizes()); // after midnight, yesterday's file goes
                    lastReconcile = now;
                }
                recovered();
                if (stop && (queue.isEmpty() || overdue())) {
                    return;
                }
            } catch (SQLException e) {
                failed(describe(e), null);
                if (!pause(stop)) {
                    return;
                }
            } catch (InterruptedException e) {
                // Nobody interrupts this thread; if someone does, carry on: stop() is the way to end it.
            } catch (IOException | RuntimeException | Error e) {
                // Reading the spill failed, or a bug: the records are safe in the spill, so retry like an outage.
                failed(e.getClass().getSimpleName() + " while writing from the spill", e);
                if (!pause(stop)) {
                    return;
                }
            }
        }
    }

    /**
     * Reads the spill past the checkpoint: see the class description. Saves the checkpoint if it
     * moved, and deletes the files of past days that are wholly in the database.
     */
    private void reconcile() throws IOException, SQLException {
        Instant purged = purgedBefore;
        TreeMap<LocalDate, Long> sizes = spill.sizes();
        boolean moved = false;
        for (Map.Entry<LocalDate, Long> file : sizes.entrySet()) {
            LocalDate day = file.getKey();
            long size = file.getValue();
            long from = spill.replayedTo(day);
            if (from > size) {
                spill.resetReplayed(day, size);
                from = 0;
            }
            if (from == size) {
                continue;
            }
            List<Keyed> missing = new ArrayList<>();
            long passed = 0;
            long end = from;
            boolean blocked = false;
            SpillLog.Reader opened;
            try {
                opened = spill.reader(day, from, size);
            } catch (NoSuchFileException e) {
                continue; // deleted by hand
            }
            try (SpillLog.Reader reader = opened) {
                for (SpillLog.Line line; (line = reader.next()) != null; ) {
                    if (line.valid()) {
                        if (committed.remove(line.uid())) {
                            passed++;
                        } else if (queued.contains(line.uid())) {
                            blocked = true; // still on its way through the queue
                            break;
                        } else if (line.record().timestamp().isBefore(purged)) {
                            passed++; // past the retention already: a purge removed its contemporaries
                        } else {
                            missing.add(new Keyed(line.uid(), line.record()));
                        }
                    }
                    end = line.end();
                    if (missing.size() == BATCH) {
                        replayed.addAndGet(database.table().insert(missing));
                        passed += missing.size();
                        missing.clear();
                        moved |= advance(day, end, passed);
                        passed = 0;
                        if (overdue()) {
                            blocked = true; // closing: the rest waits in the spill for the next start
                            break;
                        }
                    }
                }
            }
            replayed.addAndGet(database.table().insert(missing));
            moved |= advance(day, end, passed + missing.size());
            if (blocked) {
                break; // later files hold later records; they wait for the queue too
            }
        }
        if (moved) {
            spill.saveCheckpoint();
        }
        spill.deleteReplayed(sizes);
    }

    /** Whether {@link #stop} was called and its grace has run out. */
    private boolean overdue() {
        return stopping && System.nanoTime() - stopDeadline >= 0;
    }

    private boolean advance(LocalDate day, long end, long records) {
        if (end <= spill.replayedTo(day)) {
            return false;
        }
        spill.markReplayed(day, end);
        pending.addAndGet(-records);
        return true;
    }

    /**
     * Counts a failed attempt; logs the first of a series, and one every 5 minutes while it lasts.
     * {@code unexpected} is an exception that is not the database's (a bug, a spill that cannot be
     * read): its stack is logged too, since the spill's messages hold no record.
     */
    private void failed(String description, Throwable unexpected) {
        failures.incrementAndGet();
        long now = System.nanoTime();
        if (downSince < 0) {
            downSince = now;
            lastDownWarning = now;
            LOG.warn("Consent log [jdbc]: cannot write to the database ({}); records are kept in [{}] and written"
                    + " when it answers again; retrying", description, spill.directory(), unexpected);
        } else if (now - lastDownWarning >= REPEAT_DOWN_WARNING) {
            lastDownWarning = now;
            LOG.warn("Consent log [jdbc]: writing to the database still fails after {} s ({}); {} record(s) kept in"
                    + " [{}]", TimeUnit.NANOSECONDS.toSeconds(now - downSince), description, pending(),
                    spill.directory(), unexpected);
        } else {
            LOG.debug("Consent log [jdbc]: writing to the database still fails ({})", description, unexpected);
        }
    }

    private void recovered() {
        backoff = minBackoff;
        if (downSince >= 0) {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - downSince);
            downSince = -1;
            LOG.warn("Consent log [jdbc]: the database answers again after {} s; {} record(s) still to write from"
                    + " [{}]", seconds, pending(), spill.directory());
        }
    }

    /**
     * Sleeps for the backoff, doubling it; false if the writer should stop instead: when stopping,
     * a failure ends the work at once, since the records are safe in the spill.
     */
    private boolean pause(boolean stop) {
        if (stop) {
            return false;
        }
        long until = System.nanoTime() + backoff.toNanos();
        for (long left; (left = until - System.nanoTime()) > 0 && !stopping; ) {
            LockSupport.parkNanos(this, left);
        }
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
        return true;
    }

    /**
     * The class of a failure, its SQLState and, for connection and setup problems whose messages
     * name no row, the message: never a record's content.
     */
    /** The SQLState of {@code e}, or of the first exception in its causes that has one; null if none has. */
    static String stateOf(SQLException e) {
        String state = e.getSQLState();
        for (Throwable cause = e.getCause(); state == null && cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                state = sql.getSQLState();
            }
        }
        return state;
    }

    static String describe(SQLException e) {
        SQLException shown = e;
        if (e instanceof BatchUpdateException batch) {
            // Its message quotes the statement with its parameters, records included; the next one's does not.
            shown = batch.getNextException() != null ? batch.getNextException()
                    : batch.getCause() instanceof SQLException cause ? cause : null;
            if (shown == null) {
                return "BatchUpdateException, SQLState " + e.getSQLState();
            }
        }
        String state = stateOf(shown);
        String text = shown.getClass().getSimpleName() + ", SQLState " + state;
        if (!(shown instanceof BatchUpdateException) && (state == null || state.startsWith("08")
                || state.startsWith("28") || state.startsWith("3D") || state.startsWith("53")
                || state.startsWith("57") || state.startsWith("42"))) {
            text += ": " + shown.getMessage();
        }
        return text;
    }

    @Override
    public String toString() {
        return "DatabaseWriter[pending=" + pending() + ", queued=" + queue.size() + ", replayed=" + replayed
                + ", failures=" + failures + ", overflows=" + overflows + (downSince >= 0 ? ", database down" : "")
                + "]";
    }
}
