package dev.cookiewarden.banner;

/**
 * A REFERENCE for the tests, not production code: finds where the head and body snippets go by
 * looking at the whole page at once with {@code indexOf} and plain loops, so that the streaming
 * {@link HtmlScanner} can be checked against something written the other way round. It follows
 * the same rules (see {@link HtmlScanner}'s Javadoc), read from the HTML tokenizer again: a
 * construct is skipped by searching for what ends it rather than by walking a state machine.
 */
final class ReferenceInjectionPoints {
    /** Indexes in the page right after the head and body start tags' {@code >}; -1 if none. */
    record Points(int head, int body) {
        static final Points NONE = new Points(-1, -1);
    }

    private static final String[] RAW_TEXT = {"style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"};

    private final String s;
    private final int n;

    private ReferenceInjectionPoints(String page) {
        this.s = page;
        this.n = page.length();
    }

    static Points find(String page) {
        return new ReferenceInjectionPoints(page).find();
    }

    private Points find() {
        int head = -1;
        int templates = 0;
        int i = 0;
        while (true) {
            int lt = s.indexOf('<', i);
            if (lt < 0 || lt + 1 >= n) {
                return new Points(head, -1);
            }
            char next = s.charAt(lt + 1);
            if (s.startsWith("<!--", lt)) {
                i = commentEnd(lt + 4);
            } else if (s.startsWith("<![CDATA[", lt)) {
                i = after("]]>", lt + 9);
            } else if (next == '!' || next == '?') {
                i = after(">", lt + 2);
            } else if (next == '/') {
                if (lt + 2 >= n) {
                    return new Points(head, -1);
                }
                if (isLetter(s.charAt(lt + 2))) {
                    Tag tag = tag(lt + 2);
                    if (tag == null) {
                        return new Points(head, -1);
                    }
                    if (tag.name.equals("template") && templates > 0) {
                        templates--;
                    }
                    i = tag.end;
                } else {
                    i = after(">", lt + 2); // "</>" included: an empty bogus comment
                }
            } else if (isLetter(next)) {
                Tag tag = tag(lt + 1);
                if (tag == null) {
                    return new Points(head, -1);
                }
                i = tag.end;
                switch (tag.name) {
                    case "head":
                        if (templates == 0 && head < 0) {
                            head = tag.end;
                        }
                        break;
                    case "body":
                        if (templates == 0) {
                            return new Points(head, tag.end);
                        }
                        break;
                    case "template":
                        templates++;
                        break;
                    case "plaintext":
                        return new Points(head, -1);
                    case "script":
                        i = scriptEnd(tag.end);
                        break;
                    default:
                        for (String raw : RAW_TEXT) {
                            if (raw.equals(tag.name)) {
                                int close = findTag(tag.end, raw, true);
                                Tag end = close < 0 ? null : tag(close + 2);
                                i = end == null ? n : end.end;
                            }
                        }
                }
            } else {
                i = lt + 1;
            }
        }
    }

    private record Tag(String name, int end) {
    }

    /** The tag whose name starts at {@code p}, or null if the page ends inside it. */
    private Tag tag(int p) {
        int q = p;
        StringBuilder name = new StringBuilder();
        while (q < n && !isSpace(s.charAt(q)) && s.charAt(q) != '/' && s.charAt(q) != '>') {
            char c = s.charAt(q++);
            name.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        while (true) {
            while (q < n && (isSpace(s.charAt(q)) || s.charAt(q) == '/')) {
                q++;
            }
            if (q >= n) {
                return null;
            }
            if (s.charAt(q) == '>') {
                return new Tag(name.toString(), q + 1);
            }
            q++; // an attribute name's first character, "=" included
            while (q < n && !isSpace(s.charAt(q)) && "/>=".indexOf(s.charAt(q)) < 0) {
                q++;
            }
            while (q < n && isSpace(s.charAt(q))) {
                q++;
            }
            if (q < n && s.charAt(q) == '=') {
                q++;
                while (q < n && isSpace(s.charAt(q))) {
                    q++;
                }
                if (q >= n) {
                    return null;
                }
                char quote = s.charAt(q);
                if (quote == '"' || quote == '\'') {
                    int close = s.indexOf(quote, q + 1);
                    if (close < 0) {
                        return null;
                    }
                    q = close + 1;
                } else {
                    while (q < n && !isSpace(s.charAt(q)) && s.charAt(q) != '>') {
                        q++;
                    }
                }
            }
        }
    }

    private int commentEnd(int p) {
        if (s.startsWith(">", p)) {
            return p + 1; // "<!-->"
        }
        if (s.startsWith("->", p)) {
            return p + 2; // "<!--->"
        }
        int dashes = s.indexOf("-->", p);
        int bang = s.indexOf("--!>", p);
        if (dashes < 0 && bang < 0) {
            return n;
        }
        if (bang < 0 || (dashes >= 0 && dashes < bang)) {
            return dashes + 3;
        }
        return bang + 4;
    }

    /**
     * The end of a script's text, reading it as the three modes the tokenizer has: plain, escaped
     * (after {@code <!--}) and double escaped (after {@code <!-- <script>}).
     */
    private int scriptEnd(int from) {
        int q = from;
        int mode = 0; // 0 plain, 1 escaped, 2 double escaped
        while (true) {
            int endTag = findTag(q, "script", true);
            int dashes = mode == 0 ? -1 : s.indexOf("-->", q);
            int open = mode == 0 ? s.indexOf("<!--", q) : -1;
            int nested = mode == 1 ? findTag(q, "script", false) : -1;
            int first = min(min(endTag, dashes), min(open, nested));
            if (first < 0) {
                return n;
            }
            if (first == endTag) {
                if (mode == 2) {
                    mode = 1;
                    q = endTag + 2 + 6 + 1;
                    continue;
                }
                Tag tag = tag(endTag + 2);
                return tag == null ? n : tag.end;
            }
            if (first == dashes) {
                mode = 0;
                q = dashes + 3;
            } else if (first == open) {
                mode = 1;
                q = open + 2; // its dashes count towards a "-->" right after: "<!-->" escapes nothing
            } else {
                mode = 2;
                q = nested + 1 + 6 + 1;
            }
        }
    }

    private static int min(int a, int b) {
        return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }

    /** The index of the next {@code <name} or {@code </name} followed by a delimiter. */
    private int findTag(int from, String name, boolean end) {
        String open = end ? "</" : "<";
        for (int at = s.indexOf(open, from); at >= 0; at = s.indexOf(open, at + 1)) {
            int p = at + open.length();
            if (p + name.length() < n && asciiEqualsIgnoreCase(p, name)) {
                char after = s.charAt(p + name.length());
                if (isSpace(after) || after == '/' || after == '>') {
                    return at;
                }
            }
        }
        return -1;
    }

    /** Not {@code regionMatches(true, ...)}: that folds U+017F and U+212A onto ASCII letters. */
    private boolean asciiEqualsIgnoreCase(int p, String lowerName) {
        for (int k = 0; k < lowerName.length(); k++) {
            char c = s.charAt(p + k);
            char lower = c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
            if (lower != lowerName.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private int after(String terminator, int from) {
        int at = s.indexOf(terminator, from);
        return at < 0 ? n : at + terminator.length();
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }
}
