package dev.cookiewarden.enforce;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;

/**
 * The application's output stream: lets the response sweep its Set-Cookie headers before any
 * byte can commit it, then passes every call through. Not thread-safe, like the stream it wraps.
 */
final class GuardedOutputStream extends ServletOutputStream {
    private final ServletOutputStream delegate;
    private final EnforcingResponse response;

    GuardedOutputStream(ServletOutputStream delegate, EnforcingResponse response) {
        this.delegate = delegate;
        this.response = response;
    }

    @Override
    public void write(int b) throws IOException {
        response.sweepIfDirty();
        delegate.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        response.sweepIfDirty();
        delegate.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        response.sweepIfDirty();
        delegate.flush();
    }

    @Override
    public void close() throws IOException {
        response.sweepIfDirty();
        delegate.close();
    }

    @Override
    public boolean isReady() {
        return delegate.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
        delegate.setWriteListener(listener);
    }

    @Override
    public String toString() {
        return "GuardedOutputStream[" + delegate + "]";
    }
}
