package dev.cookiewarden.banner;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Markup computed once, with numbered slots filled per request: literal parts alternate with
 * slots, so rendering is one pass of appends. Slot values are inserted as given; callers escape
 * them. The literal parts are also kept as bytes, so that a page's snippet is assembled straight
 * into the one array the injector writes: as ASCII (text as character references, for a page in
 * any ASCII-compatible encoding) and as UTF-8 (text kept as it is, for a page in UTF-8).
 * Immutable and thread-safe.
 */
final class Template {
    private final String[] parts;
    private final byte[][] asciiParts;
    private final byte[][] utf8Parts;
    private final int[] slots;
    private final int literalLength;
    private final int utf8Length;

    private Template(List<String> parts, List<String> textParts, List<Integer> slots) {
        this.parts = parts.toArray(new String[0]);
        this.asciiParts = new byte[this.parts.length][];
        this.utf8Parts = new byte[this.parts.length][];
        for (int i = 0; i < this.parts.length; i++) {
            this.asciiParts[i] = ascii(this.parts[i]);
            this.utf8Parts[i] = textParts.get(i).getBytes(StandardCharsets.UTF_8);
        }
        this.slots = slots.stream().mapToInt(Integer::intValue).toArray();
        this.literalLength = parts.stream().mapToInt(String::length).sum();
        this.utf8Length = Arrays.stream(utf8Parts).mapToInt(b -> b.length).sum();
    }

    /**
     * Every literal is escaped markup or a checked path, so it is ASCII by construction; checked
     * once here so that the byte form can never silently differ from the text.
     */
    private static byte[] ascii(String part) {
        byte[] out = new byte[part.length()];
        for (int i = 0; i < out.length; i++) {
            char c = part.charAt(i);
            if (c >= 0x80) {
                throw new IllegalStateException("The banner markup has the non-ASCII character [U+"
                        + String.format("%04X", (int) c) + "] at index [" + i + "] of a literal part");
            }
            out[i] = (byte) c;
        }
        return out;
    }

    /** The markup with slot {@code i} replaced by {@code values[i]}. */
    String render(String... values) {
        int length = literalLength;
        for (int slot : slots) {
            length += values[slot].length();
        }
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < slots.length; i++) {
            out.append(parts[i]).append(values[slots[i]]);
        }
        return out.append(parts[parts.length - 1]).toString();
    }

    /**
     * The same markup as {@link #render} as US-ASCII bytes, in one array of the exact size. Every
     * value must be ASCII (escaped markup is); a character above U+007F would be cut to its low byte.
     */
    byte[] renderAscii(String... values) {
        return renderBytes(asciiParts, literalLength, values); // ASCII: one byte per character
    }

    /**
     * The same markup with its text kept as it is, as UTF-8 bytes, in one array of the exact size:
     * for a page in UTF-8. The values must be ASCII, as for {@link #renderAscii}.
     */
    byte[] renderUtf8(String... values) {
        return renderBytes(utf8Parts, utf8Length, values);
    }

    private byte[] renderBytes(byte[][] literal, int literalBytes, String[] values) {
        int length = literalBytes;
        for (int slot : slots) {
            length += values[slot].length();
        }
        byte[] out = new byte[length];
        int at = 0;
        for (int i = 0; i < slots.length; i++) {
            byte[] part = literal[i];
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
            String value = values[slots[i]];
            for (int j = 0; j < value.length(); j++) {
                out[at++] = (byte) value.charAt(j);
            }
        }
        byte[] last = literal[literal.length - 1];
        System.arraycopy(last, 0, out, at, last.length);
        return out;
    }

    /**
     * Collects literal markup (already escaped) and slots, with text escaped both ways: as
     * character references and kept as it is. Not thread-safe.
     */
    static final class Builder {
        private final List<String> parts = new ArrayList<>();
        private final List<String> textParts = new ArrayList<>();
        private final List<Integer> slots = new ArrayList<>();
        private StringBuilder current = new StringBuilder();
        private StringBuilder currentText = new StringBuilder();

        /** Appends markup as is: the caller has escaped its dynamic parts. */
        Builder raw(String markup) {
            current.append(markup);
            currentText.append(markup);
            return this;
        }

        /** Appends text, escaped. */
        Builder text(String text) {
            Html.escape(current, text);
            Html.escapeKeepingText(currentText, text);
            return this;
        }

        Builder slot(int index) {
            parts.add(current.toString());
            textParts.add(currentText.toString());
            slots.add(index);
            current = new StringBuilder();
            currentText = new StringBuilder();
            return this;
        }

        Template build() {
            List<String> p = new ArrayList<>(parts);
            p.add(current.toString());
            List<String> t = new ArrayList<>(textParts);
            t.add(currentText.toString());
            return new Template(p, t, slots);
        }
    }
}
