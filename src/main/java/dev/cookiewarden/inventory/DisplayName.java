package dev.cookiewarden.inventory;

/**
 * A cookie name as it may be shown or kept: names come from browsers and applications, so one may
 * be huge or carry control characters meant to forge a log line or a properties line. Stateless.
 */
final class DisplayName {
    /** The longest display form, {@code ...} included. */
    static final int MAX_LENGTH = 128;
    private static final String CUT = "...";

    private DisplayName() {
    }

    /**
     * {@code raw} with every character outside printable ASCII replaced by {@code ?}, cut to
     * {@link #MAX_LENGTH} characters (ending in {@code ...} when cut); {@code (no name)} for an
     * empty or null name.
     */
    static String of(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "(no name)";
        }
        if (isShownAsIs(raw)) {
            return raw; // the usual case, and a new String per cookie per request otherwise
        }
        boolean cut = raw.length() > MAX_LENGTH;
        int keep = cut ? MAX_LENGTH - CUT.length() : raw.length();
        StringBuilder out = new StringBuilder(keep + CUT.length());
        for (int i = 0; i < keep; i++) {
            char c = raw.charAt(i);
            out.append(c >= 0x20 && c <= 0x7e ? c : '?');
        }
        return cut ? out.append(CUT).toString() : out.toString();
    }

    /**
     * {@code text} for one line of a comment or a message: every control character (line breaks
     * included) and every Unicode line or paragraph separator replaced by {@code ?}; not cut.
     */
    static String ofText(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
        }
        return out.toString();
    }

    /** True when {@link #of} leaves {@code raw} as it is. */
    static boolean isClean(String raw) {
        return raw != null && !raw.isEmpty() && isShownAsIs(raw);
    }

    /** Printable ASCII and at most {@link #MAX_LENGTH} characters: nothing to replace or cut. */
    private static boolean isShownAsIs(String raw) {
        if (raw.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
