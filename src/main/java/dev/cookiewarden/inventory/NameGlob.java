package dev.cookiewarden.inventory;

/**
 * Cookie-name patterns as the configuration writes them: an exact name, or a glob where {@code *}
 * matches any run of characters (possibly empty). Case-sensitive, like cookie names themselves
 * (RFC 6265bis 5.7). Same semantics as {@link dev.cookiewarden.enforce.CookieClassifier}; matched
 * without regular expressions so that a long, star-heavy name cannot make matching blow up.
 */
final class NameGlob {
    /** The symbols RFC 9110 section 5.6.2 allows in a token besides letters and digits. */
    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

    private NameGlob() {
    }

    /** True when {@code s} is a non-empty RFC 9110 token, the syntax of a cookie name. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || TCHAR_SYMBOLS.indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** True for a name or a glob the configuration accepts: a token with one character that is not {@code *}. */
    static boolean isNamePattern(String s) {
        return isToken(s) && !s.chars().allMatch(c -> c == '*');
    }

    /** The number of characters that are not {@code *}: among matching globs, the most specific wins. */
    static int literalLength(String glob) {
        return (int) glob.chars().filter(c -> c != '*').count();
    }

    /** Whether {@code glob} matches all of {@code name}. */
    static boolean matches(String glob, String name) {
        int g = 0;
        int n = 0;
        int star = -1;
        int resume = 0;
        while (n < name.length()) {
            if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                resume = n;
            } else if (g < glob.length() && glob.charAt(g) == name.charAt(n)) {
                g++;
                n++;
            } else if (star >= 0) {
                g = star + 1;
                n = ++resume;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }
}
