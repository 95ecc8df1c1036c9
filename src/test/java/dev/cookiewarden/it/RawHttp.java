package dev.cookiewarden.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A deliberately plain HTTP/1.1 client over a socket: the tests see exactly the header lines the
 * server wrote (every Set-Cookie, in order) and can send exactly the lines they mean (two Cookie
 * lines, a forged Origin).
 */
final class RawHttp {
    private RawHttp() {
    }

    /** A parsed response. */
    record Response(int status, List<Map.Entry<String, String>> headers, String body) {
        List<String> all(String name) {
            return headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).toList();
        }

        String first(String name) {
            List<String> values = all(name);
            return values.isEmpty() ? null : values.get(0);
        }

        List<String> setCookies() {
            return all("Set-Cookie");
        }

        /** Names of the cookies set (not deleted) by the response. */
        List<String> setNames() {
            return setCookies().stream().filter(v -> !isDeletion(v)).map(RawHttp::nameOf).toList();
        }

        /** Names of the cookies the response deletes. */
        List<String> deletedNames() {
            return setCookies().stream().filter(RawHttp::isDeletion).map(RawHttp::nameOf).toList();
        }

        /** The value of a cookie the response sets. */
        String cookieValue(String name) {
            for (String v : setCookies()) {
                if (nameOf(v).equals(name) && !isDeletion(v)) {
                    String pair = v.split(";", 2)[0];
                    return pair.substring(pair.indexOf('=') + 1).trim();
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return status + " " + headers.stream().map(h -> h.getKey() + ": " + h.getValue())
                    .collect(Collectors.joining(" | ")) + " body=" + (body.length() > 300 ? body.substring(0, 300) + "..." : body);
        }
    }

    static String nameOf(String setCookie) {
        String pair = setCookie.split(";", 2)[0];
        int eq = pair.indexOf('=');
        return eq < 0 ? "" : pair.substring(0, eq).trim();
    }

    static boolean isDeletion(String setCookie) {
        String lower = setCookie.toLowerCase(Locale.ROOT);
        return lower.contains("max-age=0") || lower.contains("expires=thu, 01 jan 1970") || lower.contains("expires=thu, 01-jan-1970");
    }

    /** Sends {@code head} (request line and headers, no final blank line) and an optional body. */
    static Response exchange(int port, String head, String body) throws IOException {
        return exchangeFrom(null, port, head, body);
    }

    /**
     * Like {@link #exchange}, from a chosen loopback source address ({@code 127.0.0.2} and the like:
     * on Linux every address of 127.0.0.0/8 is local), or from any address when {@code source} is null.
     */
    static Response exchangeFrom(String source, int port, String head, String body) throws IOException {
        try (Socket socket = new Socket()) {
            if (source != null) {
                socket.bind(new InetSocketAddress(source, 0));
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(20000);
            StringBuilder request = new StringBuilder(head);
            if (!head.endsWith("\r\n")) {
                request.append("\r\n");
            }
            request.append("Host: 127.0.0.1:").append(port).append("\r\n");
            request.append("Connection: close\r\n");
            byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                request.append("Content-Length: ").append(bodyBytes.length).append("\r\n");
            }
            request.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(bodyBytes);
            out.flush();
            return parse(socket.getInputStream().readAllBytes(), head.startsWith("HEAD "));
        }
    }

    static Response get(int port, String path, String... headers) throws IOException {
        return exchange(port, "GET " + path + " HTTP/1.1\r\n" + lines(headers), null);
    }

    static Response post(int port, String path, String form, String... headers) throws IOException {
        return exchange(port, "POST " + path + " HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + lines(headers), form);
    }

    private static String lines(String... headers) {
        StringBuilder b = new StringBuilder();
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return b.toString();
    }

    private static Response parse(byte[] raw, boolean head) throws IOException {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (end < 0) {
            throw new IOException("No complete response head in " + raw.length + " bytes: "
                    + new String(raw, StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(raw, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.add(Map.entry(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()));
        }
        byte[] rest = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        boolean chunked = headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Transfer-Encoding")
                && h.getValue().toLowerCase(Locale.ROOT).contains("chunked"));
        if (chunked && !head) {
            rest = dechunk(rest);
        }
        return new Response(status, headers, new String(rest, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 0;
        while (pos < data.length) {
            int lineEnd = indexOf(java.util.Arrays.copyOfRange(data, pos, data.length), "\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (lineEnd < 0) {
                break;
            }
            String sizeLine = new String(data, pos, lineEnd, StandardCharsets.ISO_8859_1).split(";")[0].trim();
            int size = Integer.parseInt(sizeLine, 16);
            pos += lineEnd + 2;
            if (size == 0) {
                break;
            }
            out.write(data, pos, Math.min(size, data.length - pos));
            pos += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

}
