package dev.cookiewarden.bench;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * A response held in memory, for benchmarks that call a filter without a container. Headers are
 * kept in two parallel lists, the body is counted and discarded, and the response commits when
 * more than its buffer has been written or it is flushed, as a container's does.
 * {@link #recycle()} makes it new again without allocating, as containers recycle theirs.
 * Not thread-safe, like a real response.
 */
public final class InMemoryResponse implements HttpServletResponse {
    private static final int BUFFER = 8192;

    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();
    private final Body body = new Body();
    private PrintWriter writer;
    private int status = SC_OK;
    private String contentType;
    private String characterEncoding;
    private long contentLength = -1;
    private boolean committed;
    private long bytes;

    /** Makes this response new again: the container's recycling between requests. */
    public void recycle() {
        names.clear();
        values.clear();
        writer = null;
        status = SC_OK;
        contentType = null;
        characterEncoding = null;
        contentLength = -1;
        committed = false;
        bytes = 0;
    }

    /** Body bytes written so far. */
    public long bytesWritten() {
        return bytes;
    }

    // ---- headers ----------------------------------------------------------------------------

    private int indexOf(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private void remove(String name) {
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equalsIgnoreCase(name)) {
                names.remove(i);
                values.remove(i);
            }
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if (committed) {
            return;
        }
        remove(name);
        if (value != null) {
            names.add(name);
            values.add(value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (committed || value == null) {
            return;
        }
        names.add(name);
        values.add(value);
    }

    @Override
    public boolean containsHeader(String name) {
        return indexOf(name) >= 0;
    }

    @Override
    public String getHeader(String name) {
        int i = indexOf(name);
        return i < 0 ? null : values.get(i);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                out.add(values.get(i));
            }
        }
        return out;
    }

    @Override
    public Collection<String> getHeaderNames() {
        return new LinkedHashSet<>(names);
    }

    @Override
    public void setDateHeader(String name, long date) {
        setHeader(name, Long.toString(date));
    }

    @Override
    public void addDateHeader(String name, long date) {
        addHeader(name, Long.toString(date));
    }

    @Override
    public void setIntHeader(String name, int value) {
        setHeader(name, Integer.toString(value));
    }

    @Override
    public void addIntHeader(String name, int value) {
        addHeader(name, Integer.toString(value));
    }

    @Override
    public void addCookie(Cookie cookie) {
        StringBuilder sb = new StringBuilder(64).append(cookie.getName()).append('=').append(cookie.getValue());
        if (cookie.getMaxAge() >= 0) {
            sb.append("; Max-Age=").append(cookie.getMaxAge());
        }
        if (cookie.getPath() != null) {
            sb.append("; Path=").append(cookie.getPath());
        }
        if (cookie.getSecure()) {
            sb.append("; Secure");
        }
        if (cookie.isHttpOnly()) {
            sb.append("; HttpOnly");
        }
        String sameSite = cookie.getAttribute("SameSite");
        if (sameSite != null) {
            sb.append("; SameSite=").append(sameSite);
        }
        addHeader("Set-Cookie", sb.toString());
    }

    // ---- status -----------------------------------------------------------------------------

    @Override
    public void setStatus(int sc) {
        if (!committed) {
            status = sc;
        }
    }

    @Override
    public int getStatus() {
        return status;
    }

    @Override
    public void sendError(int sc, String msg) {
        sendError(sc);
    }

    @Override
    public void sendError(int sc) {
        status = sc;
        committed = true;
    }

    @Override
    public void sendRedirect(String location) {
        status = SC_FOUND;
        setHeader("Location", location);
        committed = true;
    }

    @Override
    public String encodeURL(String url) {
        return url;
    }

    @Override
    public String encodeRedirectURL(String url) {
        return url;
    }

    // ---- body -------------------------------------------------------------------------------

    @Override
    public String getCharacterEncoding() {
        return characterEncoding == null ? "ISO-8859-1" : characterEncoding;
    }

    @Override
    public void setCharacterEncoding(String charset) {
        characterEncoding = charset;
    }

    @Override
    public String getContentType() {
        if (contentType == null) {
            return null;
        }
        return characterEncoding == null ? contentType : contentType + ";charset=" + characterEncoding;
    }

    @Override
    public void setContentType(String type) {
        if (type == null) {
            contentType = null;
            return;
        }
        int semi = type.indexOf(';');
        if (semi < 0) {
            contentType = type;
            return;
        }
        contentType = type.substring(0, semi).trim();
        int cs = type.toLowerCase(Locale.ROOT).indexOf("charset=", semi);
        if (cs >= 0) {
            characterEncoding = type.substring(cs + "charset=".length()).trim();
        }
    }

    @Override
    public void setContentLength(int len) {
        contentLength = len;
    }

    @Override
    public void setContentLengthLong(long len) {
        contentLength = len;
    }

    @Override
    public ServletOutputStream getOutputStream() {
        return body;
    }

    @Override
    public PrintWriter getWriter() {
        if (writer == null) {
            writer = new PrintWriter(new OutputStreamWriter(body, characterEncoding == null
                    ? StandardCharsets.ISO_8859_1 : java.nio.charset.Charset.forName(characterEncoding)));
        }
        return writer;
    }

    @Override
    public void setBufferSize(int size) {
    }

    @Override
    public int getBufferSize() {
        return BUFFER;
    }

    @Override
    public void flushBuffer() {
        committed = true;
    }

    @Override
    public void resetBuffer() {
        if (committed) {
            throw new IllegalStateException("committed");
        }
        bytes = 0;
    }

    @Override
    public boolean isCommitted() {
        return committed;
    }

    @Override
    public void reset() {
        if (committed) {
            throw new IllegalStateException("committed");
        }
        names.clear();
        values.clear();
        status = SC_OK;
        contentType = null;
        characterEncoding = null;
        bytes = 0;
        writer = null;
    }

    @Override
    public void setLocale(Locale loc) {
    }

    @Override
    public Locale getLocale() {
        return Locale.ENGLISH;
    }

    @Override
    public String toString() {
        return "InMemoryResponse[" + status + ", headers=" + names + ", length=" + contentLength + ", bytes=" + bytes + "]";
    }

    private final class Body extends ServletOutputStream {
        @Override
        public void write(int b) {
            bytes++;
            committed |= bytes > BUFFER;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            bytes += len;
            committed |= bytes > BUFFER;
        }

        @Override
        public void flush() {
            committed = true;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new IllegalStateException("blocking response");
        }
    }
}
