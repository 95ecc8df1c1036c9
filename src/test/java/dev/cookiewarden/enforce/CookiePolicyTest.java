package dev.cookiewarden.enforce;

import static dev.cookiewarden.enforce.PolicyFixtures.policy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class CookiePolicyTest {
    private static final Set<String> NOTHING = Set.of();
    private static final Set<String> EVERYTHING = Set.of("necessary", "analytics", "marketing");

    @Test
    void verdictWhenRequiredCategoryThenRequiredWithOrWithoutGrants() {
        CookiePolicy p = policy();
        assertEquals(Verdict.REQUIRED, p.verdict("JSESSIONID", NOTHING));
        assertEquals(Verdict.REQUIRED, p.verdict("JSESSIONID", Set.of("analytics")));
        assertEquals(Verdict.REQUIRED, p.verdict("JSESSIONID", EVERYTHING));
        assertEquals(Set.of("necessary"), p.requiredCategories());
    }

    @Test
    void verdictWhenCategoryGrantedThenGranted() {
        CookiePolicy p = policy();
        assertEquals(Verdict.GRANTED, p.verdict("_ga", Set.of("analytics")));
        assertEquals(Verdict.GRANTED, p.verdict("_ga_XYZ", Set.of("analytics")), "glob declaration");
        assertEquals(Verdict.GRANTED, p.verdict("_fbp", Set.of("marketing")));
    }

    @Test
    void verdictWhenCategoryNotGrantedThenNotGranted() {
        CookiePolicy p = policy();
        assertEquals(Verdict.NOT_GRANTED, p.verdict("_ga", NOTHING));
        assertEquals(Verdict.NOT_GRANTED, p.verdict("_ga", Set.of("marketing")));
        assertEquals(Verdict.NOT_GRANTED, p.verdict("_fbp", Set.of("analytics", "necessary")));
    }

    @Test
    void verdictWhenGrantedSetHasUnknownIdsThenTheyGrantNothing() {
        assertEquals(Verdict.NOT_GRANTED, policy().verdict("_ga", Set.of("Analytics", "analytics ", "_ga")));
    }

    @ParameterizedTest
    @CsvSource({
            "block, UNDECLARED_BLOCKED, false",
            "report-only, UNDECLARED_REPORTED, true",
            "allow, UNDECLARED_ALLOWED, true"})
    void verdictWhenUndeclaredThenFollowsUndeclaredMode(String mode, Verdict expected, boolean passes) {
        CookiePolicy p = policy("cookies.undeclared", mode);
        assertEquals(expected, p.verdict("tracker", NOTHING));
        assertEquals(expected, p.verdict("tracker", EVERYTHING), "granting every category grants no undeclared cookie");
        assertEquals(passes, expected.passes());
    }

    @Test
    void verdictWhenUndeclaredModeUnsetThenBlocked() {
        assertEquals(Verdict.UNDECLARED_BLOCKED, policy().verdict("tracker", EVERYTHING));
    }

    @Test
    void verdictWhenNameDiffersOnlyInCaseThenUndeclared() {
        assertEquals(Verdict.UNDECLARED_BLOCKED, policy().verdict("jsessionid", EVERYTHING));
    }

    @ParameterizedTest
    @ValueSource(strings = {"block", "report-only", "allow"})
    void verdictWhenConsentCookieNameThenForbiddenInEveryMode(String mode) {
        CookiePolicy p = policy("cookies.undeclared", mode);
        for (String name : PolicyFixtures.CONSENT_NAMES) {
            assertEquals(Verdict.FORBIDDEN, p.verdict(name, EVERYTHING), name);
            assertTrue(p.isConsentCookie(name), name);
        }
        assertFalse(p.isConsentCookie("__Secure-cookie_warden"));
    }

    @Test
    void verdictWhenNameEmptyThenForbidden() {
        assertEquals(Verdict.FORBIDDEN, policy("cookies.undeclared", "allow").verdict("", EVERYTHING));
    }

    @Test
    void verdictWhenConsentCookieNameAlsoMatchesADeclarationThenForbidden() {
        // The parser refuses declarations that cover the consent cookie; the policy must not rely
        // on that alone: a consent name wins over any declaration it is given.
        CookiePolicy p = new CookiePolicy(PolicyFixtures.config(), Set.of("_ga_consent", "JSESSIONID"));
        assertEquals(Verdict.FORBIDDEN, p.verdict("_ga_consent", EVERYTHING));
        assertEquals(Verdict.FORBIDDEN, p.verdict("JSESSIONID", EVERYTHING));
        assertEquals(Verdict.GRANTED, p.verdict("_ga_other", EVERYTHING));
    }

    @Test
    void lifetimeCapWhenEssentialOrAllowedThenBrowsersFourHundredDays() {
        CookiePolicy p = policy("cookies.max-lifetime-days", "30");
        assertEquals(Duration.ofDays(400), CookiePolicy.HARD_LIFETIME_CAP);
        assertEquals(Duration.ofDays(400), p.lifetimeCap(Verdict.REQUIRED));
        assertEquals(Duration.ofDays(400), p.lifetimeCap(Verdict.UNDECLARED_ALLOWED));
    }

    @ParameterizedTest
    @EnumSource(value = Verdict.class, names = {"GRANTED", "NOT_GRANTED", "UNDECLARED_BLOCKED",
            "UNDECLARED_REPORTED", "FORBIDDEN"})
    void lifetimeCapWhenConsentBoundThenConfiguredCap(Verdict verdict) {
        assertEquals(Duration.ofDays(30), policy("cookies.max-lifetime-days", "30").lifetimeCap(verdict));
    }

    @Test
    void lifetimeCapWhenMaxLifetimeUnsetThenThirteenMonthsOfDays() {
        assertEquals(Duration.ofDays(395), policy().lifetimeCap(Verdict.GRANTED));
    }

    @Test
    void verdictFlagsMatchTheirDocumentation() {
        assertTrue(Verdict.REQUIRED.passes() && !Verdict.REQUIRED.consentDependent());
        assertTrue(Verdict.GRANTED.passes() && Verdict.GRANTED.consentDependent());
        assertTrue(!Verdict.NOT_GRANTED.passes() && Verdict.NOT_GRANTED.consentDependent());
        assertTrue(!Verdict.UNDECLARED_BLOCKED.passes());
        assertTrue(Verdict.UNDECLARED_REPORTED.passes());
        assertTrue(Verdict.UNDECLARED_ALLOWED.passes() && !Verdict.UNDECLARED_ALLOWED.consentDependent());
        assertTrue(!Verdict.FORBIDDEN.passes() && !Verdict.FORBIDDEN.consentDependent());
    }
}
