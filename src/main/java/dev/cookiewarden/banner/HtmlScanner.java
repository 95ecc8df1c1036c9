package dev.cookiewarden.banner;

import java.util.Arrays;

/**
 * Finds, in HTML fed one code unit at a time ({@link #feed(int)}) or a range at a time (the
 * {@code scan} methods, which skip what cannot matter), the two places a consent banner goes:
 * right after the {@code >} that ends the first {@code <head>} start tag, and right after the
 * {@code >} that ends the first {@code <body>} start tag. Not thread-safe: one instance per
 * response.
 *
 * <p>It is the tokenizer of the HTML Living Standard (section 13.2.5) cut down to what decides
 * where a tag starts and ends, so that a {@code <body>} in a comment, in a script, in a quoted or
 * unquoted attribute value, or in another tag's name is not taken for the real one:
 * <ul>
 *   <li>comments end at {@code -->} or {@code --!>}, and {@code <!-->} and {@code <!--->} are
 *       empty comments, as browsers read them;
 *   <li>{@code <!DOCTYPE ...>}, any other {@code <!...>} and {@code <?...>} end at the first
 *       {@code >};
 *   <li>{@code <![CDATA[ ... ]]>} ends at {@code ]]>}. Browsers only honour that inside SVG and
 *       MathML and otherwise end it at the first {@code >}; reading it as CDATA everywhere can
 *       only hide a {@code <body>} (no banner), never invent one inside text;
 *   <li>{@code script}, {@code style}, {@code textarea}, {@code title}, {@code xmp},
 *       {@code iframe}, {@code noembed} and {@code noframes} hold raw text that ends only at their
 *       own end tag ({@code </script} followed by white space, {@code /} or {@code >}, in any
 *       case); scripts also follow the {@code <!-- <script> </script> -->} escaping rules, so
 *       {@code document.write("<script></script><body>")} inside an old-style comment-wrapped
 *       script stays script. {@code noscript} is read as markup, as browsers with scripting
 *       disabled read it (with scripting enabled they read its content as raw text, so a
 *       {@code <body>} inside a {@code <noscript>} before the real one would put the banner where
 *       those browsers never show it);
 *   <li>{@code <plaintext>} never ends, so nothing after it is reported;
 *   <li>tags inside {@code <template>} (counted, so nested templates work) are inert: browsers
 *       ignore a {@code <head>} or {@code <body>} there.
 * </ul>
 * Tag names compare case-insensitively in ASCII only, and must end with white space, {@code /} or
 * {@code >}: {@code <header>} and {@code <bodyx>} are other tags.
 *
 * <p>Code units are chars, or bytes of an ASCII-compatible encoding such as UTF-8 or
 * ISO-8859-1: every unit at or above {@code 0x80} is ordinary text, so bytes and the chars they
 * decode to give the same answer. Memory is a few fields whatever the input: attribute values,
 * comments and names are skipped, never kept.
 *
 * <p>Once the body start tag is found the scanner is {@linkplain #isDone() done}; a {@code <head>}
 * that comes after it is not reported, and neither is a head that was not seen before it.
 */
final class HtmlScanner {

    /** What the last code unit completed. */
    enum Point {
        /** Nothing: keep going. */
        NONE,
        /** The {@code >} of the first {@code <head>} start tag: insert after it. */
        HEAD,
        /** The {@code >} of the first {@code <body>} start tag: insert after it. */
        BODY
    }

    // Tokenizer states. Ints rather than an enum: the switches run for most units of a tag.
    private static final int DATA = 0;
    private static final int TAG_OPEN = 1;
    private static final int END_TAG_OPEN = 2;
    private static final int TAG_NAME = 3;
    private static final int BEFORE_ATTR_NAME = 4;
    private static final int ATTR_NAME = 5;
    private static final int AFTER_ATTR_NAME = 6;
    private static final int BEFORE_ATTR_VALUE = 7;
    private static final int ATTR_VALUE_DOUBLE = 8;
    private static final int ATTR_VALUE_SINGLE = 9;
    private static final int ATTR_VALUE_UNQUOTED = 10;
    private static final int AFTER_ATTR_VALUE_QUOTED = 11;
    private static final int SELF_CLOSING = 12;
    private static final int BOGUS_COMMENT = 13;
    private static final int MARKUP_OPEN = 14;
    private static final int MARKUP_DASH = 15;
    private static final int MARKUP_CDATA = 16;
    private static final int COMMENT_START = 17;
    private static final int COMMENT_START_DASH = 18;
    private static final int COMMENT = 19;
    private static final int COMMENT_END_DASH = 20;
    private static final int COMMENT_END = 21;
    private static final int COMMENT_END_BANG = 22;
    private static final int CDATA = 23;
    private static final int CDATA_BRACKET = 24;
    private static final int CDATA_END = 25;
    private static final int RAW = 26;
    private static final int RAW_LT = 27;
    private static final int RAW_END_TAG_OPEN = 28;
    private static final int RAW_END_TAG_NAME = 29;
    private static final int SCRIPT = 30;
    private static final int SCRIPT_LT = 31;
    private static final int SCRIPT_ESCAPE_START = 32;
    private static final int SCRIPT_ESCAPE_START_DASH = 33;
    private static final int ESCAPED = 34;
    private static final int ESCAPED_DASH = 35;
    private static final int ESCAPED_DASH_DASH = 36;
    private static final int ESCAPED_LT = 37;
    private static final int DOUBLE_ESCAPE_START = 38;
    private static final int DOUBLE_ESCAPED = 39;
    private static final int DOUBLE_ESCAPED_DASH = 40;
    private static final int DOUBLE_ESCAPED_DASH_DASH = 41;
    private static final int DOUBLE_ESCAPED_LT = 42;
    private static final int DOUBLE_ESCAPE_END = 43;
    private static final int DONE = 44;

