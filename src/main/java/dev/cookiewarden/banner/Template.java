package dev.cookiewarden.banner;

import java.util.ArrayList;
import java.util.List;

/**
 * Markup computed once, with numbered slots filled per request: literal parts alternate with
 * slots, so rendering is one pass of appends. Slot values are inserted as given; callers escape
 * them. The literal parts are also kept as ASCII bytes, so that a page's snippet is assembled
 * straight into the one array the injector writes. Immutable and thread-safe.
 */
final class Template {
    private final String[] parts;
    private final byte[][] asciiParts;
    private final int[] slots;
    private final int literalLength;

    private Template(List<String> parts, List<Integer> slots) {
        this.parts = parts.toArray(new String[0]);
        this.asciiParts = new byte[this.parts.length][];
        for (int i = 0; i < this.parts.length; i++) {
            this.asciiParts[i] = ascii(this.parts[i]);
        }
        this.slots = slots.stream().mapToInt(Integer::intValue).toArray();
        this.literalLength = parts.stream().mapToInt(String::length).sum();
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
        int length = literalLength;
        for (int slot : slots) {
            length += values[slot].length();
        }
        byte[] out = new byte[length];
        int at = 0;
        for (int i = 0; i < slots.length; i++) {
            byte[] part = asciiParts[i];
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
            String value = values[slots[i]];
            for (int j = 0; j < value.length(); j++) {
                out[at++] = (byte) value.charAt(j);
            }
        }
        byte[] last = asciiParts[asciiParts.length - 1];
        System.arraycopy(last, 0, out, at, last.length);
        return out;
    }

    /** The literal markup alone, for size checks. */
    int literalLength() {
        return literalLength;
    }

    /** Collects literal markup (already escaped) and slots. Not thread-safe. */
    static final class Builder {
        private final List<String> parts = new ArrayList<>();
        private final List<Integer> slots = new ArrayList<>();
        private StringBuilder current = new StringBuilder();

        /** Appends markup as is: the caller has escaped its dynamic parts. */
        Builder raw(String markup) {
            current.append(markup);
            return this;
        }

        /** Appends text, escaped. */
        Builder text(String text) {
            Html.escape(current, text);
            return this;
        }

        Builder slot(int index) {
            parts.add(current.toString());
            slots.add(index);
            current = new StringBuilder();
            return this;
        }

        Template build() {
            List<String> p = new ArrayList<>(parts);
            p.add(current.toString());
            return new Template(p, slots);
        }
    }
}
