package dev.cookiewarden.register;

import dev.cookiewarden.banner.Html;
import java.util.ArrayList;
import java.util.List;

/**
 * Markup computed once with the context path left open: literal parts alternate with two kinds of
 * slot, the context path escaped for an attribute ({@link #CONTEXT}) or URL-encoded for a query
 * value ({@link #CONTEXT_QUERY}). A request fills them in one pass of appends. Immutable.
 */
final class Slotted {
    /** Marks where the escaped context path goes; a control character, so never in escaped text. */
    static final char CONTEXT = '\u0001';
    /** Marks where the URL-encoded context path goes. */
    static final char CONTEXT_QUERY = '\u0002';

    private final String[] parts;
    private final char[] slots;
    private final int literalLength;

    /** Splits {@code markup} at its slot marks. */
    Slotted(String markup) {
        List<String> p = new ArrayList<>();
        StringBuilder kinds = new StringBuilder();
        int start = 0;
        for (int i = 0; i < markup.length(); i++) {
            char c = markup.charAt(i);
            if (c == CONTEXT || c == CONTEXT_QUERY) {
                p.add(markup.substring(start, i));
                kinds.append(c);
                start = i + 1;
            }
        }
        p.add(markup.substring(start));
        this.parts = p.toArray(new String[0]);
        this.slots = kinds.toString().toCharArray();
        this.literalLength = markup.length() - slots.length;
    }

    /** The markup with every slot filled from {@code contextPath} ({@code ""} for the root context). */
    String render(String contextPath) {
        String escaped = Html.escape(contextPath);
        String query = Html.queryValue(contextPath);
        StringBuilder out = new StringBuilder(literalLength + slots.length * Math.max(escaped.length(), query.length()));
        for (int i = 0; i < slots.length; i++) {
            out.append(parts[i]).append(slots[i] == CONTEXT ? escaped : query);
        }
        return out.append(parts[parts.length - 1]).toString();
    }

    /** The literal parts with the slot marks, for an entity tag of the rendering. */
    String markup() {
        StringBuilder out = new StringBuilder(literalLength + slots.length);
        for (int i = 0; i < slots.length; i++) {
            out.append(parts[i]).append(slots[i]);
        }
        return out.append(parts[parts.length - 1]).toString();
    }
}
