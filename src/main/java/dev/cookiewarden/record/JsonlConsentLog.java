package dev.cookiewarden.record;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default consent record store ({@code jsonl}): append-only JSON Lines files in the data
 * directory, one per UTC day. Thread-safe; one instance per directory and process.
 *
 * <h2>Files</h2>
 * Records go to {@code <data-dir>/consent-log/consent-YYYY-MM-DD.jsonl}, the UTC day of the
 * record's timestamp, one compact JSON object per line:
 * <pre>
 * {"consentId":"q0C4cYbGqC7V2i1mV1o0Lw","timestamp":"2025-03-01T10:15:30.123Z","action":"custom","grants":{"necessary":true,"analytics":false},"policyRevision":3,"configHash":"sha256-9f86d081884c7d65","language":"fr"}
 * </pre>
 * Fields: {@code consentId}, {@code timestamp} (ISO-8601 UTC, always milliseconds),
 * {@code action} ({@code accept-all}, {@code reject-all}, {@code custom}, {@code withdraw},
 * {@code gpc-refusal}), {@code grants} (every configured category, in order), {@code policyRevision},
 * {@code configHash}, {@code language} and {@code ipHash} (left out when there is none). The files
 * are meant to be read with standard tools: {@code grep q0C4cYbGqC7V2i1mV1o0Lw consent-*.jsonl},
 * {@code jq -c 'select(.action == "withdraw")' consent-2025-03-01.jsonl}. The directory and files
 * are readable by their owner only. A file {@value #LOCK_FILE_NAME} holds an OS lock so that a
 * second process (or a second log in this one) cannot open the same directory.
 *
 * <h2>Durability and the group-commit window</h2>
 * {@link #append} returns only after its line has been written and forced to disk with
 * {@code FileChannel.force(false)} (and, for the first line of a new day file, after the directory
 * has been synced too): an acknowledged record survives the process being killed and the machine
 * losing power. An append never returns before its own line is forced.
 *
 * <p>Lines are written by one writer thread, in rounds. A round takes every append waiting at that
 * moment (at most 1,024), writes their lines in arrival order and
 * then calls {@code force} once for all of them; appends that arrive while a round writes or
 * forces make up the next round. The window is therefore not a timer and adds no delay: an idle
 * log forces each line at once, and under load one fsync serves every append that arrived during
 * the previous one. An append waits at most for the round in progress when it arrived, then its
 * own round: about two fsyncs, plus one when its round moves to another day's file, plus further
 * rounds only if more than 1,024 appends are waiting ahead of it.
 * Interrupting a caller does not cut its wait short (its interrupt status is kept) and cannot harm
 * the files, which only the writer thread touches.
 *
 * <h2>Damaged lines</h2>
 * A line that cannot be read (cut short by a crash, longer than {@value #MAX_LINE_BYTES} bytes, not
 * valid JSON, not a valid record) is skipped, logged once as a warning, counted in
 * {@link #corruptLines()} and described in {@link #problems()}; it never fails a read. When a
 * file is opened for appending and its last line lacks its line break, one is added first, so
 * that a new record never continues a torn one.
 *
 * <h2>Retention</h2>
 * {@link #purgeBefore} deletes the day files wholly before the cutoff's day and rewrites the
 * cutoff's day file (a temporary file, forced, then renamed over it) without the lines before
 * the cutoff. It returns the number of lines removed, unreadable ones included. Lines that are
 * not valid records are kept by a rewrite unless their {@code timestamp} can still be read and is
 * before the cutoff; lines over the size limit are dropped. Reads wait for a running purge and
 * a purge for running reads; appends go on meanwhile.
 */
public final class JsonlConsentLog implements ConsentLog {
    /** The directory inside the data directory that holds the day files. */
    public static final String DIRECTORY_NAME = "consent-log";

    /** The longest line read, in bytes without its line break; records take well under 8 KiB. */
    public static final int MAX_LINE_BYTES = 64 * 1024;

    /** The lock file inside {@value #DIRECTORY_NAME}. */
    public static final String LOCK_FILE_NAME = ".lock";

    private static final Logger LOG = LoggerFactory.getLogger(JsonlConsentLog.class);
    private static final Pattern CONSENT_ID = Pattern.compile("[A-Za-z0-9_-]{" + ConsentRecord.CONSENT_ID_LENGTH + "}");
    /** Records are timestamped in years 1970 to 9999; ranges are clamped to this. */
    private static final Instant FIRST = Instant.EPOCH;
    private static final Instant END = LocalDate.of(10000, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final long CLOSE_WAIT_SECONDS = 10;

    private final Path directory;
    private final FileChannel lockChannel;
    private final FileLock fileLock;
    private final CorruptionReport report;
    private final TailRepair tailRepair;
    private final GroupCommitWriter writer;
    /** Reads share it; a purge, which deletes and replaces files, takes it alone. */
    private final ReentrantReadWriteLock files = new ReentrantReadWriteLock();
    private volatile boolean closed;
    /** Runs in a purge between reading the cutoff day's file and replacing it; tests append there. */
    volatile Runnable purgeBetweenPasses = () -> { };

    private JsonlConsentLog(Path directory, FileChannel lockChannel, FileLock fileLock,
                            GroupCommitWriter.Forcer forcer) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.fileLock = fileLock;
        this.report = new CorruptionReport(LOG);
        this.tailRepair = new TailRepair(report, MAX_LINE_BYTES);
        this.writer = new GroupCommitWriter(directory, forcer, tailRepair::check);
    }

    /**
     * Opens the log in {@code dataDirectory}/{@value #DIRECTORY_NAME}, creating it (owner-only)
     * as needed, deleting what an interrupted purge left, and giving the newest day file its last
     * line break if a crash cut it (reported in {@link #problems()}).
     *
     * @throws IOException if the directory cannot be created or locked, with a message naming it;
     *                     in particular when another process or another log in this JVM has it open
     */
    public static JsonlConsentLog open(Path dataDirectory) throws IOException {
        return open(dataDirectory, GroupCommitWriter.FSYNC);
    }

    /** For tests: a log whose fsyncs go through {@code forcer}. */
    static JsonlConsentLog open(Path dataDirectory, GroupCommitWriter.Forcer forcer) throws IOException {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Path directory = dataDirectory.resolve(DIRECTORY_NAME).toAbsolutePath();
        DayFiles.createDirectory(directory);
        FileChannel lockChannel = FileChannel.open(directory.resolve(LOCK_FILE_NAME),
                EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), DayFiles.ownerOnly(directory));
        JsonlConsentLog log = null;
        try {
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                throw new IOException("Consent log directory [" + directory + "] is already open in this JVM:"
                        + " share one JsonlConsentLog, or give each application its own data directory");
            }
            if (lock == null) {
                throw new IOException("Consent log directory [" + directory + "] is in use by another process:"
                        + " give each process its own data directory");
            }
            DayFiles.deleteTemporaryFiles(directory);
            log = new JsonlConsentLog(directory, lockChannel, lock, forcer);
            log.repairNewestFile();
            return log;
        } catch (IOException | RuntimeException e) {
            if (log != null) {
                log.close();
            } else {
                lockChannel.close(); // releases the lock too
            }
            throw e;
        }
    }

    private void repairNewestFile() throws IOException {
        Map.Entry<LocalDate, Path> newest = DayFiles.list(directory).lastEntry();
        if (newest != null) {
            // The writer repairs any file it opens for appending; the newest is repaired at once, so
            // that a crash is reported at startup and the file is whole for tools reading it.
            writer.exclusive(null, () -> {
                try (FileChannel channel = FileChannel.open(newest.getValue(), StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
                    tailRepair.check(channel, newest.getValue());
                }
                return null;
            });
        }
    }

    /**
     * Appends {@code record} to the file of its UTC day and returns once the line is forced to
     * disk; see the class description for the group-commit window.
     *
     * @throws IOException if the line could not be written or forced; after a failed force, every
     *                     later append fails too until the log is reopened
     * @throws IllegalStateException if the log is closed
     */
    @Override
    public void append(ConsentRecord record) throws IOException {
        Objects.requireNonNull(record, "record");
        checkOpen();
        byte[] line = RecordJson.line(record);
        if (line.length > MAX_LINE_BYTES) {
            // Not possible within the limits of ConsentRecord; a line that could not be read back is no proof.
            throw new IllegalStateException("A consent record takes " + line.length + " bytes, more than "
                    + MAX_LINE_BYTES);
        }
        writer.append(DayFiles.dayOf(record.timestamp()), line);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads every day file; lines that do not contain the id are not parsed.
     *
     * @throws IllegalArgumentException if {@code consentId} is not a consent id
     */
    @Override
    public List<ConsentRecord> history(String consentId) throws IOException {
        Objects.requireNonNull(consentId, "consentId");
        if (!CONSENT_ID.matcher(consentId).matches()) {
            throw new IllegalArgumentException("consentId must be " + ConsentRecord.CONSENT_ID_LENGTH
                    + " characters of A-Z a-z 0-9 _ -, got " + consentId.length() + " characters");
        }
        checkOpen();
        byte[] needle = consentId.getBytes(StandardCharsets.US_ASCII);
        List<ConsentRecord> found = new ArrayList<>();
        read(snapshot -> snapshot, needle, record -> {
            if (record.consentId().equals(consentId)) {
                found.add(record);
            }
        });
        found.sort(Comparator.comparing(ConsentRecord::timestamp)); // stable: ties stay in file order
        return found;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Only the day files of the range are read. {@code sink} is called while a purge is held
     * off: keep it quick.
     */
    @Override
    public void export(Instant fromInclusive, Instant toExclusive, Consumer<ConsentRecord> sink) throws IOException {
        Objects.requireNonNull(fromInclusive, "fromInclusive");
        Objects.requireNonNull(toExclusive, "toExclusive");
        Objects.requireNonNull(sink, "sink");
        if (toExclusive.isBefore(fromInclusive)) {
            throw new IllegalArgumentException("toExclusive [" + toExclusive + "] is before fromInclusive ["
                    + fromInclusive + "]");
        }
        checkOpen();
        Instant from = fromInclusive.isBefore(FIRST) ? FIRST : fromInclusive;
        Instant to = toExclusive.isAfter(END) ? END : toExclusive;
        if (!from.isBefore(to)) {
            return;
        }
        LocalDate firstDay = DayFiles.dayOf(from);
        LocalDate lastDay = DayFiles.dayOf(to.minusNanos(1));
        read(snapshot -> snapshot.subMap(firstDay, true, lastDay, true), null, record -> {
            if (!record.timestamp().isBefore(from) && record.timestamp().isBefore(to)) {
                sink.accept(record);
            }
        });
    }

    /** Which of the day files (day to size) a read covers. */
    private interface Selection {
        NavigableMap<LocalDate, Long> of(TreeMap<LocalDate, Long> snapshot);
    }

    private void read(Selection selection, byte[] needle, Consumer<ConsentRecord> sink) throws IOException {
        files.readLock().lock();
        try {
            checkOpen();
            for (Map.Entry<LocalDate, Long> file : selection.of(writer.exclusive(null, this::sizes)).entrySet()) {
                Path path = directory.resolve(DayFiles.name(file.getKey()));
                String name = path.getFileName().toString();
                scan(path, 0, file.getValue(), (line, bytes) -> {
                    if (line.oversized()) {
                        report.oversized(name, line.offset(), line.length(), line.checksum(), MAX_LINE_BYTES);
                    } else if (needle == null || contains(bytes, line.storedLength(), needle)) {
                        try {
                            sink.accept(RecordJson.parse(bytes, line.storedLength()));
                        } catch (RecordJson.InvalidLineException e) {
                            report.invalid(name, line.offset(), line.length(), line.checksum(), line.terminated(),
                                    e.getMessage());
                        }
                    }
                });
            }
        } finally {
            files.readLock().unlock();
        }
    }

    /**
     * The size of every day file, taken on the writer thread between two writes, so that each
     * ends on a line break unless a crash cut a line: a reader stopping there never mistakes a
     * line being written for a torn one.
     */
    private TreeMap<LocalDate, Long> sizes() throws IOException {
        TreeMap<LocalDate, Long> sizes = new TreeMap<>();
        for (Map.Entry<LocalDate, Path> file : DayFiles.list(directory).entrySet()) {
            try {
                sizes.put(file.getKey(), Files.size(file.getValue()));
            } catch (NoSuchFileException e) {
                // deleted by hand meanwhile: nothing to read
            }
        }
        return sizes;
    }

    /** What a scan does with each line. */
    interface LineHandler {
        /** {@code line}'s bytes are in {@code bytes} unless it is {@link LineScanner#oversized()}. */
        void line(LineScanner line, byte[] bytes) throws IOException;
    }

    /** Reads the lines between bytes {@code from} (which starts a line) and {@code to} of {@code file}. */
    static void scan(Path file, long from, long to, LineHandler handler) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(from);
            LineScanner line = new LineScanner(in, from, to - from, MAX_LINE_BYTES);
            while (line.next()) {
                handler.line(line, line.bytes());
            }
        } catch (NoSuchFileException | EOFException e) {
            // Deleted or shortened by hand meanwhile (a purge waits for reads): nothing more to read.
        }
    }

    private static boolean contains(byte[] haystack, int length, byte[] needle) {
        outer:
        for (int i = 0; i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Deletes the day files before the cutoff's UTC day, then rewrites that day's file without
     * its lines before the cutoff (atomically: a forced temporary file renamed over it). Returns
     * the number of lines removed, unreadable ones included.
     */
    @Override
    public int purgeBefore(Instant cutoff) throws IOException {
        Objects.requireNonNull(cutoff, "cutoff");
        checkOpen();
        if (!cutoff.isAfter(FIRST)) {
            return 0;
        }
        Instant bound = cutoff.isAfter(END) ? END : cutoff;
        files.writeLock().lock();
        try {
            checkOpen();
            TreeMap<LocalDate, Long> sizes = writer.exclusive(null, this::sizes);
            return new DayFilePurge(directory, writer, report, purgeBetweenPasses).purge(bound, sizes);
        } finally {
            files.writeLock().unlock();
        }
    }

    /**
     * Forces and closes the open file, stops the writer thread and releases the directory lock.
     * Waits up to 10 seconds for running reads and purges to finish. Idempotent.
     */
    @Override
    public void close() {
        boolean locked = false;
        try {
            locked = files.writeLock().tryLock(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                writer.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Consent log: closing [{}] failed", directory, e);
            }
            try {
                fileLock.release();
            } catch (IOException e) {
                LOG.debug("Consent log: cannot release the lock of [{}]", directory, e);
            }
            try {
                lockChannel.close();
            } catch (IOException e) {
                LOG.debug("Consent log: cannot close the lock file of [{}]", directory, e);
            }
        } finally {
            if (locked) {
                files.writeLock().unlock();
            }
        }
    }

    /** {@code jsonl}. */
    @Override
    public String kind() {
        return "jsonl";
    }

    /** The directory holding the day files. */
    public Path directory() {
        return directory;
    }

    /**
     * How many distinct unreadable lines reads, purges and opening have met so far in this
     * process; each is counted once however often it is read. 0 for a healthy log.
     */
    public long corruptLines() {
        return report.count();
    }

    /**
     * Descriptions of the latest unreadable lines met (at most 100),
     * oldest first, each naming the file and byte offset, never the content.
     */
    public List<String> problems() {
        return report.problems();
    }

    /** How many fsyncs of day files were done: fewer than appends when group commit batches them. */
    long forces() {
        return writer.forces();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The consent log in [" + directory + "] is closed");
        }
    }

    @Override
    public String toString() {
        return "JsonlConsentLog[directory=" + directory + ", corruptLines=" + report.count()
                + (closed ? ", closed" : "") + "]";
    }
}
