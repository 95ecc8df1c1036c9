package dev.cookiewarden.banner;

/**
 * A REFERENCE for the tests, not production code: {@link HtmlScanner} as it was before its bulk
 * {@code scan} methods learned to skip the code units that cannot change its state, kept unchanged
 * so that the fast paths can be compared, unit by unit and state by state, with the plain state
 * machine that fed every code unit through {@link #feed(int)}. See {@link HtmlScanner} for the rules.
 */
final class OriginalHtmlScanner {

    /** What the last code unit completed. */
    enum Point {
        /** Nothing: keep going. */
        NONE,
        /** The {@code >} of the first {@code <head>} start tag: insert after it. */
        HEAD,
        /** The {@code >} of the first {@code <body>} start tag: insert after it. */
        BODY
    }

    // Tokenizer states. Ints rather than an enum: the switch runs once per byte of the page.
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

    private static final String CDATA_OPEN = "CDATA[";
    private static final String SCRIPT_NAME = "script";
    /** Longer than any name in {@link #NAMES}: a name this long is {@link #OTHER}. */
    private static final int MAX_NAME = 9;

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
                    } else if (nameLength < MAX_NAME) {
                        name[nameLength++] = (char) (isAsciiAlpha(c) ? c | 0x20 : c);
                    } else {
                        nameLength = MAX_NAME + 1;
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

    private void endTagName() {
        tagId = OTHER;
        for (int i = 0; i < NAMES.length; i++) {
            if (nameIs(NAMES[i])) {
                tagId = i;
                return;
            }
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
        return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
    }

    private static boolean isAsciiAlpha(int c) {
        int lower = c | 0x20;
        return lower >= 'a' && lower <= 'z';
    }

    @Override
    public String toString() {
        return "OriginalHtmlScanner[state=" + state + ", headReported=" + headReported + ", templateDepth=" + templateDepth
                + ", done=" + isDone() + "]";
    }
}
