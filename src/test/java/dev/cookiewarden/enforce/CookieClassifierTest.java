package dev.cookiewarden.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.config.CookieDeclaration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CookieClassifierTest {

    /** A declaration whose key is its category, so an assertion failure says which one matched. */
    private static CookieDeclaration declared(String namePattern, String categoryId) {
        return new CookieDeclaration(categoryId, namePattern, categoryId, "provider",
                Map.of("en", "purpose"), Optional.empty(), "/", null, false);
    }

    private static CookieClassifier classifier(CookieDeclaration... declarations) {
        return new CookieClassifier(Arrays.asList(declarations));
    }

    private static String categoryOf(CookieClassifier classifier, String name) {
        return classifier.classify(name).map(CookieDeclaration::categoryId).orElse("(undeclared)");
    }

    @Test
    void classifyWhenExactNameAlsoMatchesGlobThenExactWins() {
        // The glob is listed first and has as many literal characters as the exact name could
        // offer: the exact declaration must still win.
        CookieClassifier c = classifier(declared("_g*", "glob"), declared("_ga", "exact"));
        assertEquals("exact", categoryOf(c, "_ga"));
        assertEquals("glob", categoryOf(c, "_gax"));
    }

    @Test
    void classifyWhenTwoGlobsMatchThenMostLiteralCharactersWinsWhateverTheOrder() {
        CookieDeclaration shortGlob = declared("_g*", "short");
        CookieDeclaration longGlob = declared("_ga_*", "long");
        for (CookieClassifier c : List.of(classifier(shortGlob, longGlob), classifier(longGlob, shortGlob))) {
            assertEquals("long", categoryOf(c, "_ga_ABC123"));
            assertEquals("short", categoryOf(c, "_gid"));
            assertEquals("short", categoryOf(c, "_ga"), "_ga_* needs the trailing underscore");
        }
    }

    @Test
    void classifyWhenStarInTheMiddleThenMatchesAnyRunIncludingNone() {
        CookieClassifier c = classifier(declared("wp_*_session", "wp"));
        assertEquals("wp", categoryOf(c, "wp_abc_session"));
        assertEquals("wp", categoryOf(c, "wp__session"));
        assertEquals("wp", categoryOf(c, "wp_a_b_session"));
        assertEquals("(undeclared)", categoryOf(c, "wp_abc_sessionX"));
        assertEquals("(undeclared)", categoryOf(c, "Xwp_abc_session"));
        assertEquals("(undeclared)", categoryOf(c, "wp_session"), "the two underscores are both literal");
    }

    @Test
    void classifyWhenStarAtBothEndsThenLiteralMayBeAnywhereIncludingAlone() {
        CookieClassifier c = classifier(declared("*consent*", "any"));
        assertEquals("any", categoryOf(c, "consent"));
        assertEquals("any", categoryOf(c, "my_consent_v2"));
        assertEquals("any", categoryOf(c, "xconsent"));
        assertEquals("(undeclared)", categoryOf(c, "consnt"));
    }

    @Test
    void classifyWhenStarMatchesThenRunMayContainLineBreaks() {
        // Incoming names come from the Cookie header and are whatever the browser stored; the
        // glob means "any run of characters", so a line break inside is still covered.
        CookieClassifier c = classifier(declared("a*b", "ab"));
        assertEquals("ab", categoryOf(c, "a\nb"));
    }

    @Test
    void classifyWhenGlobHasDotThenDotIsLiteral() {
        CookieClassifier c = classifier(declared("a.b*", "dotted"));
        assertEquals("dotted", categoryOf(c, "a.b1"));
        assertEquals("(undeclared)", categoryOf(c, "aXb1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a+b|c*", "^x$*", "q?*", "br[a]ce*", "(g)*", "back\\Qslash\\E*"})
    void classifyWhenGlobHasRegexMetacharactersThenTheyAreLiteral(String glob) {
        CookieClassifier c = classifier(declared(glob, "meta"));
        String literal = glob.replace("*", "");
        assertEquals("meta", categoryOf(c, literal + "suffix"));
        assertEquals("meta", categoryOf(c, literal));
    }

    @Test
    void classifyWhenNameOnlyMatchesGlobReadAsRegexThenUndeclared() {
        CookieClassifier c = classifier(declared("a+b|c*", "meta"), declared("^x$*", "anchors"));
        assertEquals("(undeclared)", categoryOf(c, "aab"), "'+' must not mean one-or-more");
        assertEquals("(undeclared)", categoryOf(c, "c1"), "'|' must not mean alternation");
        assertEquals("(undeclared)", categoryOf(c, "x"), "'^' and '$' must not be anchors");
    }

    @Test
    void classifyWhenCaseDiffersThenNoMatch() {
        CookieClassifier c = classifier(declared("_GA", "exact"), declared("_Gid_*", "glob"));
        assertEquals("exact", categoryOf(c, "_GA"));
        assertEquals("(undeclared)", categoryOf(c, "_ga"));
        assertEquals("glob", categoryOf(c, "_Gid_1"));
        assertEquals("(undeclared)", categoryOf(c, "_gid_1"));
        assertEquals("(undeclared)", categoryOf(c, "_GID_1"));
    }

    @Test
    void classifyWhenNothingMatchesThenEmpty() {
        CookieClassifier c = classifier(declared("_ga", "exact"), declared("_ga_*", "glob"));
        assertEquals(Optional.empty(), c.classify("_fbp"));
        assertEquals(Optional.empty(), c.classify(""));
        assertEquals(Optional.empty(), c.classify("_g"));
    }

    @Test
    void classifyWhenNoDeclarationsThenEveryNameIsUndeclared() {
        assertEquals(Optional.empty(), new CookieClassifier(List.of()).classify("JSESSIONID"));
    }

    @Test
    void toStringCountsExactNamesAndGlobs() {
        String s = classifier(declared("a", "x"), declared("b", "y"), declared("c*", "z")).toString();
        assertTrue(s.contains("exact=2") && s.contains("globs=1"), s);
    }

    @Test
    void classifyWhenPrefixAndSuffixWouldOverlapThenNoMatch() {
        CookieClassifier c = classifier(declared("ab*ba", "g"));
        assertEquals("(undeclared)", categoryOf(c, "aba"));
        assertEquals("(undeclared)", categoryOf(c, "ab"));
        assertEquals("g", categoryOf(c, "abba"));
        assertEquals("g", categoryOf(c, "abxba"));
    }

    @Test
    void classifyWhenSeveralStarsThenMiddlePartsMatchInOrderWithoutOverlapping() {
        CookieClassifier c = classifier(declared("*ab*ab*", "twice"), declared("x**y", "stars"));
        assertEquals("twice", categoryOf(c, "abab"));
        assertEquals("twice", categoryOf(c, "zabzzabz"));
        assertEquals("(undeclared)", categoryOf(c, "aba"), "the two parts may not share characters");
        assertEquals("(undeclared)", categoryOf(c, "ab"));
        assertEquals("stars", categoryOf(c, "xy"));
        assertEquals("stars", categoryOf(c, "x**y"));
        assertEquals("(undeclared)", categoryOf(c, "yx"));
    }

    @Test
    void classifyWhenGlobsWeighTheSameThenTheOneDeclaredFirstWins() {
        CookieClassifier c = classifier(declared("a*", "first"), declared("*a", "second"));
        assertEquals("first", categoryOf(c, "aa"));
        assertEquals("second", categoryOf(c, "ba"));
        CookieClassifier reversed = classifier(declared("*a", "second"), declared("a*", "first"));
        assertEquals("second", categoryOf(reversed, "aa"));
    }

    @Test
    void classifyAgreesWithTheGlobReadAsARegularExpression() {
        Random random = new Random(6265);
        String globChars = "ab**.";
        String nameChars = "ab.\n*";
        for (int i = 0; i < 50_000; i++) {
            StringBuilder glob = new StringBuilder();
            for (int n = 1 + random.nextInt(7); n > 0; n--) {
                glob.append(globChars.charAt(random.nextInt(globChars.length())));
            }
            if (glob.indexOf("*") < 0 || glob.chars().allMatch(ch -> ch == '*')) {
                continue;
            }
            StringBuilder name = new StringBuilder();
            for (int n = random.nextInt(9); n > 0; n--) {
                name.append(nameChars.charAt(random.nextInt(nameChars.length())));
            }
            Pattern reference = Pattern.compile(Arrays.stream(glob.toString().split("\\*", -1))
                    .map(part -> part.isEmpty() ? "" : Pattern.quote(part))
                    .collect(Collectors.joining(".*")), Pattern.DOTALL);
            boolean expected = reference.matcher(name).matches();
            assertEquals(expected, classifier(declared(glob.toString(), "g")).classify(name.toString()).isPresent(),
                    () -> glob + " / " + name);
        }
    }

    @Test
    void classifyReturnsOneOptionalPerDeclarationRatherThanANewOneEachTime() {
        CookieClassifier c = classifier(declared("_ga", "exact"), declared("_ga_*", "glob"));
        assertSame(c.classify("_ga"), c.classify(new String("_ga".toCharArray())));
        assertSame(c.classify("_ga_1"), c.classify("_ga_2"));
    }
}
