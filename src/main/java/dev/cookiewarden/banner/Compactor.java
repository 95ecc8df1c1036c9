package dev.cookiewarden.banner;

import java.util.Set;

/**
 * Removes comments and whitespace from the banner's own stylesheets and script before they are
 * hashed and served, so that the sources can stay commented and readable. Not a minifier: nothing
 * is renamed, reordered or rewritten, and input it cannot compact safely is refused with an
 * {@link IllegalArgumentException} (the tests compact the real files, so a refusal shows up there,
 * not at a filter's start). Stateless.
 *
 * <p>JavaScript: a small lexer tells comments, string literals and regular expression literals
 * from the rest. Literals are copied as they are; comments and whitespace go, and a run of them
 * becomes one space only where two tokens would otherwise merge ({@code let x}, {@code a - -b},
 * {@code 1 .toString()}). Line breaks go too, which is safe because removing one cannot change
 * what a valid script means (ECMA-262 section 12.10): where automatic semicolon insertion would
 * have added a semicolon the joined text is a syntax error, which the tests catch with Node,
 * except after {@code return}, {@code throw}, {@code break}, {@code continue}, {@code yield} or
 * {@code async}, and before {@code ++} or {@code --}; those line breaks are refused, and so is a
 * line break between two tokens that could end and start a statement (a missing semicolon). The
 * sources must also avoid what the lexer does not handle: template literals, a slash right after
 * {@code )} or {@code }} or {@code ++}/{@code --} (regular expression or division?), and HTML-like
 * comments.
 *
 * <p>CSS: comments go; whitespace runs become one space, and none at all next to
 * {@code { } ; , > ~} or after {@code :} (a space before {@code :} is kept: {@code .cw :focus} is
 * not {@code .cw:focus}); the semicolon before {@code }} goes. Strings are copied as they are; an
 * escape outside a string is refused.
 */
final class Compactor {
    /** Keywords after which a slash starts a regular expression, not a division. */
    private static final Set<String> BEFORE_EXPRESSION = Set.of("return", "typeof", "instanceof", "in", "of", "new",
            "delete", "void", "throw", "case", "do", "else", "yield", "await");
    /** Keywords that may not be followed by a line break without changing the meaning (restricted productions). */
    private static final Set<String> NO_LINE_BREAK_AFTER = Set.of("return", "throw", "break", "continue", "yield",
            "async");
    /** Characters after which a slash starts a regular expression. */
    private static final String PUNCTUATION_BEFORE_EXPRESSION = "(,=:[!&|?{};+-*%<>~^";

    private Compactor() {
    }

    static String js(String source) {
        return new Js(source).run();
    }

    /** One pass over one script; not reusable. */
    private static final class Js {
        private final String src;
        private final StringBuilder out;
        private int i;
        /** Whitespace or a comment since the last token, and whether it held a line break. */
        private boolean gap;
        private boolean lineBreak;
        /** The last word token (identifier, keyword or number), when it is the last token. */
        private String lastWord;

        Js(String src) {
            this.src = src;
            this.out = new StringBuilder(src.length());
        }

        String run() {
            while (i < src.length()) {
                char c = src.charAt(i);
                if (c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029') {
                    gap = true;
                    lineBreak = true;
                    i++;
                } else if (Character.isWhitespace(c) || c == '\u00a0' || c == '\ufeff') {
                    gap = true;
                    i++;
                } else if (src.startsWith("//", i)) {
                    while (i < src.length() && src.charAt(i) != '\n' && src.charAt(i) != '\r') {
                        i++;
                    }
                    gap = true;
                } else if (src.startsWith("/*", i)) {
                    int end = src.indexOf("*/", i + 2);
                    if (end < 0) {
                        throw refuse("unclosed block comment");
                    }
                    if (src.substring(i, end).matches("(?s).*[\\n\\r\\u2028\\u2029].*")) {
                        lineBreak = true;
                    }
                    gap = true;
                    i = end + 2;
                } else if (c == '`') {
                    throw refuse("a template literal (not supported: use quotes and +)");
                } else if (src.startsWith("<!--", i) || lineBreak && src.startsWith("-->", i)) {
                    throw refuse("an HTML-like comment");
                } else if (c == '\'' || c == '"') {
                    emit(string(c), null);
                } else if (c == '/') {
                    emit(slash(), null);
                } else if (isWord(c)) {
                    int start = i;
                    while (i < src.length() && isWord(src.charAt(i))) {
                        i++;
                    }
                    String word = src.substring(start, i);
                    emit(word, word);
                } else {
                    i++;
                    emit(String.valueOf(c), null);
                }
            }
            return out.append('\n').toString();
        }