    /** The start tags that change what the scanner does; any other name is {@link #OTHER}. */
    private static final String[] NAMES = {"head", "body", "template", "plaintext",
            "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"};
    private static final int OTHER = -1;
    private static final int HEAD = 0;
    private static final int BODY = 1;
    private static final int TEMPLATE = 2;
    private static final int PLAINTEXT = 3;
    private static final int SCRIPT_TAG = 4;
    /** Index of the first raw-text element other than script in {@link #NAMES}. */
    private static final int FIRST_RAW_TEXT = 5;
    private static final int STYLE = 5;
    private static final int TEXTAREA = 6;
    private static final int TITLE = 7;
    private static final int XMP = 8;
    private static final int IFRAME = 9;
    private static final int NOEMBED = 10;
    private static final int NOFRAMES = 11;

    private static final String CDATA_OPEN = "CDATA[";
    private static final String SCRIPT_NAME = "script";
    /** Longer than any name in {@link #NAMES}: a name this long is {@link #OTHER}. */
    private static final int MAX_NAME = 9;
    /** The length of the shortest name in {@link #NAMES}, {@code "xmp"}. */
    private static final int MIN_NAME = 3;

    private int state = DATA;
    private boolean endTag;
    /** The lower-cased start of the current tag name, up to {@link #MAX_NAME} characters. */
    private final char[] name = new char[MAX_NAME];
    /** Characters of the tag name seen; above {@link #MAX_NAME} the name is {@link #OTHER}. */
    private int nameLength;
    private int tagId;
    /** The raw-text element we are in, whose end tag we are matching ({@code "script"} etc.). */
    private String rawName = "";
    /** The state raw text resumes in when a would-be end tag turns out not to be one. */
    private int rawReturn;
    /** How many characters of {@link #rawName} or {@link #CDATA_OPEN} matched so far. */
    private int matched;
    private int templateDepth;
    private boolean headReported;
    /** What the last code unit a {@code scan} method fed completed. */
    private Point reported = Point.NONE;

