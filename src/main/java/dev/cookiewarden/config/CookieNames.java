package dev.cookiewarden.config;

/**
 * Cookie-name syntax (RFC 9110 {@code token}, as RFC 6265bis requires of names) and the
 * configuration's name patterns (an exact name, or a glob where {@code *} matches any run of
 * characters, possibly empty; case-sensitive), matched without regular expressions so that a long,
 * star-heavy name cannot make matching blow up. The one place every package checks names with.
 * Stateless.
 */
public final class CookieNames {
    /** The separators-free visible characters RFC 9110 section 5.6.2 allows in a token, besides letters and digits. */
    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

    private CookieNames() {
    }

    /** True when {@code s} is a non-empty RFC 9110 token. */
    public static boolean isToken(String s) {
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

    /**
     * True when {@code s} is an exact cookie name or a glob: token characters, and at least one that
     * is not {@code *} (a pattern of stars alone would claim every cookie of the site).
     */
    public static boolean isNamePattern(String s) {
        return isToken(s) && !s.chars().allMatch(c -> c == '*');
    }

    /** Whether {@code glob} ({@code *} matches any run of characters, possibly empty) matches {@code name}. */
    public static boolean matches(String glob, String name) {
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

    /** The number of characters that are not {@code *}: among matching globs, the most specific wins. */
    public static int literalLength(String glob) {
        return (int) glob.chars().filter(c -> c != '*').count();
    }
}
