package dev.cookiewarden.record;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local spill of a {@link JdbcConsentLog}: every record is made durable here before
 * {@code append} returns, and stays until the database holds it. One instance per directory and
 * process (an OS lock on {@value #LOCK_FILE_NAME} enforces it).
 *
 * <p>Files: {@code consent-YYYY-MM-DD.jsonl}, named for the UTC day the record <em>arrived</em>
 * (not its timestamp), so that only the current file grows. Each line is a {@link RecordJson}
 * line with the record's key put first:
 * <pre>
 * {"recordUid":"0b8e7c1e-4b3f-4f7e-9a53-5d8f0b3c2a11","consentId":"q0C4cYbGqC7V2i1mV1o0Lw",...}
 * </pre>
 * so the files read like the {@code jsonl} store's, with the same tools. Lines are written by a
 * {@link GroupCommitWriter}: durable on return, one fsync per round of concurrent appends.
 *
 * <p>{@value #CHECKPOINT_FILE} holds, per file, the offset up to which every line is in the database
 * ({@link #replayedTo}). It is only an optimisation: if it is lost or stale, lines are sent again
 * and the database's unique {@code record_uid} drops the copies. It is written atomically (a
 * temporary file renamed over it), and an entry is removed before its file is deleted, so an
 * offset never points into a different file of the same name.
 *
 * <p>Thread-safety: {@link #append} from any thread; everything else from one thread, the database
 * writer's (and {@link #open}/{@link #close} around it).
 */
final class SpillLog implements AutoCloseable {
    /** The directory inside the data directory. */
    static final String DIRECTORY_NAME = "consent-log-spill";
    static final String LOCK_FILE_NAME = ".lock";
    static final String CHECKPOINT_FILE = "replayed";

    private static final Logger LOG = LoggerFactory.getLogger(SpillLog.class);
    private static final byte[] PREFIX = "{\"recordUid\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final int UUID_LENGTH = 36;
    /** The prefix, the key, then {@code ",} before the record's first field. */
    private static final int HEADER = PREFIX.length + UUID_LENGTH + 2;
    private static final int MAX_LINE_BYTES = JsonlConsentLog.MAX_LINE_BYTES + HEADER;
    private static final String CHECKPOINT_TEMP = ".replayed.tmp";

    private final Path directory;
    private final Clock clock;
    private final FileChannel lockChannel;
    private final FileLock fileLock;
    private final CorruptionReport report = new CorruptionReport(LOG);
    private final GroupCommitWriter writer;
    /** File day to the offset below which every line is in the database; writer thread only. */
    private final TreeMap<LocalDate, Long> replayed;

    private SpillLog(Path directory, Clock clock, FileChannel lockChannel, FileLock fileLock,
                     TreeMap<LocalDate, Long> replayed) {
        this.directory = directory;
        this.clock = clock;
        this.lockChannel = lockChannel;
        this.fileLock = fileLock;
        this.replayed = replayed;
        TailRepair tailRepair = new TailRepair(report, MAX_LINE_BYTES);
        this.writer = new GroupCommitWriter(directory, GroupCommitWriter.FSYNC, tailRepair::check);
    }

    /**
     * Opens {@code dataDirectory}/{@value #DIRECTORY_NAME}, creating it owner-only as needed.
     *
     * @throws IOException if it cannot be created, read or locked (another process or another
     *                     log in this JVM has it open), with a message naming it
     */
    static SpillLog open(Path dataDirectory, Clock clock) throws IOException {
        Path directory = dataDirectory.resolve(DIRECTORY_NAME).toAbsolutePath();
        DayFiles.createDirectory(directory);
        FileChannel lockChannel = FileChannel.open(directory.resolve(LOCK_FILE_NAME),
                EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), DayFiles.ownerOnly(directory));
        try {
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IOException("Consent log spill directory [" + directory + "] is in use by another"
                        + " JdbcConsentLog: give each node and each application its own data directory");
            }
            TreeMap<LocalDate, Long> replayed = readCheckpoint(directory);
            replayed.keySet().retainAll(DayFiles.list(directory).keySet());
            return new SpillLog(directory, clock, lockChannel, lock, replayed);
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
    }

    /** Makes {@code uid} and {@code record} durable in today's file; returns once forced. */
    void append(UUID uid, ConsentRecord record) throws IOException {
        byte[] line = RecordJson.line(record);
        byte[] keyed = new byte[HEADER + line.length - 1];
        System.arraycopy(PREFIX, 0, keyed, 0, PREFIX.length);
        byte[] key = uid.toString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(key, 0, keyed, PREFIX.length, UUID_LENGTH);
        keyed[HEADER - 2] = '"';
        keyed[HEADER - 1] = ',';
        System.arraycopy(line, 1, keyed, HEADER, line.length - 1); // the record without its opening brace
        writer.append(DayFiles.dayOf(clock.instant()), keyed);
    }

    /** The size of every file, taken between two writes so each ends on a line break (unless a crash cut one). */
    TreeMap<LocalDate, Long> sizes() throws IOException {
        return writer.exclusive(null, () -> {
            TreeMap<LocalDate, Long> sizes = new TreeMap<>();
            for (Map.Entry<LocalDate, Path> file : DayFiles.list(directory).entrySet()) {
                try {
                    sizes.put(file.getKey(), Files.size(file.getValue()));
                } catch (NoSuchFileException e) {
                    // deleted meanwhile: nothing in it
                }
            }
            return sizes;
        });
    }

    /** The offset of {@code day}'s file below which every line is in the database. */
    long replayedTo(LocalDate day) {
        return replayed.getOrDefault(day, 0L);
    }

    /**
     * Forgets the offset of {@code day}'s file, which is now shorter than it: the file was replaced
     * behind our back. Its lines are read again from the start, which is harmless.
     */
    void resetReplayed(LocalDate day, long size) {
        LOG.warn("Consent log spill: [{}] is shorter ({} bytes) than the offset already replayed ({});"
                + " reading it again from the start", directory.resolve(DayFiles.name(day)), size, replayedTo(day));
        replayed.remove(day);
    }

    /** Records that every line of {@code day}'s file below {@code offset} is in the database (in memory). */
    void markReplayed(LocalDate day, long offset) {
        replayed.merge(day, offset, Math::max);
    }

    /** Writes the offsets of {@link #markReplayed} to {@value #CHECKPOINT_FILE}, atomically. */
    void saveCheckpoint() throws IOException {
        StringBuilder text = new StringBuilder();
        replayed.forEach((day, offset) -> text.append(day).append(' ').append(offset).append('\n'));
        Path temp = directory.resolve(CHECKPOINT_TEMP);
        try (FileChannel channel = FileChannel.open(temp, EnumSet.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), DayFiles.ownerOnly(directory))) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        }
        Files.move(temp, directory.resolve(CHECKPOINT_FILE), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        DayFiles.forceDirectory(directory);
    }

    /**
     * Deletes the files of days before today whose every line is in the database; a record that
     * arrives for such a day after all (a caller that took the date just before midnight) starts a
     * new file, read from its start. Returns how many files were deleted.
     */
    int deleteReplayed(TreeMap<LocalDate, Long> sizes) throws IOException {
        LocalDate today = DayFiles.dayOf(clock.instant());
        int deleted = 0;
        for (Map.Entry<LocalDate, Long> file : sizes.headMap(today, false).entrySet()) {
            LocalDate day = file.getKey();
            if (replayedTo(day) < file.getValue()) {
                continue;
            }
            boolean done = writer.exclusive(day, () -> {
                Path path = directory.resolve(DayFiles.name(day));
                if (Files.size(path) > replayedTo(day)) {
                    return false; // a late line arrived since the sizes were taken
                }
                replayed.remove(day);
                saveCheckpoint(); // before the deletion: see the class description
                Files.delete(path);
                DayFiles.forceDirectory(directory);
                return true;
            });
            if (done) {
                deleted++;
            }
        }
        return deleted;
    }

    /** One line read back: the key and record, or both null for a line that is not one; {@code end} follows it. */
    record Line(UUID uid, ConsentRecord record, long end) {
        boolean valid() {
            return record != null;
        }
    }

    /** Reads the lines of {@code day}'s file between {@code from} (which starts a line) and {@code to}. */
    Reader reader(LocalDate day, long from, long to) throws IOException {
        return new Reader(directory.resolve(DayFiles.name(day)), from, to);
    }

    /** Lines of one file, in order. Not thread-safe. */
    final class Reader implements AutoCloseable {
        private final String name;
        private final InputStream in;
        private final LineScanner scanner;

        private Reader(Path file, long from, long to) throws IOException {
            this.name = file.getFileName().toString();
            InputStream stream = Files.newInputStream(file);
            try {
                stream.skipNBytes(from);
            } catch (IOException | RuntimeException e) {
                stream.close();
                throw e;
            }
            this.in = stream;
            this.scanner = new LineScanner(stream, from, Math.max(0, to - from), MAX_LINE_BYTES);
        }

        /** The next line, or null at the end. Empty lines (left by a tail repair) are skipped silently. */
        Line next() throws IOException {
            while (scanner.next()) {
                long end = scanner.offset() + scanner.length() + (scanner.terminated() ? 1 : 0);
                if (scanner.length() == 0) {
                    continue;
                }
                if (scanner.oversized()) {
                    report.oversized(name, scanner.offset(), scanner.length(), scanner.checksum(), MAX_LINE_BYTES);
                    return new Line(null, null, end);
                }
                try {
                    return parse(scanner.bytes(), scanner.storedLength(), end);
                } catch (RecordJson.InvalidLineException e) {
                    report.invalid(name, scanner.offset(), scanner.length(), scanner.checksum(),
                            scanner.terminated(), e.getMessage());
                    return new Line(null, null, end);
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    static Line parse(byte[] bytes, int length, long end) throws RecordJson.InvalidLineException {
        if (length <= HEADER || !Arrays.equals(bytes, 0, PREFIX.length, PREFIX, 0, PREFIX.length)
                || bytes[HEADER - 2] != '"' || bytes[HEADER - 1] != ',') {
            throw new RecordJson.InvalidLineException("does not start with its recordUid");
        }
        UUID uid;
        try {
            String key = new String(bytes, PREFIX.length, UUID_LENGTH, StandardCharsets.US_ASCII);
            uid = UUID.fromString(key);
            if (!uid.toString().equals(key)) {
                throw new IllegalArgumentException("not canonical");
            }
        } catch (IllegalArgumentException e) {
            throw new RecordJson.InvalidLineException("recordUid is not a UUID");
        }
        return new Line(uid, RecordJson.parse(bytes, length), end);
    }

    /** How many valid records lie beyond the checkpoint: read once at startup. */
    long countUnreplayed() throws IOException {
        long count = 0;
        for (Map.Entry<LocalDate, Long> file : sizes().entrySet()) {
            try (Reader reader = reader(file.getKey(), replayedTo(file.getKey()), file.getValue())) {
                for (Line line; (line = reader.next()) != null; ) {
                    if (line.valid()) {
                        count++;
                    }
                }
            } catch (NoSuchFileException e) {
                // deleted by hand meanwhile
            }
        }
        return count;
    }

    /** How many distinct unreadable lines were met. */
    long corruptLines() {
        return report.count();
    }

    Path directory() {
        return directory;
    }

    /** Forces and closes the open file, stops the writer thread, saves the checkpoint, releases the lock. */
    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Consent log spill: closing [{}] failed", directory, e);
        }
        try {
            saveCheckpoint();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Consent log spill: cannot save [{}]; its records will be sent again, harmlessly",
                    directory.resolve(CHECKPOINT_FILE), e);
        }
        try {
            fileLock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.debug("Consent log spill: cannot release the lock of [{}]", directory, e);
        }
    }

    private static TreeMap<LocalDate, Long> readCheckpoint(Path directory) throws IOException {
        TreeMap<LocalDate, Long> replayed = new TreeMap<>();
        Path file = directory.resolve(CHECKPOINT_FILE);
        if (!Files.exists(file)) {
            return replayed;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            String[] parts = line.trim().split(" ");
            try {
                if (parts.length == 2) {
                    replayed.put(LocalDate.parse(parts[0]), Long.parseLong(parts[1]));
                    continue;
                }
            } catch (RuntimeException e) {
                // fall through
            }
            if (!line.isBlank()) {
                // Harmless: the lines it covered are sent again and the database drops the copies.
                LOG.warn("Consent log spill: ignoring an unreadable line of [{}]", file);
            }
        }
        return replayed;
    }

    @Override
    public String toString() {
        return "SpillLog[directory=" + directory + "]";
    }
}