    /**
     * Takes the next code unit ({@code 0..0xFFFF} for chars, {@code 0..0xFF} for bytes) and says
     * whether it was the {@code >} the head or body insertion goes after.
     */
    Point feed(int c) {
        while (true) {
            switch (state) {
                case DATA:
                    if (c == '<') {
                        state = TAG_OPEN;
                    }
                    return Point.NONE;
                case TAG_OPEN:
                    if (c == '!') {
                        state = MARKUP_OPEN;
                    } else if (c == '/') {
                        state = END_TAG_OPEN;
                    } else if (c == '?') {
                        state = BOGUS_COMMENT;
                    } else if (isAsciiAlpha(c)) {
                        startTagName(false, c);
                    } else {
                        state = DATA;
                        continue; // "<" then "<": the second may still open a tag
                    }
                    return Point.NONE;
                case END_TAG_OPEN:
                    if (isAsciiAlpha(c)) {
                        startTagName(true, c);
                    } else {
                        state = c == '>' ? DATA : BOGUS_COMMENT; // "</>" is dropped, "</ x>" is a comment
                    }
                    return Point.NONE;
                case TAG_NAME:
                    if (isWhitespace(c)) {
                        endTagName();
                        state = BEFORE_ATTR_NAME;
                    } else if (c == '/') {
                        endTagName();
                        state = SELF_CLOSING;
                    } else if (c == '>') {
                        endTagName();
                        return tagEnded();
                    } else {
                        appendToName(c);
                    }
                    return Point.NONE;
                case BEFORE_ATTR_NAME:
                    if (c == '/') {
                        state = SELF_CLOSING;
                    } else if (c == '>') {
                        return tagEnded();
                    } else if (!isWhitespace(c)) {
                        state = ATTR_NAME; // even "=": a name may start with it
                    }
                    return Point.NONE;
                case ATTR_NAME:
                    if (isWhitespace(c)) {
                        state = AFTER_ATTR_NAME;
                    } else if (c == '/') {
                        state = SELF_CLOSING;
                    } else if (c == '=') {
                        state = BEFORE_ATTR_VALUE;
                    } else if (c == '>') {
                        return tagEnded();
                    }
                    return Point.NONE;
                case AFTER_ATTR_NAME:
                    if (c == '/') {
                        state = SELF_CLOSING;
                    } else if (c == '=') {
                        state = BEFORE_ATTR_VALUE;
                    } else if (c == '>') {
                        return tagEnded();
                    } else if (!isWhitespace(c)) {
                        state = ATTR_NAME;
                    }
                    return Point.NONE;
                case BEFORE_ATTR_VALUE:
                    if (c == '"') {
                        state = ATTR_VALUE_DOUBLE;
                    } else if (c == '\'') {
                        state = ATTR_VALUE_SINGLE;
                    } else if (c == '>') {
                        return tagEnded();
                    } else if (!isWhitespace(c)) {
                        state = ATTR_VALUE_UNQUOTED;
                    }
                    return Point.NONE;
                case ATTR_VALUE_DOUBLE:
                    if (c == '"') {
                        state = AFTER_ATTR_VALUE_QUOTED;
                    }
                    return Point.NONE;
                case ATTR_VALUE_SINGLE:
                    if (c == '\'') {
                        state = AFTER_ATTR_VALUE_QUOTED;
                    }
                    return Point.NONE;
                case ATTR_VALUE_UNQUOTED:
                    if (isWhitespace(c)) {
                        state = BEFORE_ATTR_NAME;
                    } else if (c == '>') {
                        return tagEnded();
                    }
                    return Point.NONE;
                case AFTER_ATTR_VALUE_QUOTED:
                case SELF_CLOSING:
                    // Both: "/" (again) and ">" as usual; anything else starts the next attribute.
                    state = BEFORE_ATTR_NAME;
                    continue;
                case BOGUS_COMMENT:
                    if (c == '>') {
                        state = DATA;
                    }
                    return Point.NONE;
                case MARKUP_OPEN:
                    if (c == '-') {
                        state = MARKUP_DASH;
                    } else if (c == '[') {
                        matched = 0;
                        state = MARKUP_CDATA;
                    } else {
                        state = BOGUS_COMMENT; // doctype included: it ends at the first ">" too
                        continue;
                    }
                    return Point.NONE;
                case MARKUP_DASH:
                    if (c == '-') {
                        state = COMMENT_START;
                        return Point.NONE;
                    }
                    state = BOGUS_COMMENT;
                    continue;
                case MARKUP_CDATA:
                    if (c == CDATA_OPEN.charAt(matched)) { // upper case only, as the spec says
                        if (++matched == CDATA_OPEN.length()) {
                            state = CDATA;
                        }
                        return Point.NONE;
                    }
                    state = BOGUS_COMMENT;
                    continue;
                case COMMENT_START:
                    state = c == '-' ? COMMENT_START_DASH : c == '>' ? DATA : COMMENT;
                    return Point.NONE;
                case COMMENT_START_DASH:
                    state = c == '-' ? COMMENT_END : c == '>' ? DATA : COMMENT;
                    return Point.NONE;
                case COMMENT:
                    if (c == '-') {
                        state = COMMENT_END_DASH;
                    }
                    return Point.NONE;
                case COMMENT_END_DASH:
                    state = c == '-' ? COMMENT_END : COMMENT;
                    return Point.NONE;
                case COMMENT_END:
                    if (c == '>') {
                        state = DATA;
                    } else if (c == '!') {
                        state = COMMENT_END_BANG;
                    } else if (c != '-') {
                        state = COMMENT;
                    }
                    return Point.NONE;
                case COMMENT_END_BANG:
                    state = c == '>' ? DATA : c == '-' ? COMMENT_END_DASH : COMMENT;
                    return Point.NONE;
                case CDATA:
                    if (c == ']') {
                        state = CDATA_BRACKET;
                    }
                    return Point.NONE;
                case CDATA_BRACKET:
                    state = c == ']' ? CDATA_END : CDATA;
                    return Point.NONE;
                case CDATA_END:
                    if (c == '>') {
                        state = DATA;
                    } else if (c != ']') {
                        state = CDATA;
                    }
                    return Point.NONE;
                case RAW:
                    if (c == '<') {
                        state = RAW_LT;
                    }
                    return Point.NONE;
                case RAW_LT:
                    if (c == '/') {
                        state = RAW_END_TAG_OPEN;
                        return Point.NONE;
                    }
                    state = RAW;
                    continue;
                case RAW_END_TAG_OPEN:
                    // Shared by raw text, script and escaped script: "</" then the element's name.
                    matched = 0;
                    if (isAsciiAlpha(c)) {
                        state = RAW_END_TAG_NAME;
                    } else {
                        state = rawReturn;
                    }
                    continue;
                case RAW_END_TAG_NAME:
                    if (matched < rawName.length() && isAsciiAlpha(c) && (c | 0x20) == rawName.charAt(matched)) {
                        matched++;
                        return Point.NONE;
                    }
                    if (matched == rawName.length() && (isWhitespace(c) || c == '/' || c == '>')) {
                        // The element's own end tag: it may carry attributes like any other.
                        endTag = true;
                        tagId = OTHER;
                        state = BEFORE_ATTR_NAME;
                    } else {
                        state = rawReturn; // not its end tag after all: text
                    }
                    continue;
                case SCRIPT:
                    if (c == '<') {
                        state = SCRIPT_LT;
                    }
                    return Point.NONE;
                case SCRIPT_LT:
                    if (c == '/') {
                        rawReturn = SCRIPT;
                        state = RAW_END_TAG_OPEN;
                    } else if (c == '!') {
                        state = SCRIPT_ESCAPE_START;
                    } else {
                        state = SCRIPT;
                        continue;
                    }
                    return Point.NONE;
                case SCRIPT_ESCAPE_START:
                    if (c == '-') {
                        state = SCRIPT_ESCAPE_START_DASH;
                        return Point.NONE;
                    }
                    state = SCRIPT;
                    continue;
                case SCRIPT_ESCAPE_START_DASH:
                    if (c == '-') {
                        state = ESCAPED_DASH_DASH;
                        return Point.NONE;
                    }
                    state = SCRIPT;
                    continue;
                case ESCAPED:
                    if (c == '-') {
                        state = ESCAPED_DASH;
                    } else if (c == '<') {
                        state = ESCAPED_LT;
                    }
                    return Point.NONE;
                case ESCAPED_DASH:
                    state = c == '-' ? ESCAPED_DASH_DASH : c == '<' ? ESCAPED_LT : ESCAPED;
                    return Point.NONE;
                case ESCAPED_DASH_DASH:
                    if (c == '<') {
                        state = ESCAPED_LT;
                    } else if (c == '>') {
                        state = SCRIPT; // "-->" closes the escape, not the script
                    } else if (c != '-') {
                        state = ESCAPED;
                    }
                    return Point.NONE;
                case ESCAPED_LT:
                    if (c == '/') {
                        rawReturn = ESCAPED;
                        state = RAW_END_TAG_OPEN;
                        return Point.NONE;
                    }
                    if (isAsciiAlpha(c)) {
                        matched = 0;
                        state = DOUBLE_ESCAPE_START;
                    } else {
                        state = ESCAPED;
                    }
                    continue;
                case DOUBLE_ESCAPE_START:
                case DOUBLE_ESCAPE_END: {
                    // "<script" opens, and "</script" closes, a nested script that hides "</script>".
                    boolean opening = state == DOUBLE_ESCAPE_START;
                    if (matched < SCRIPT_NAME.length() && isAsciiAlpha(c) && (c | 0x20) == SCRIPT_NAME.charAt(matched)) {
                        matched++;
                        return Point.NONE;
                    }
                    if (matched == SCRIPT_NAME.length() && (isWhitespace(c) || c == '/' || c == '>')) {
                        state = opening ? DOUBLE_ESCAPED : ESCAPED;
                        return Point.NONE;
                    }
                    state = opening ? ESCAPED : DOUBLE_ESCAPED;
                    continue;
                }
                case DOUBLE_ESCAPED:
                    if (c == '-') {
                        state = DOUBLE_ESCAPED_DASH;
                    } else if (c == '<') {
                        state = DOUBLE_ESCAPED_LT;
                    }
                    return Point.NONE;
                case DOUBLE_ESCAPED_DASH:
                    state = c == '-' ? DOUBLE_ESCAPED_DASH_DASH : c == '<' ? DOUBLE_ESCAPED_LT : DOUBLE_ESCAPED;
                    return Point.NONE;
                case DOUBLE_ESCAPED_DASH_DASH:
                    if (c == '<') {
                        state = DOUBLE_ESCAPED_LT;
                    } else if (c == '>') {
                        state = SCRIPT;
                    } else if (c != '-') {
                        state = DOUBLE_ESCAPED;
                    }
                    return Point.NONE;
                case DOUBLE_ESCAPED_LT:
                    if (c == '/') {
                        matched = 0;
                        state = DOUBLE_ESCAPE_END;
                        return Point.NONE;
                    }
                    state = DOUBLE_ESCAPED;
                    continue;
                default: // DONE
                    return Point.NONE;
            }
        }
    }

