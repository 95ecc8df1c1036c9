package dev.cookiewarden.banner;

/**
 * Removes comments and indentation from the banner's own stylesheet and scripts before they are
 * hashed and served, so that the sources can stay commented and readable. Not a minifier: it
 * relies on conventions of those files, which the tests check.
 *
 * <ul>
 *   <li>JavaScript: a line that starts with {@code //} is dropped, and so is a block comment that
 *       starts a line (through the line holding its end, which must end with it); leading and
 *       trailing whitespace and blank lines go. Line breaks stay, so automatic semicolon insertion
 *       is unchanged. The files therefore put no comment after code on a line and no string
 *       across lines.</li>
 *   <li>CSS: every comment is dropped (the file has none inside a string); a line break is
 *       removed after a brace, a semicolon or a comma and before a closing brace, else becomes
 *       one space.</li>
 * </ul>
 */
final class Compactor {
    private Compactor() {
    }

    static String js(String source) {
        StringBuilder out = new StringBuilder(source.length());
        boolean inComment = false;
        for (String raw : source.split("\n", -1)) {
            String line = raw.strip();
            if (inComment) {
                inComment = !line.contains("*/");
                requireEndsComment(line, inComment);
                continue;
            }
            if (line.startsWith("/*")) {
                inComment = !line.substring(2).contains("*/");
                requireEndsComment(line, inComment);
                continue;
            }
            if (line.isEmpty() || line.startsWith("//")) {
                continue;
            }
            out.append(line).append('\n');
        }
        if (inComment) {
            throw new IllegalArgumentException("Unclosed block comment");
        }
        return out.toString();
    }

    private static void requireEndsComment(String line, boolean stillInComment) {
        if (!stillInComment && !line.endsWith("*/")) {
            throw new IllegalArgumentException("Code after a block comment on one line: " + line);
        }
    }

    static String css(String source) {
        StringBuilder noComments = new StringBuilder(source.length());
        int at = 0;
        for (int start = source.indexOf("/*"); start >= 0; start = source.indexOf("/*", at)) {
            int end = source.indexOf("*/", start + 2);
            if (end < 0) {
                throw new IllegalArgumentException("Unclosed comment at offset " + start);
            }
            noComments.append(source, at, start);
            at = end + 2;
        }
        noComments.append(source, at, source.length());

        StringBuilder out = new StringBuilder(noComments.length());
        for (String raw : noComments.toString().split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (out.length() > 0 && "{};,".indexOf(out.charAt(out.length() - 1)) < 0 && line.charAt(0) != '}') {
                out.append(' ');
            }
            out.append(line);
        }
        return out.append('\n').toString();
    }
}
