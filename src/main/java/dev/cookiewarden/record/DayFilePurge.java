package dev.cookiewarden.record;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One retention purge of a {@link JsonlConsentLog}: whole day files before the cutoff's day are
 * deleted, the cutoff's day file is rewritten without its older lines. Not thread-safe: the log
 * runs one at a time, with reads held off; appends go on.
 *
 * <p>Appends go on because the slow part, reading a file and writing the lines kept, runs on the
 * caller's thread up to the size the file had when the purge began. Only the last step runs on
 * the writer thread, between two writes: the lines appended meanwhile are filtered too, the
 * temporary file forced and renamed over the day file, the directory synced.
 */
final class DayFilePurge {
    private final Path directory;
    private final GroupCommitWriter writer;
    private final CorruptionReport report;
    private final Runnable betweenPasses;

    /** {@code betweenPasses} runs after a rewrite's first pass: tests append there. */
    DayFilePurge(Path directory, GroupCommitWriter writer, CorruptionReport report, Runnable betweenPasses) {
        this.directory = directory;
        this.writer = writer;
        this.report = report;
        this.betweenPasses = betweenPasses;
    }

    /**
     * Removes the lines before {@code cutoff} from the day files of {@code sizes} (day to size,
     * taken between two writes); returns how many, capped at {@link Integer#MAX_VALUE}.
     */
    int purge(Instant cutoff, TreeMap<LocalDate, Long> sizes) throws IOException {
        LocalDate cutoffDay = DayFiles.dayOf(cutoff);
        long removed = 0;
        Map<LocalDate, Long> before = sizes.headMap(cutoffDay, false);
        for (Map.Entry<LocalDate, Long> day : before.entrySet()) {
            removed += delete(day.getKey(), day.getValue());
        }
        if (!before.isEmpty()) {
            DayFiles.forceDirectory(directory);
        }
        Long size = sizes.get(cutoffDay);
        if (size != null && cutoff.isAfter(cutoffDay.atStartOfDay(ZoneOffset.UTC).toInstant())) {
            removed += rewrite(cutoffDay, size, cutoff);
        }
        return (int) Math.min(Integer.MAX_VALUE, removed);
    }

    private long delete(LocalDate day, long size) throws IOException {
        Path file = directory.resolve(DayFiles.name(day));
        long lines = countLines(file, 0, size);
        return lines + writer.exclusive(day, () -> {
            // A record timestamped that day may have been appended since the count (a clock far behind).
            long extra = countLines(file, size, sizeOrZero(file));
            Files.deleteIfExists(file);
            return extra;
        });
    }

    private long rewrite(LocalDate day, long size, Instant cutoff) throws IOException {
        Path file = directory.resolve(DayFiles.name(day));
        Path temp = Files.createTempFile(directory, DayFiles.TEMP_PREFIX + day + "-", DayFiles.TEMP_SUFFIX,
                DayFiles.ownerOnly(directory));
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
             OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024)) {
            Filter filter = new Filter(file.getFileName().toString(), cutoff, out);
            JsonlConsentLog.scan(file, 0, size, filter);
            betweenPasses.run();
            return writer.exclusive(day, () -> {
                long now = sizeOrZero(file);
                if (now > size) {
                    JsonlConsentLog.scan(file, size, now, filter);
                }
                if (filter.removed == 0) {
                    return 0L;
                }
                out.flush();
                channel.force(true);
                if (filter.kept == 0) {
                    Files.deleteIfExists(file);
                } else {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                DayFiles.forceDirectory(directory);
                return filter.removed;
            });
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static long sizeOrZero(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** Lines between bytes {@code from} and {@code to}, a last one without a line break included. */
    private static long countLines(Path file, long from, long to) throws IOException {
        long[] lines = {0};
        if (to > from) {
            JsonlConsentLog.scan(file, from, to, (line, bytes) -> lines[0]++);
        }
        return lines[0];
    }

    /** Copies the lines to keep; counts both. */
    private final class Filter implements JsonlConsentLog.LineHandler {
        private final String name;
        private final Instant cutoff;
        private final OutputStream out;
        long kept;
        long removed;

        Filter(String name, Instant cutoff, OutputStream out) {
            this.name = name;
            this.cutoff = cutoff;
            this.out = out;
        }

        @Override
        public void line(LineScanner line, byte[] bytes) throws IOException {
            if (line.oversized()) {
                report.oversized(name, line.offset(), line.length(), line.checksum(), JsonlConsentLog.MAX_LINE_BYTES);
                removed++;
                return;
            }
            int length = line.storedLength();
            Optional<Instant> timestamp;
            try {
                timestamp = Optional.of(RecordJson.parse(bytes, length).timestamp());
            } catch (RecordJson.InvalidLineException e) {
                report.invalid(name, line.offset(), line.length(), line.checksum(), line.terminated(), e.getMessage());
                // Perhaps a record of a newer format: dated if it can be, kept otherwise.
                timestamp = RecordJson.timestampOf(bytes, length);
            }
            if (timestamp.isPresent() && timestamp.get().isBefore(cutoff)) {
                removed++;
            } else {
                out.write(bytes, 0, length);
                out.write('\n');
                kept++;
            }
        }
    }
}