    /**
     * Takes {@code b[from, to)} as {@link #feed(int)} would take them one by one, and stops right
     * after the first unit that completes a point: returns the index after that unit, or
     * {@code to}; {@link #reported()} then says which point it was ({@link Point#NONE} if none).
     *
     * <p>The fast path of the injectors. Units that cannot change anything in the current state
     * (all but {@code <} in text and raw text, all but the quote in a quoted attribute value, all
     * but {@code -} in a comment...) are skipped in bulk, and the transitions of ordinary markup
     * (a tag name, an attribute, its quoted value) are taken here, each exactly as {@code feed}
     * takes it; every other unit goes through {@code feed}, which is too big for the JIT to
     * inline. {@code HtmlScannerScanTest} holds the two to the same fields after every unit.
     */
    @SuppressWarnings("fallthrough") // on purpose: see the comment in the loop
    int scan(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            // Ordinary markup falls from case to case: "<", a name, then per attribute a name,
            // "=" and a double-quoted value, with one dispatch per attribute.
            switch (state) {
                case DATA:
                    i = CodeUnits.indexOf(b, i, to, (byte) '<');
                    if (i == to) {
                        continue;
                    }
                    state = TAG_OPEN;
                    i++;
                    // fall through
                case TAG_OPEN: {
                    if (i == to) {
                        continue;
                    }
                    int c = b[i] & 0xFF;
                    boolean isEnd = c == '/';
                    if (isEnd) {
                        state = END_TAG_OPEN;
                        if (++i == to) {
                            continue;
                        }
                        c = b[i] & 0xFF;
                    }
                    if (!isAsciiAlpha(c)) {
                        break; // for feed, in this state or END_TAG_OPEN
                    }
                    startTagName(isEnd, c);
                    i++;
                }
                    // fall through
                case TAG_NAME:
                    for (int c; i < to && !endsTagName(c = (b[i] & 0xFF)); i++) {
                        appendToName(c);
                    }
                    if (i == to) {
                        continue;
                    }
                    if ((b[i] & 0xFF) == '>') {
                        endTagName();
                        i++;
                        Point point = tagEnded();
                        if (point != Point.NONE) {
                            reported = point;
                            return i;
                        }
                        continue;
                    }
                    if ((b[i] & 0xFF) == '/') {
                        break;
                    }
                    endTagName();
                    state = BEFORE_ATTR_NAME;
                    i++;
                    // fall through
                case AFTER_ATTR_VALUE_QUOTED:
                    state = BEFORE_ATTR_NAME; // and the same unit again there, as feed does
                    // fall through
                case BEFORE_ATTR_NAME:
                    while (i < to && isWhitespace(b[i] & 0xFF)) {
                        i++;
                    }
                    if (i == to) {
                        continue;
                    }
                    if ((b[i] & 0xFF) == '>') {
                        i++;
                        Point point = tagEnded();
                        if (point != Point.NONE) {
                            reported = point;
                            return i;
                        }
                        continue;
                    }
                    if ((b[i] & 0xFF) == '/') {
                        break;
                    }
                    state = ATTR_NAME;
                    i++;
                    // fall through
                case ATTR_NAME:
                    while (i < to && !endsAttributeName(b[i] & 0xFF)) {
                        i++;
                    }
                    if (i == to) {
                        continue;
                    }
                    if ((b[i] & 0xFF) != '=') {
                        break;
                    }
                    state = BEFORE_ATTR_VALUE;
                    i++;
                    // fall through
                case BEFORE_ATTR_VALUE:
                    while (i < to && isWhitespace(b[i] & 0xFF)) {
                        i++;
                    }
                    if (i == to) {
                        continue;
                    }
                    if ((b[i] & 0xFF) != '"') {
                        break;
                    }
                    state = ATTR_VALUE_DOUBLE;
                    i++;
                    // fall through
                case ATTR_VALUE_DOUBLE:
                    i = CodeUnits.indexOf(b, i, to, (byte) '"');
                    if (i < to) {
                        state = AFTER_ATTR_VALUE_QUOTED;
                        i++;
                    }
                    continue;
                case END_TAG_OPEN: {
                    int c = b[i] & 0xFF;
                    if (!isAsciiAlpha(c)) {
                        break;
                    }
                    startTagName(true, c);
                    i++;
                    continue;
                }
                case AFTER_ATTR_NAME:
                    while (i < to && isWhitespace(b[i] & 0xFF)) {
                        i++;
                    }
                    break;
                case ATTR_VALUE_SINGLE:
                    i = CodeUnits.indexOf(b, i, to, (byte) '\'');
                    if (i < to) {
                        state = AFTER_ATTR_VALUE_QUOTED;
                        i++;
                    }
                    continue;
                case ATTR_VALUE_UNQUOTED:
                    while (i < to && !endsUnquotedValue(b[i] & 0xFF)) {
                        i++;
                    }
                    break;
                case BOGUS_COMMENT:
                    i = CodeUnits.indexOf(b, i, to, (byte) '>');
                    if (i < to) {
                        state = DATA;
                        i++;
                    }
                    continue;
                case COMMENT:
                    i = CodeUnits.indexOf(b, i, to, (byte) '-');
                    break;
                case CDATA:
                    i = CodeUnits.indexOf(b, i, to, (byte) ']');
                    break;
                case RAW:
                case SCRIPT:
                    i = CodeUnits.indexOf(b, i, to, (byte) '<');
                    break;
                case ESCAPED:
                case DOUBLE_ESCAPED:
                    i = CodeUnits.indexOfEither(b, i, to, (byte) '-', (byte) '<');
                    break;
                case DONE:
                    i = to;
                    continue;
                default:
                    break;
            }
            if (i < to) {
                Point point = feed(b[i++] & 0xFF);
                if (point != Point.NONE) {
                    reported = point;
                    return i;
                }
            }
        }
        reported = Point.NONE;
        return to;
    }

    /** {@link #scan(byte[], int, int)} for chars. */
    @SuppressWarnings("fallthrough") // on purpose: see the comment in the loop
    int scan(char[] units, int from, int to) {
        int i = from;
        while (i < to) {
            // Ordinary markup falls from case to case: "<", a name, then per attribute a name,
            // "=" and a double-quoted value, with one dispatch per attribute.
            switch (state) {
                case DATA:
                    i = CodeUnits.indexOf(units, i, to, '<');
                    if (i == to) {
                        continue;
                    }
                    state = TAG_OPEN;
                    i++;
                    // fall through
                case TAG_OPEN: {
                    if (i == to) {
                        continue;
                    }
                    int c = units[i];
                    boolean isEnd = c == '/';
                    if (isEnd) {
                        state = END_TAG_OPEN;
                        if (++i == to) {
                            continue;
                        }
                        c = units[i];
                    }
                    if (!isAsciiAlpha(c)) {
                        break; // for feed, in this state or END_TAG_OPEN
                    }
                    startTagName(isEnd, c);
                    i++;
                }
                    // fall through
                case TAG_NAME:
                    for (int c; i < to && !endsTagName(c = units[i]); i++) {
                        appendToName(c);
                    }
                    if (i == to) {
                        continue;
                    }
                    if (units[i] == '>') {
                        endTagName();
                        i++;
                        Point point = tagEnded();
                        if (point != Point.NONE) {
                            reported = point;
                            return i;
                        }
                        continue;
                    }
                    if (units[i] == '/') {
                        break;
                    }
                    endTagName();
                    state = BEFORE_ATTR_NAME;
                    i++;
                    // fall through
                case AFTER_ATTR_VALUE_QUOTED:
                    state = BEFORE_ATTR_NAME; // and the same unit again there, as feed does
                    // fall through
                case BEFORE_ATTR_NAME:
                    while (i < to && isWhitespace(units[i])) {
                        i++;
                    }
                    if (i == to) {
                        continue;
                    }
                    if (units[i] == '>') {
                        i++;
                        Point point = tagEnded();
                        if (point != Point.NONE) {
                            reported = point;
                            return i;
                        }
                        continue;
                    }
                    if (units[i] == '/') {
                        break;
                    }
                    state = ATTR_NAME;
                    i++;
                    // fall through
                case ATTR_NAME:
                    while (i < to && !endsAttributeName(units[i])) {
                        i++;
                    }
                    if (i == to) {
                        continue;
                    }
                    if (units[i] != '=') {
                        break;
                    }
                    state = BEFORE_ATTR_VALUE;
                    i++;
                    // fall through
                case BEFORE_ATTR_VALUE:
                    while (i < to && isWhitespace(units[i])) {
                        i++;
                    }
                    if (i == to) {
                        continue;
                    }
                    if (units[i] != '"') {
                        break;
                    }
                    state = ATTR_VALUE_DOUBLE;
                    i++;
                    // fall through
                case ATTR_VALUE_DOUBLE:
                    i = CodeUnits.indexOf(units, i, to, '"');
                    if (i < to) {
                        state = AFTER_ATTR_VALUE_QUOTED;
                        i++;
                    }
                    continue;
                case END_TAG_OPEN: {
                    int c = units[i];
                    if (!isAsciiAlpha(c)) {
                        break;
                    }
                    startTagName(true, c);
                    i++;
                    continue;
                }
                case AFTER_ATTR_NAME:
                    while (i < to && isWhitespace(units[i])) {
                        i++;
                    }
                    break;
                case ATTR_VALUE_SINGLE:
                    i = CodeUnits.indexOf(units, i, to, '\'');
                    if (i < to) {
                        state = AFTER_ATTR_VALUE_QUOTED;
                        i++;
                    }
                    continue;
                case ATTR_VALUE_UNQUOTED:
                    while (i < to && !endsUnquotedValue(units[i])) {
                        i++;
                    }
                    break;
                case BOGUS_COMMENT:
                    i = CodeUnits.indexOf(units, i, to, '>');
                    if (i < to) {
                        state = DATA;
                        i++;
                    }
                    continue;
                case COMMENT:
                    i = CodeUnits.indexOf(units, i, to, '-');
                    break;
                case CDATA:
                    i = CodeUnits.indexOf(units, i, to, ']');
                    break;
                case RAW:
                case SCRIPT:
                    i = CodeUnits.indexOf(units, i, to, '<');
                    break;
                case ESCAPED:
                case DOUBLE_ESCAPED:
                    i = CodeUnits.indexOfEither(units, i, to, '-', '<');
                    break;
                case DONE:
                    i = to;
                    continue;
                default:
                    break;
            }
            if (i < to) {
                Point point = feed(units[i++]);
                if (point != Point.NONE) {
                    reported = point;
                    return i;
                }
            }
        }
        reported = Point.NONE;
        return to;
    }

    /** {@link #scan(byte[], int, int)} for the chars of a string. */
    @SuppressWarnings("fallthrough") // on purpose: see the comment in the loop
    int scan(String s, int from, int to) {
        int i = from;
        while (i < to) {
            // Ordinary markup falls from case to case: "<", a name, then per attribute a name,
            // "=" and a double-quoted value, with one dispatch per attribute.
            switch (state) {
                case DATA:
                    i = CodeUnits.indexOf(s, i, to, '<');
                    if (i == to) {
                        continue;
                    }
                    state = TAG_OPEN;
                    i++;
                    // fall through
                case TAG_OPEN: {
                    if (i == to) {
                        continue;
                    }
                    int c = s.charAt(i);
                    boolean isEnd = c == '/';
                    if (isEnd) {
                        state = END_TAG_OPEN;
                        if (++i == to) {
                            continue;
                        }
                        c = s.charAt(i);
                    }
                    if (!isAsciiAlpha(c)) {
                        break; // for feed, in this state or END_TAG_OPEN
                    }
                    startTagName(isEnd, c);
                    i++;
                }
                    // fall through
                case TAG_NAME:
                    for (int c; i < to && !endsTagName(c = s.charAt(i)); i++) {
                        appendToName(c);
                    }
                    if (i == to) {
                        continue;
                    }
                    if (s.charAt(i) == '>') {
                        endTagName();
                        i++;
                        Point point = tagEnded();
                        if (point != Point.NONE) {
                            reported = point;
                            return i;
                        }
                        continue;
                    }
                    if (s.charAt(i) == '/') {
                        break;
                    }
                    endTagName();
                    state = BEFORE_ATTR_NAME;
                    i++;
                    // fall through
                case AFTER_ATTR_VALUE_QUOTED:
                    state = BEFORE_ATTR_NAME; // and the same unit again there, as feed does
                    // fall through
                case BEFORE_ATTR_NAME:
                    while (i < to && isWhitespace(s.charAt(i))) {
                        i++;
                    }
                    if (i == to) {
                        continue;
                    }
                    if (s.charAt(i) == '>') {
                        i++;
                        Point point = tagEnded();
                        if (point != Point.NONE) {
                            reported = point;
                            return i;
                        }
                        continue;
                    }
                    if (s.charAt(i) == '/') {
                        break;
                    }
                    state = ATTR_NAME;
                    i++;
                    // fall through
                case ATTR_NAME:
                    while (i < to && !endsAttributeName(s.charAt(i))) {
                        i++;
                    }
                    if (i == to) {
                        continue;
                    }
                    if (s.charAt(i) != '=') {
                        break;
                    }
                    state = BEFORE_ATTR_VALUE;
                    i++;
                    // fall through
                case BEFORE_ATTR_VALUE:
                    while (i < to && isWhitespace(s.charAt(i))) {
                        i++;
                    }
                    if (i == to) {
                        continue;
                    }
                    if (s.charAt(i) != '"') {
                        break;
                    }
                    state = ATTR_VALUE_DOUBLE;
                    i++;
                    // fall through
                case ATTR_VALUE_DOUBLE:
                    i = CodeUnits.indexOf(s, i, to, '"');
                    if (i < to) {
                        state = AFTER_ATTR_VALUE_QUOTED;
                        i++;
                    }
                    continue;
                case END_TAG_OPEN: {
                    int c = s.charAt(i);
                    if (!isAsciiAlpha(c)) {
                        break;
                    }
                    startTagName(true, c);
                    i++;
                    continue;
                }
                case AFTER_ATTR_NAME:
                    while (i < to && isWhitespace(s.charAt(i))) {
                        i++;
                    }
                    break;
                case ATTR_VALUE_SINGLE:
                    i = CodeUnits.indexOf(s, i, to, '\'');
                    if (i < to) {
                        state = AFTER_ATTR_VALUE_QUOTED;
                        i++;
                    }
                    continue;
                case ATTR_VALUE_UNQUOTED:
                    while (i < to && !endsUnquotedValue(s.charAt(i))) {
                        i++;
                    }
                    break;
                case BOGUS_COMMENT:
                    i = CodeUnits.indexOf(s, i, to, '>');
                    if (i < to) {
                        state = DATA;
                        i++;
                    }
                    continue;
                case COMMENT:
                    i = CodeUnits.indexOf(s, i, to, '-');
                    break;
                case CDATA:
                    i = CodeUnits.indexOf(s, i, to, ']');
                    break;
                case RAW:
                case SCRIPT:
                    i = CodeUnits.indexOf(s, i, to, '<');
                    break;
                case ESCAPED:
                case DOUBLE_ESCAPED:
                    i = CodeUnits.indexOfEither(s, i, to, '-', '<');
                    break;
                case DONE:
                    i = to;
                    continue;
                default:
                    break;
            }
            if (i < to) {
                Point point = feed(s.charAt(i++));
                if (point != Point.NONE) {
                    reported = point;
                    return i;
                }
            }
        }
        reported = Point.NONE;
        return to;
    }

    /** What the unit before the index the last {@code scan} returned completed, if anything. */
    Point reported() {
        return reported;
    }

    /**
     * A copy of this scanner as it is now, to {@linkplain #resumeFrom resume from} or
     * {@linkplain #sameStateAs compare with} later: {@link ResyncMemo} keeps such copies, taken
     * along a page, and never changes them.
     */
    HtmlScanner copy() {
        HtmlScanner copy = new HtmlScanner();
        copy.resumeFrom(this);
        return copy;
    }

    /**
     * Takes every field of {@code other}, {@link #reported()} included: this scanner goes on as
     * {@code other} would, and says what {@code other}'s last unit completed.
     */
    void resumeFrom(HtmlScanner other) {
        state = other.state;
        endTag = other.endTag;
        System.arraycopy(other.name, 0, name, 0, MAX_NAME);
        nameLength = other.nameLength;
        tagId = other.tagId;
        rawName = other.rawName;
        rawReturn = other.rawReturn;
        matched = other.matched;
        templateDepth = other.templateDepth;
        headReported = other.headReported;
        reported = other.reported;
    }

    /**
     * Whether this scanner would treat any units exactly as {@code other} would: every field is
     * the same but {@link #reported()}, which says what happened before and decides nothing after.
     * The scanner is deterministic, so two scanners in the same state fed the same units report
     * the same points at the same places.
     */
    boolean sameStateAs(HtmlScanner other) {
        return state == other.state
                && endTag == other.endTag
                && nameLength == other.nameLength
                && tagId == other.tagId
                && rawReturn == other.rawReturn
                && matched == other.matched
                && templateDepth == other.templateDepth
                && headReported == other.headReported
                && rawName.equals(other.rawName)
                && Arrays.equals(name, other.name);
    }

    /**
     * Whether nothing more can be reported: the body start tag was found, or a
     * {@code <plaintext>} turned the rest of the page into text.
     */
    boolean isDone() {
        return state == DONE;
    }

    private void startTagName(boolean isEnd, int firstLetter) {
        endTag = isEnd;
        name[0] = (char) (firstLetter | 0x20);
        nameLength = 1;
        state = TAG_NAME;
    }

    /** Keeps the name's start, lower-cased; a name longer than any we look for is just long. */
    private void appendToName(int c) {
        if (nameLength < MAX_NAME) {
            name[nameLength++] = (char) (isAsciiAlpha(c) ? c | 0x20 : c);
        } else {
            nameLength = MAX_NAME + 1;
        }
    }

    private void endTagName() {
        tagId = OTHER;
        if (nameLength < MIN_NAME || nameLength > MAX_NAME) {
            return; // most tags of a page: "a", "p", "li", "h2"...
        }
        // At most one name of NAMES can match: picked by first letter (and length), then compared.
        int candidate = switch (name[0]) {
            case 'h' -> HEAD;
            case 'b' -> BODY;
            case 'p' -> PLAINTEXT;
            case 'x' -> XMP;
            case 'i' -> IFRAME;
            case 's' -> nameLength == 6 ? SCRIPT_TAG : STYLE;
            case 'n' -> nameLength == 7 ? NOEMBED : NOFRAMES;
            case 't' -> nameLength == 5 ? TITLE : name[2] == 'm' ? TEMPLATE : TEXTAREA;
            default -> OTHER;
        };
        if (candidate != OTHER && nameIs(NAMES[candidate])) {
            tagId = candidate;
        }
    }

    private boolean nameIs(String candidate) {
        if (candidate.length() != nameLength) {
            return false;
        }
        for (int i = 0; i < nameLength; i++) {
            if (name[i] != candidate.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The {@code >} of a tag was just consumed. */
    private Point tagEnded() {
        state = DATA;
        if (endTag) {
            if (tagId == TEMPLATE && templateDepth > 0) {
                templateDepth--;
            }
            return Point.NONE;
        }
        switch (tagId) {
            case HEAD:
                if (templateDepth == 0 && !headReported) {
                    headReported = true;
                    return Point.HEAD;
                }
                return Point.NONE;
            case BODY:
                if (templateDepth == 0) {
                    state = DONE;
                    return Point.BODY;
                }
                return Point.NONE;
            case TEMPLATE:
                if (templateDepth < Integer.MAX_VALUE) {
                    templateDepth++;
                }
                return Point.NONE;
            case PLAINTEXT:
                state = DONE;
                return Point.NONE;
            case SCRIPT_TAG:
                rawName = SCRIPT_NAME;
                state = SCRIPT;
                return Point.NONE;
            default:
                if (tagId >= FIRST_RAW_TEXT) {
                    rawName = NAMES[tagId];
                    rawReturn = RAW;
                    state = RAW;
                }
                return Point.NONE;
        }
    }

    /** HTML's "ASCII whitespace": tab, line feed, form feed, carriage return, space. */
    private static boolean isWhitespace(int c) {
        return c <= ' ' && (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f');
    }

    /** The units that end a tag name. */
    private static boolean endsTagName(int c) {
        // All of them are at or below '>': one comparison for the letters of a name.
        return c <= '>' && (c == '>' || c == '/' || isWhitespace(c));
    }

    /** The units the attribute name state does not ignore. */
    private static boolean endsAttributeName(int c) {
        return c <= '>' && (c == '=' || c == '>' || c == '/' || isWhitespace(c));
    }

    /** The units the unquoted attribute value state does not ignore. */
    private static boolean endsUnquotedValue(int c) {
        return c <= '>' && (c == '>' || isWhitespace(c));
    }

    private static boolean isAsciiAlpha(int c) {
        int lower = c | 0x20;
        return lower >= 'a' && lower <= 'z';
    }

    @Override
    public String toString() {
        return "HtmlScanner[state=" + state + ", headReported=" + headReported + ", templateDepth=" + templateDepth
                + ", done=" + isDone() + "]";
    }
}
