package dev.cookiewarden.record;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;

/**
 * Reads the lines of a day file from a stream, holding at most {@code maxLine} bytes of one line:
 * a longer line is skipped through and flagged, never buffered. Not thread-safe: one scanner per
 * read. The caller closes the stream.
 *
 * <p>After {@link #next()} returns true, the line is in {@link #bytes()} (the first
 * {@link #storedLength()} bytes, without its {@code \n}) unless {@link #oversized()}.
 */
final class LineScanner {
    private final InputStream in;
    private final byte[] chunk = new byte[16 * 1024];
    private final byte[] line;
    private final CRC32 crc = new CRC32();
    private long remaining;
    private int pos;
    private int end;
    private long position;

    private long lineOffset;
    private long lineLength;
    private boolean terminated;

    /**
     * @param in the file's content from {@code start}, which starts a line
     * @param start where {@code in} starts in the file, for {@link #offset()}
     * @param limit how many bytes to read at most: up to the file's size when the read began, so
     *              that a line appended meanwhile is not mistaken for a torn one
     * @param maxLine the longest line kept, in bytes without the line break
     */
    LineScanner(InputStream in, long start, long limit, int maxLine) {
        this.in = in;
        this.position = start;
        this.remaining = limit;
        this.line = new byte[maxLine];
    }

    /** Advances to the next line; false at the end. A last line without {@code \n} is still a line. */
    boolean next() throws IOException {
        lineOffset = position;
        lineLength = 0;
        terminated = false;
        crc.reset();
        boolean any = false;
        while (true) {
            if (pos == end && !fill()) {
                return any;
            }
            any = true;
            int stop = pos;
            while (stop < end && chunk[stop] != '\n') {
                stop++;
            }
            int n = stop - pos;
            crc.update(chunk, pos, n);
            if (lineLength + n <= line.length) {
                System.arraycopy(chunk, pos, line, (int) lineLength, n);
            }
            lineLength += n;
            position += n;
            pos = stop;
            if (stop < end) {
                pos++;
                position++;
                terminated = true;
                return true;
            }
        }
    }

    private boolean fill() throws IOException {
        if (remaining <= 0) {
            return false;
        }
        int read = in.read(chunk, 0, (int) Math.min(chunk.length, remaining));
        if (read < 0) {
            remaining = 0; // the file shrank: it was rewritten by a purge, the rest is gone
            return false;
        }
        remaining -= read;
        pos = 0;
        end = read;
        return true;
    }

    /** The line's bytes; valid up to {@link #storedLength()}, and only until the next call to {@link #next()}. */
    byte[] bytes() {
        return line;
    }

    /** How many bytes of {@link #bytes()} are the line; 0 when {@link #oversized()}. */
    int storedLength() {
        return oversized() ? 0 : (int) lineLength;
    }

    /** Whether the line is longer than the limit and so was not kept. */
    boolean oversized() {
        return lineLength > line.length;
    }

    /** The line's length in bytes, without its line break. */
    long length() {
        return lineLength;
    }

    /** Where the line starts in the file. */
    long offset() {
        return lineOffset;
    }

    /** Whether the line ends with {@code \n}; false only for a last line cut short. */
    boolean terminated() {
        return terminated;
    }

    /** A checksum of the whole line, to recognise the same bad line when it is read again. */
    long checksum() {
        return crc.getValue();
    }
}
