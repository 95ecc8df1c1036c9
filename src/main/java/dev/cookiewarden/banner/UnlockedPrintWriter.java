package dev.cookiewarden.banner;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The {@code PrintWriter} a page's application gets: {@link PrintWriter}'s behaviour without its
 * lock on every write, and, for a page, with its small writes gathered into pieces.
 *
 * <p>{@code PrintWriter} takes a monitor for each {@code write}, so a template engine that writes
 * its page in hundreds of small strings pays hundreds of lock and unlock pairs on top of the
 * container's own writer; a response is written by one thread at a time, and Tomcat's writer does
 * not lock either. Once told to ({@link #holdIn}), writes smaller than a piece are gathered and
 * passed on a piece at a time, in one write: the layers below, and the container's writer, each
 * take a few calls where the application made hundreds. What is gathered goes on when the next
 * write does not fit, on {@link #flush()} and {@link #close()}, and when the response asks
 * ({@link #release()}).
 *
 * <p>As in {@code PrintWriter}, an {@link IOException} of the writer below sets the error flag
 * ({@link #checkError()}) instead of being thrown (an {@link InterruptedIOException} also
 * interrupts the thread), and a write after {@link #close()} writes nothing and sets the flag.
 * Every {@code print}, {@code println}, {@code format} and {@code append} ends in these writes.
 * Not thread-safe.
 */
final class UnlockedPrintWriter extends PrintWriter {
    /** The response's own writer under the page's layers, whose errors are this writer's too; may be null. */
    private final PrintWriter bottom;
    /** Small writes gathered here, passed on a piece at a time; null when writes pass at once. */
    private char[] held;
    private int heldLength;

    /**
     * @param out where the writes go
     * @param bottom the response's writer under {@code out} (the container's, or a wrapper's that
     *     reports the container's errors), or null: a {@code PrintWriter} keeps its errors (a client
     *     gone, say) to itself, and {@link #checkError()} reports them as well
     */
    UnlockedPrintWriter(Writer out, PrintWriter bottom) {
        super(out, false);
        this.bottom = bottom;
    }

    /** Also true when the response's writer below had an error, which it keeps to itself. */
    @Override
    public boolean checkError() {
        boolean own = super.checkError();
        return own || bottom != null && bottom.checkError();
    }

    /**
     * Gathers writes smaller than {@code piece} characters from now on, and passes them on a
     * piece at a time; true if it starts now, false if it gathers already or is closed.
     */
    boolean holdIn(int piece) {
        if (held != null || out == null) {
            return false;
        }
        held = new char[piece];
        return true;
    }

    /** Passes on what is held, if anything. */
    void release() throws IOException {
        if (heldLength > 0) {
            int n = heldLength;
            heldLength = 0;
            out.write(held, 0, n);
        }
    }

    /**
     * Whether a write of {@code len} characters is gathered: true once there is room for it
     * (what is held goes on first when it does not fit), false for a write of a whole piece or
     * more, which goes on as it is after what was held.
     */
    private boolean makesRoomFor(int len) throws IOException {
        if (len < held.length - heldLength) {
            return true;
        }
        release();
        return len < held.length;
    }

    /** Passes on what is held, and holds nothing from now on. */
    void stopHolding() throws IOException {
        try {
            release();
        } finally {
            held = null;
        }
    }

    /** Sets the error flag for a write made on this writer's behalf, which could not throw. */
    void failed() {
        setError();
    }

    /** Writes to {@code next} from now on, unless closed. */
    void writeTo(Writer next) {
        if (out != null) {
            out = next;
        }
    }

    @Override
    public void write(int c) {
        Writer to = out; // null once closed
        if (to == null) {
            setError();
            return;
        }
        try {
            char[] h = held;
            if (h != null) {
                h[heldLength++] = (char) c;
                if (heldLength == h.length) {
                    release();
                }
                return;
            }
            to.write(c);
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            setError();
        }
    }

    @Override
    public void write(char[] buf, int off, int len) {
        Writer to = out;
        if (to == null) {
            setError();
            return;
        }
        try {
            char[] h = held;
            if (h != null) {
                if (makesRoomFor(len)) {
                    System.arraycopy(buf, off, h, heldLength, len);
                    heldLength += len;
                } else {
                    out.write(buf, off, len);
                }
                return;
            }
            to.write(buf, off, len);
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            setError();
        }
    }

    @Override
    public void write(String s, int off, int len) {
        Writer to = out;
        if (to == null) {
            setError();
            return;
        }
        try {
            char[] h = held;
            if (h != null) {
                if (makesRoomFor(len)) {
                    s.getChars(off, off + len, h, heldLength);
                    heldLength += len;
                } else {
                    out.write(s, off, len);
                }
                return;
            }
            to.write(s, off, len);
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            setError();
        }
    }

    @Override
    public void println() {
        write(System.lineSeparator()); // not PrintWriter's, which writes past what is held
    }

    @Override
    public void flush() {
        releaseOrSetError();
        super.flush();
    }

    @Override
    public void close() {
        if (out != null) {
            releaseOrSetError();
        }
        held = null;
        super.close();
    }

    /** {@link #release()}, failing as a write does: the error flag, or the thread interrupted. */
    private void releaseOrSetError() {
        try {
            release();
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            setError();
        }
    }
}
