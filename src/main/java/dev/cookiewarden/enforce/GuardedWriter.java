package dev.cookiewarden.enforce;

import java.io.PrintWriter;

/**
 * The application's writer: lets the response sweep its Set-Cookie headers before any character
 * can commit it. Every {@code print}/{@code println}/{@code format} of {@link PrintWriter} ends in
 * one of the three {@code write} methods overridden here. Not thread-safe.
 */
final class GuardedWriter extends PrintWriter {
    private final PrintWriter delegate;
    private final EnforcingResponse response;

    GuardedWriter(PrintWriter delegate, EnforcingResponse response) {
        super(delegate, false);
        this.delegate = delegate;
        this.response = response;
    }

    @Override
    public void write(int c) {
        response.sweepIfDirty();
        delegate.write(c);
    }

    @Override
    public void write(char[] buf, int off, int len) {
        response.sweepIfDirty();
        delegate.write(buf, off, len);
    }

    @Override
    public void write(String s, int off, int len) {
        response.sweepIfDirty();
        delegate.write(s, off, len);
    }

    @Override
    public void println() {
        // PrintWriter.println() writes the platform line separator through write(String);
        // the container's writer decides what a line end is.
        response.sweepIfDirty();
        delegate.println();
    }

    @Override
    public void flush() {
        response.sweepIfDirty();
        delegate.flush();
    }

    @Override
    public void close() {
        response.sweepIfDirty();
        delegate.close();
    }

    @Override
    public boolean checkError() {
        return delegate.checkError();
    }

    @Override
    public String toString() {
        return "GuardedWriter[" + delegate + "]";
    }
}
