package dev.cookiewarden.banner;

import java.util.ArrayList;
import java.util.List;

/**
 * Markup computed once, with numbered slots filled per request: literal parts alternate with
 * slots, so rendering is one pass of appends. Slot values are inserted as given; callers escape
 * them. Immutable and thread-safe.
 */
final class Template {
    private final String[] parts;
    private final int[] slots;
    private final int literalLength;

    private Template(List<String> parts, List<Integer> slots) {
        this.parts = parts.toArray(new String[0]);
        this.slots = slots.stream().mapToInt(Integer::intValue).toArray();
        this.literalLength = parts.stream().mapToInt(String::length).sum();
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
