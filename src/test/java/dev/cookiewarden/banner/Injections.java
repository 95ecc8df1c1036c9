package dev.cookiewarden.banner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/** Runs pages through the injectors in pieces; shared by the unit, fuzz and memory tests. */
final class Injections {
    static final String HEAD = "[H]";
    static final String BODY = "[B]";

    private Injections() {
    }

    /** The page through an {@link InjectingWriter}, written in pieces of the sizes given in turn. */
    static String throughWriter(String page, String head, String body, IntSupplier pieceSizes) {
        StringWriter out = new StringWriter();
        try (InjectingWriter writer = new InjectingWriter(out, head, body)) {
            writeInPieces(writer, page, pieceSizes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The page through an {@link InjectingOutputStream}, written in pieces of the sizes given in turn. */
    static byte[] throughStream(byte[] page, byte[] head, byte[] body, IntSupplier pieceSizes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InjectingOutputStream stream = new InjectingOutputStream(out, head, body)) {
            writeInPieces(stream, page, pieceSizes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes with every overload of {@link java.io.Writer}, chosen by piece size. */
    static void writeInPieces(InjectingWriter writer, String page, IntSupplier pieceSizes) throws IOException {
        char[] chars = page.toCharArray();
        int at = 0;
        while (at < page.length()) {
            int size = Math.min(pieceSizes.getAsInt(), page.length() - at);
            if (size == 1) {
                writer.write(page.charAt(at));
            } else if (size % 3 == 0) {
                writer.write(page, at, size);
            } else if (size % 3 == 1) {
                writer.write(chars, at, size);
            } else {
                writer.append(page, at, at + size);
            }
            at += size;
        }
    }

    static void writeInPieces(InjectingOutputStream stream, byte[] page, IntSupplier pieceSizes) throws IOException {
        int at = 0;
        while (at < page.length) {
            int size = Math.min(pieceSizes.getAsInt(), page.length - at);
            if (size == 1) {
                stream.write(page[at]);
            } else {
                stream.write(page, at, size);
            }
            at += size;
        }
    }

    static IntSupplier whole() {
        return () -> Integer.MAX_VALUE;
    }

    static IntSupplier oneAtATime() {
        return () -> 1;
    }

    /** The page with the snippets where the reference says they go. */
    static String expected(String page, String head, String body) {
        ReferenceInjectionPoints.Points points = ReferenceInjectionPoints.find(page);
        StringBuilder out = new StringBuilder(page);
        if (points.body() >= 0 && body != null) {
            out.insert(points.body(), body);
        }
        if (points.head() >= 0 && head != null) {
            out.insert(points.head(), head);
        }
        return out.toString();
    }

    /**
     * The page with {@link #HEAD} and {@link #BODY} injected, after checking that the writer and
     * the stream, whole and one unit at a time, and the reference all agree on it.
     */
    static String inject(String page) {
        String result = throughWriter(page, HEAD, BODY, whole());
        assertEquals(result, throughWriter(page, HEAD, BODY, oneAtATime()), "writer, one char at a time");
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        byte[] head = HEAD.getBytes(StandardCharsets.US_ASCII);
        byte[] body = BODY.getBytes(StandardCharsets.US_ASCII);
        assertEquals(result, new String(throughStream(bytes, head, body, whole()), StandardCharsets.UTF_8), "stream");
        assertEquals(result, new String(throughStream(bytes, head, body, oneAtATime()), StandardCharsets.UTF_8),
                "stream, one byte at a time");
        assertEquals(expected(page, HEAD, BODY), result, "reference");
        return result;
    }

    /**
     * Fails if the object holds an array or string longer than {@code limit}, or an object of a
     * type other than those: what a scanner keeps must not grow with the page.
     */
    static void assertHoldsAtMost(Object object, int limit) {
        // Our classes only: java.io's fields (Writer's lock and write buffer) are not ours to check.
        for (Class<?> type = object.getClass(); type.getPackageName().equals(Injections.class.getPackageName());
                type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) || field.getType().isPrimitive() || field.getType().isEnum()) {
                    continue;
                }
                field.setAccessible(true);
                Object value;
                try {
                    value = field.get(object);
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
                if (value instanceof String s) {
                    assertTrue(s.length() <= limit, field + " holds " + s.length() + " chars");
                } else if (value instanceof char[] a) {
                    assertTrue(a.length <= limit, field + " holds " + a.length + " chars");
                } else if (value instanceof byte[] a) {
                    assertTrue(a.length <= limit, field + " holds " + a.length + " bytes");
                } else if (value instanceof ScanMemo memo) {
                    assertTrue(memo.kept() <= ScanMemo.SETS * ScanMemo.WAYS, field + " keeps " + memo.kept() + " prefixes");
                } else if (value instanceof ResyncMemo memo) {
                    assertTrue(memo.kept() <= ResyncMemo.SETS * ResyncMemo.WAYS, field + " keeps " + memo.kept() + " prefixes");
                } else if (value instanceof HtmlScanner scanner) {
                    assertHoldsAtMost(scanner, limit);
                } else if (value != null && !(value instanceof java.io.OutputStream) && !(value instanceof java.io.Writer)) {
                    throw new AssertionError(field + " holds a " + value.getClass() + ": check it cannot grow");
                }
            }
        }
    }
}
