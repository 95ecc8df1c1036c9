package dev.cookiewarden.it;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A persistent HTTP/1.1 connection to a loopback port, for load tests that would exhaust the
 * ephemeral ports with one connection per request ({@link RawHttp} closes after each). Like
 * {@link RawHttp} it shows every header line as the server wrote it. Reads bodies delimited by
 * Content-Length, chunked encoding or the end of the connection; reconnects when the server
 * closes. One per thread: not thread-safe.
 */
final class KeepAliveConnection implements AutoCloseable {
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final AtomicLong retries;
    private boolean reused;

    /**
     * @param port a port on 127.0.0.1
     * @param retries counts the requests sent again because the server had closed the connection
     */
    KeepAliveConnection(int port, AtomicLong retries) {
        this.port = port;
        this.retries = retries;
    }

    RawHttp.Response exchange(String head, String body) throws IOException {
        try {
            return once(head, body);
        } catch (IOException e) {
            if (!reused) {
                throw e;
            }
            // The server may close an idle keep-alive connection at any time; a client retries
            // once on a fresh one, as browsers do. Counted, so that a soak full of retries shows.
            retries.incrementAndGet();
            close();
            return once(head, body);
        }
    }

    private RawHttp.Response once(String head, String body) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(30_000);
            socket.setTcpNoDelay(true);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
            reused = false;
        } else {
            reused = true;
        }
        byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String request = head + "Host: 127.0.0.1:" + port + "\r\n"
                + (body == null ? "" : "Content-Length: " + bodyBytes.length + "\r\n") + "\r\n";
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.write(bodyBytes);
        out.flush();
        RawHttp.Response response = read();
        String connection = response.first("Connection");
        if (connection != null && connection.toLowerCase(Locale.ROOT).contains("close")) {
            close();
        }
        return response;
    }

    private RawHttp.Response read() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.add(Map.entry(l.substring(0, colon).trim(), l.substring(colon + 1).trim()));
        }
        RawHttp.Response head = new RawHttp.Response(status, headers, "");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String te = head.first("Transfer-Encoding");
        String length = head.first("Content-Length");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                body.write(in.readNBytes(size));
                line();
            }
            for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                // trailers: none expected
            }
        } else if (length != null) {
            body.write(in.readNBytes(Integer.parseInt(length)));
        } else if (status != 204 && status != 304) {
            body.write(in.readAllBytes()); // delimited by the close
            close();
        }
        return new RawHttp.Response(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c >= 0; c = in.read()) {
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing: nothing to do
            }
            socket = null;
        }
    }
}