        /** Appends a token, with one space before it where the dropped gap kept two tokens apart. */
        private void emit(String token, String word) {
            if (out.length() > 0 && gap) {
                char last = out.charAt(out.length() - 1);
                char next = token.charAt(0);
                if (lineBreak) {
                    checkLineBreak(last, token);
                }
                if (isWord(last) && isWord(next) || last == next && (next == '+' || next == '-')
                        || last == '/' && (next == '/' || next == '*') || Character.isDigit(last) && next == '.') {
                    out.append(' ');
                }
            }
            out.append(token);
            lastWord = word;
            gap = false;
            lineBreak = false;
        }

        private void checkLineBreak(char last, String next) {
            if (lastWord != null && NO_LINE_BREAK_AFTER.contains(lastWord)) {
                throw refuse("a line break after [" + lastWord + "]");
            }
            if (next.startsWith("++") || next.startsWith("--")
                    || (next.equals("+") || next.equals("-")) && src.startsWith(next, i)) {
                throw refuse("a line break before ++ or --");
            }
            boolean mayEnd = isWord(last) || last == ')' || last == ']' || last == '\'' || last == '"' || last == '/';
            boolean mayStart = isWord(next.charAt(0)) || next.charAt(0) == '\'' || next.charAt(0) == '"';
            if (mayEnd && mayStart) {
                throw refuse("a statement that ends without a semicolon before [" + next + "]");
            }
        }

        /** A string literal, copied as it is. */
        private String string(char quote) {
            int start = i++;
            while (true) {
                if (i >= src.length()) {
                    throw refuse("an unclosed string");
                }
                char c = src.charAt(i++);
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    return src.substring(start, i);
                } else if (c == '\n' || c == '\r') {
                    throw refuse("an unclosed string");
                }
            }
        }

        /** A division sign, or a regular expression literal copied as it is. */
        private String slash() {
            char last = out.length() == 0 ? '(' : out.charAt(out.length() - 1);
            boolean regex;
            if (lastWord != null) {
                regex = BEFORE_EXPRESSION.contains(lastWord);
            } else if (last == ')' || last == '}' || out.length() >= 2
                    && (out.toString().endsWith("++") || out.toString().endsWith("--"))) {
                throw refuse("a slash after ) or } or ++ or -- (division or regular expression?)");
            } else {
                regex = last == ']' ? false : PUNCTUATION_BEFORE_EXPRESSION.indexOf(last) >= 0;
            }
            if (!regex) {
                i++;
                return "/";
            }
            int start = i++;
            boolean inClass = false;
            while (true) {
                if (i >= src.length() || src.charAt(i) == '\n' || src.charAt(i) == '\r') {
                    throw refuse("an unclosed regular expression");
                }
                char c = src.charAt(i++);
                if (c == '\\') {
                    i++;
                } else if (c == '[') {
                    inClass = true;
                } else if (c == ']') {
                    inClass = false;
                } else if (c == '/' && !inClass) {
                    break;
                }
            }
            while (i < src.length() && isWord(src.charAt(i))) {
                i++;
            }
            return src.substring(start, i);
        }

        private IllegalArgumentException refuse(String what) {
            int line = 1;
            for (int k = 0; k < Math.min(i, src.length()); k++) {
                if (src.charAt(k) == '\n') {
                    line++;
                }
            }
            return new IllegalArgumentException("Cannot compact the script: " + what + " at line " + line);
        }
    }

    /** A character of an identifier, keyword or number (any non-ASCII character counts, to be safe). */
    private static boolean isWord(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$' || c > 0x7f;
    }

    static String css(String source) {
        StringBuilder out = new StringBuilder(source.length());
        boolean gap = false;
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("Unclosed comment at offset " + i);
                }
                i = end + 2;
                gap = true;
            } else if (Character.isWhitespace(c)) {
                i++;
                gap = true;
            } else if (c == '\\') {
                throw new IllegalArgumentException("An escape at offset " + i + " (not supported outside strings)");
            } else {
                String token;
                if (c == '"' || c == '\'') {
                    int end = i + 1;
                    while (end < source.length() && source.charAt(end) != c) {
                        end += source.charAt(end) == '\\' ? 2 : 1;
                    }
                    if (end >= source.length()) {
                        throw new IllegalArgumentException("Unclosed string at offset " + i);
                    }
                    token = source.substring(i, end + 1);
                } else {
                    token = String.valueOf(c);
                }
                i += token.length();
                char last = out.length() == 0 ? '{' : out.charAt(out.length() - 1);
                if (c == '}' && last == ';') {
                    out.setLength(out.length() - 1);
                } else if (gap && "{};,>~:".indexOf(last) < 0 && "{};,>~!".indexOf(c) < 0) {
                    out.append(' ');
                }
                out.append(token);
                gap = false;
            }
        }
        return out.append('\n').toString();
    }
}
