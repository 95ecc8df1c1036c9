package dev.cookiewarden.endpoint;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small, bounded {@code application/x-www-form-urlencoded} body. Read here rather than through
 * {@code getParameter} so that the size and the field count are ours to bound, whatever the
 * container's own limits are. Decoding is the JDK's {@link URLDecoder}.
 */
final class FormBody {
    /** The largest body accepted, in bytes. */
    static final int MAX_BYTES = 8 * 1024;
    /** The most fields accepted. */
    static final int MAX_FIELDS = 64;

    private final List<String[]> fields;

    private FormBody(List<String[]> fields) {
        this.fields = fields;
    }

    /**
     * Reads and decodes the body.
     *
     * @throws EndpointException 413 when larger than {@link #MAX_BYTES}, 400 when malformed or
     *     with more than {@link #MAX_FIELDS} fields
     */
    static FormBody read(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
            throw new EndpointException(413, "The request body is larger than " + MAX_BYTES + " bytes");
        }
        String text = new String(body, StandardCharsets.US_ASCII);
        List<String[]> fields = new ArrayList<>();
        if (!text.isEmpty()) {
            for (String part : text.split("&", -1)) {
                if (part.isEmpty()) {
                    continue;
                }
                if (fields.size() == MAX_FIELDS) {
                    throw new EndpointException(400, "The form has more than " + MAX_FIELDS + " fields");
                }
                int eq = part.indexOf('=');
                String name = eq < 0 ? part : part.substring(0, eq);
                String value = eq < 0 ? "" : part.substring(eq + 1);
                fields.add(new String[] {decode(name), decode(value)});
            }
        }
        return new FormBody(fields);
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new EndpointException(400, "The form is not correctly URL-encoded");
        }
    }

    /** Every value of the field {@code name}, in order. */
    List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (String[] f : fields) {
            if (f[0].equals(name)) {
                values.add(f[1]);
            }
        }
        return values;
    }

    /**
     * The one value of {@code name}, or null when absent.
     *
     * @throws EndpointException 400 when the field is given more than once
     */
    String single(String name) {
        List<String> values = all(name);
        if (values.size() > 1) {
            throw new EndpointException(400, "The field [" + name + "] is given more than once");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    @Override
    public String toString() {
        return "FormBody[" + fields.size() + " fields]";
    }
}
