package dev.cookiewarden.record;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;

/**
 * The unreadable lines a {@link JsonlConsentLog} has met, each counted and logged once however
 * often it is read again. Thread-safe. Descriptions name the file and byte offset, never the
 * content, which may hold a consent id.
 *
 * <p>A line is recognised by its file, length and checksum rather than its offset, so that the
 * rewrite of a day file by a purge (which keeps unreadable lines it cannot date) does not count it
 * again.
 */
final class CorruptionReport {
    /** How many problem descriptions are kept; the count goes on beyond. */
    static final int MAX_PROBLEMS = 100;
    /** How many lines are remembered to count each once; beyond, a line read again counts again. */
    private static final int MAX_REMEMBERED = 100_000;

    private final Logger log;
    private final Set<String> seen = new HashSet<>();
    private final Deque<String> problems = new ArrayDeque<>();
    private long count;

    CorruptionReport(Logger log) {
        this.log = log;
    }

    /** A line longer than {@code maxLength}: not read at all. */
    void oversized(String file, long offset, long length, long checksum, int maxLength) {
        report(file, length, checksum, "line at byte " + offset + " of [" + file + "] is " + length
                + " bytes long, more than the " + maxLength + " a record may take");
    }

    /** A line that is not a valid record; {@code terminated} is false for a last line without a line break. */
    void invalid(String file, long offset, long length, long checksum, boolean terminated, String reason) {
        report(file, length, checksum, terminated
                ? "line at byte " + offset + " of [" + file + "] is not a valid record: " + reason
                : incomplete(file, offset, length) + ": " + reason);
    }

    /** A last line without a line break, found when the file was opened for appending and given one. */
    void repaired(String file, long offset, long length, long checksum) {
        report(file, length, checksum, incomplete(file, offset, length)
                + "; a line break was added so that new records start on their own line");
    }

    private static String incomplete(String file, long offset, long length) {
        return "the last line of [" + file + "] (byte " + offset + ", " + length
                + " bytes) is incomplete, probably cut off by a crash while it was written";
    }

    private synchronized void report(String file, long length, long checksum, String problem) {
        String key = file + ':' + length + ':' + Long.toHexString(checksum);
        if (seen.contains(key)) {
            return;
        }
        if (seen.size() < MAX_REMEMBERED) {
            seen.add(key);
        }
        count++;
        if (problems.size() == MAX_PROBLEMS) {
            problems.removeFirst();
        }
        problems.addLast(problem);
        log.warn("Consent log: {}; the line is skipped", problem);
    }

    /** How many distinct unreadable lines were met. */
    synchronized long count() {
        return count;
    }

    /** The latest {@value #MAX_PROBLEMS} problems, oldest first. */
    synchronized List<String> problems() {
        return List.copyOf(problems);
    }
}
