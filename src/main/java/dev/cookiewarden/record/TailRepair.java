package dev.cookiewarden.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a day file ends with a line break before anything is appended to it. A process
 * killed in the middle of a write, or a machine that lost power, can leave a last line cut short;
 * the next record written straight after it would be glued to it and unreadable too. Adding the
 * line break isolates the fragment, which readers then skip and report.
 */
final class TailRepair {
    private static final Logger LOG = LoggerFactory.getLogger(TailRepair.class);
    private static final int BLOCK = 8192;

    private final CorruptionReport report;
    private final int maxLine;

    TailRepair(CorruptionReport report, int maxLine) {
        this.report = report;
        this.maxLine = maxLine;
    }

    /** Appends {@code \n} to {@code file} (open on {@code channel}) unless it is empty or ends with one, and forces it. */
    void check(FileChannel channel, Path file) throws IOException {
        long size = channel.size();
        if (size == 0 || byteAt(channel, size - 1) == '\n') {
            return;
        }
        long start = lineStart(channel, size);
        long length = size - start;
        CRC32 crc = new CRC32();
        byte[] content = length <= maxLine ? new byte[(int) length] : null;
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        for (long at = start; at < size; ) {
            block.clear().limit((int) Math.min(BLOCK, size - at));
            int read = channel.read(block, at);
            if (read <= 0) {
                throw new IOException("[" + file + "] shrank while it was being checked");
            }
            crc.update(block.array(), 0, read);
            if (content != null) {
                System.arraycopy(block.array(), 0, content, (int) (at - start), read);
            }
            at += read;
        }
        ByteBuffer newline = ByteBuffer.wrap(new byte[] {'\n'});
        while (newline.hasRemaining()) {
            channel.write(newline, size + newline.position());
        }
        channel.force(false);
        String name = file.getFileName().toString();
        if (content != null && isRecord(content)) {
            // Written whole but for its line break: a valid record, kept as such.
            LOG.warn("Consent log: the last record of [{}] had no line break; one was added", name);
        } else {
            report.repaired(name, start, length, crc.getValue());
        }
    }

    private static boolean isRecord(byte[] content) {
        try {
            RecordJson.parse(content, content.length);
            return true;
        } catch (RecordJson.InvalidLineException e) {
            return false;
        }
    }

    private static byte byteAt(FileChannel channel, long position) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        if (channel.read(one, position) != 1) {
            throw new IOException("Cannot read byte " + position);
        }
        return one.get(0);
    }

    /** Where the last line starts: just after the last {@code \n} before {@code size}, or 0. */
    private static long lineStart(FileChannel channel, long size) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(BLOCK);
        long end = size;
        while (end > 0) {
            long from = Math.max(0, end - BLOCK);
            block.clear().limit((int) (end - from));
            int filled = 0;
            while (filled < end - from) {
                int read = channel.read(block, from + filled);
                if (read <= 0) {
                    throw new IOException("Cannot read bytes " + from + " to " + end);
                }
                filled += read;
            }
            for (int i = filled - 1; i >= 0; i--) {
                if (block.get(i) == '\n') {
                    return from + i + 1;
                }
            }
            end = from;
        }
        return 0;
    }
}
