package dev.cookiewarden.enforce;

/**
 * Client-supplied text cut and cleaned for a log line or an error message: at most a given
 * length, every character outside printable ASCII replaced by {@code ?}, so that nothing a client
 * sends can forge a log line or carry a terminal escape. Stateless.
 */
public final class Printable {
    private Printable() {
    }

    /** {@code text} cut to {@code max} characters (then {@code ...}) with non-printable characters as {@code ?}. */
    public static String of(String text, int max) {
        String cut = text.length() > max ? text.substring(0, max) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
