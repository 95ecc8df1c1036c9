package dev.cookiewarden.banner;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * The {@code PrintWriter} a page's application gets: {@link PrintWriter}'s behaviour without its
 * lock on every write. {@code PrintWriter} takes a monitor for each {@code write}, so a template
 * engine that writes its page in hundreds of small strings pays hundreds of lock and unlock pairs
 * on top of the container's own writer; a response is written by one thread at a time, and
 * Tomcat's writer does not lock either. As in {@code PrintWriter}, an {@link IOException} of the
 * writer below sets the error flag ({@link #checkError()}) instead of being thrown (an
 * {@link InterruptedIOException} also interrupts the thread), and a write after {@link #close()}
 * writes nothing and sets the flag. Every {@code print}, {@code println}, {@code format} and
 * {@code append} ends in these writes, or, for a line end, in the writer below. Not thread-safe.
 */
final class UnlockedPrintWriter extends PrintWriter {
    /** The response's own writer under the page's layers, whose errors are this writer's too; may be null. */
    private final PrintWriter bottom;

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
            to.write(s, off, len);
        } catch (InterruptedIOException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            setError();
        }
    }
}
