package dev.cookiewarden.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CookieNamesTest {

    @Test
    void tokenAllowsRfc9110TokenCharactersOnly() {
        assertTrue(CookieNames.isToken("JSESSIONID"));
        assertTrue(CookieNames.isToken("!#$%&'*+-.^_`|~09azAZ"));
        for (String bad : new String[] {"", "a b", "a;b", "a=b", "a,b", "a\"b", "a(b", "a/b", "é", "a\tb", "a:b"}) {
            assertFalse(CookieNames.isToken(bad), bad);
        }
    }

    @Test
    void namePatternNeedsOneLiteralCharacter() {
        assertTrue(CookieNames.isNamePattern("_ga_*"));
        assertTrue(CookieNames.isNamePattern("*a*"));
        assertFalse(CookieNames.isNamePattern("*"));
        assertFalse(CookieNames.isNamePattern("***"));
    }

    @Test
    void globStarMatchesAnyRunIncludingNone() {
        assertTrue(CookieNames.matches("_ga_*", "_ga_ABC123"));
        assertTrue(CookieNames.matches("_ga_*", "_ga_"));
        assertFalse(CookieNames.matches("_ga_*", "_ga"));
        assertTrue(CookieNames.matches("*_warden", "cookie_warden"));
        assertTrue(CookieNames.matches("a*b*c", "aXbYbZc"));
        assertFalse(CookieNames.matches("a*b*c", "aXbYbZ"));
        assertTrue(CookieNames.matches("exact", "exact"));
        assertFalse(CookieNames.matches("exact", "Exact"));
        assertFalse(CookieNames.matches("exact", "exactly"));
    }

    /** Property: the matcher agrees with the same glob compiled to a regular expression. */
    @Test
    void globAgreesWithRegexOnRandomInputs() {
        Random random = new Random(20240601L);
        String alphabet = "ab*";
        for (int i = 0; i < 20_000; i++) {
            String glob = randomString(random, alphabet, 6);
            String name = randomString(random, "ab", 8);
            Pattern regex = Pattern.compile(glob.replace("*", ".*"));
            assertEquals(regex.matcher(name).matches(), CookieNames.matches(glob, name), glob + " vs " + name);
        }
    }

    private static String randomString(Random random, String alphabet, int maxLength) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(maxLength + 1);
        for (int i = 0; i < n; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
