package dev.cookiewarden.consent;

import static dev.cookiewarden.consent.ConsentFixtures.CONSENT_ID;
import static dev.cookiewarden.consent.ConsentFixtures.EXPIRES;
import static dev.cookiewarden.consent.ConsentFixtures.ISSUED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.config.WardenConfigParser;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsentCookiesTest {
    private static final int REVISION = 3;
    private static final Instant NOW = ISSUED.plusSeconds(3600);

    private final KeyRing ring = new KeyRing(List.of(ConsentFixtures.key("k1")));
    private final ConsentCookieCodec codec = new ConsentCookieCodec(ring);

    private static WardenConfig config(String... overrides) {
        Properties p = new Properties();
        p.setProperty("categories", "necessary,analytics,marketing");
        p.setProperty("category.necessary.required", "true");
        for (String id : List.of("necessary", "analytics", "marketing")) {
            for (String lang : List.of("en", "fr")) {
                p.setProperty("category." + id + ".label." + lang, id + " " + lang);
                p.setProperty("category." + id + ".description." + lang, id + " description " + lang);
            }
        }
        p.setProperty("policy.revision", String.valueOf(REVISION));
        for (int i = 0; i < overrides.length; i += 2) {
            p.setProperty(overrides[i], overrides[i + 1]);
        }
        return WardenConfigParser.parse(p);
    }

    private ConsentCookies cookies(String... overrides) {
        return new ConsentCookies(config(overrides), new ConsentCache(codec));
    }

    private String signed(int revision) {
        return codec.encode(ConsentFixtures.state(Set.of("analytics"), revision));
    }

    // ---- names and Secure ----

    @Test
    void nameWhenSecureAutoThenHostPrefixOnlyOnSecureRequests() {
        ConsentCookies c = cookies();
        assertEquals("__Host-cookie_warden", c.name(true));
        assertEquals("cookie_warden", c.name(false));
        assertTrue(c.secure(true));
        assertFalse(c.secure(false));
    }

    @Test
    void nameWhenSecureAlwaysThenHostPrefixedAndSecureEvenOnPlainRequests() {
        ConsentCookies c = cookies("consent.secure", "always");
        assertEquals("__Host-cookie_warden", c.name(false));
        assertEquals("__Host-cookie_warden", c.name(true));
        assertTrue(c.secure(false) && c.secure(true));
    }

    @Test
    void nameWhenSecureNeverThenPlainAndNotSecureEvenOnSecureRequests() {
        ConsentCookies c = cookies("consent.secure", "never");
        assertEquals("cookie_warden", c.name(true));
        assertEquals("cookie_warden", c.name(false));
        assertFalse(c.secure(true) || c.secure(false));
    }

    @Test
    void allNamesWhenCookieNameConfiguredThenPlainAndHostVariantsWhateverTheMode() {
        assertEquals(Set.of("consent", "__Host-consent"),
                cookies("consent.cookie-name", "consent", "consent.secure", "never").allNames());
    }

    // ---- resolve: undecided ----

    @Test
    void resolveWhenNoValueThenUndecided() {
        assertEquals(VisitorConsent.UNDECIDED, cookies().resolve(List.of(), false, NOW));
    }

    @Test
    void resolveWhenTwoValuesThenUndecidedEvenIfBothValid() {
        String valid = signed(REVISION);
        VisitorConsent v = cookies().resolve(List.of(valid, valid), false, NOW);
        assertEquals(VisitorConsent.UNDECIDED, v);
        assertEquals(Set.of(), v.granted());
    }

    @Test
    void resolveWhenValidPlusForgedDuplicateThenUndecided() {
        VisitorConsent v = cookies().resolve(List.of(signed(REVISION), "forged"), false, NOW);
        assertEquals(Optional.empty(), v.choice());
        assertEquals(Optional.empty(), v.priorConsentId(), "a duplicate keeps no history either");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "k1.e30.AAAA", "k2.e30.AAAA", "..", "k1..", "k1.%%%.%%%"})
    void resolveWhenValueMalformedOrForgedThenUndecidedWithoutPriorId(String value) {
        assertEquals(VisitorConsent.UNDECIDED, cookies().resolve(List.of(value), false, NOW));
    }

    @Test
    void resolveWhenSignatureAlteredThenUndecidedWithoutPriorId() {
        String valid = signed(REVISION);
        char last = valid.charAt(valid.length() - 1);
        String tampered = valid.substring(0, valid.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertEquals(VisitorConsent.UNDECIDED, cookies().resolve(List.of(tampered), false, NOW));
    }

    @Test
    void resolveWhenSignedByKeyNoLongerInRingThenUndecidedWithoutPriorId() {
        String byOldKey = new ConsentCookieCodec(new KeyRing(List.of(ConsentFixtures.key("old"))))
                .encode(ConsentFixtures.state(Set.of("analytics"), REVISION));
        assertEquals(VisitorConsent.UNDECIDED, cookies().resolve(List.of(byOldKey), false, NOW));
    }

    @Test
    void resolveWhenExpiredButCorrectlySignedThenUndecidedKeepingPriorConsentId() {
        VisitorConsent v = cookies().resolve(List.of(signed(REVISION)), false, EXPIRES);
        assertEquals(Optional.empty(), v.choice());
        assertEquals(Optional.of(CONSENT_ID), v.priorConsentId());
        assertEquals(Optional.of(CONSENT_ID), v.consentIdToKeep());
        assertEquals(Set.of(), v.granted());
    }

    @Test
    void resolveWhenOlderRevisionButCorrectlySignedThenUndecidedKeepingPriorConsentId() {
        VisitorConsent v = cookies().resolve(List.of(signed(REVISION - 1)), false, NOW);
        assertEquals(Optional.empty(), v.choice());
        assertEquals(Optional.of(CONSENT_ID), v.priorConsentId());
    }

    @Test
    void resolveWhenNewerRevisionThanConfiguredThenUndecided() {
        // A rollback of policy.revision must not keep honouring choices made for the later text.
        VisitorConsent v = cookies().resolve(List.of(signed(REVISION + 1)), false, NOW);
        assertEquals(Optional.empty(), v.choice());
    }

    // ---- resolve: decided ----

    @Test
    void resolveWhenOneValidCurrentValueThenDecided() {
        VisitorConsent v = cookies().resolve(List.of(signed(REVISION)), false, NOW);
        assertTrue(v.choice().isPresent());
        assertEquals(Set.of("analytics"), v.granted());
        assertEquals(Optional.of(CONSENT_ID), v.consentIdToKeep());
        assertEquals(Optional.empty(), v.priorConsentId());
        assertFalse(v.gpc());
    }

    @Test
    void resolveWhenJustBeforeExpiryThenStillDecided() {
        VisitorConsent v = cookies().resolve(List.of(signed(REVISION)), false, EXPIRES.minusSeconds(1));
        assertTrue(v.choice().isPresent());
    }

    // ---- resolve: Global Privacy Control ----

    @Test
    void resolveWhenGpcSignalAndNoValueThenGpcCounted() {
        VisitorConsent v = cookies().resolve(List.of(), true, NOW);
        assertTrue(v.gpc());
        assertEquals(Optional.empty(), v.choice());
    }

    @Test
    void resolveWhenGpcSignalAndDuplicateValuesThenGpcCounted() {
        String valid = signed(REVISION);
        assertTrue(cookies().resolve(List.of(valid, valid), true, NOW).gpc());
    }

    @Test
    void resolveWhenGpcSignalAndStaleValueThenGpcCountedAndPriorIdKept() {
        VisitorConsent v = cookies().resolve(List.of(signed(REVISION - 1)), true, NOW);
        assertTrue(v.gpc());
        assertEquals(Optional.of(CONSENT_ID), v.priorConsentId());
    }

    @Test
    void resolveWhenGpcSignalButVisitorDecidedThenExplicitChoiceWins() {
        VisitorConsent v = cookies().resolve(List.of(signed(REVISION)), true, NOW);
        assertFalse(v.gpc());
        assertEquals(Set.of("analytics"), v.granted());
    }

    @Test
    void resolveWhenGpcNotHonouredThenSignalIgnored() {
        ConsentCookies c = cookies("gpc.honor", "false");
        assertEquals(VisitorConsent.UNDECIDED, c.resolve(List.of(), true, NOW));
        assertFalse(c.resolve(List.of("a", "b"), true, NOW).gpc());
        assertFalse(c.resolve(List.of(signed(REVISION - 1)), true, NOW).gpc());
    }

    @Test
    void resolveWhenNoGpcSignalThenGpcFalseEvenWhenHonoured() {
        assertFalse(cookies().resolve(List.of(), false, NOW).gpc());
    }

    @Test
    void toStringNamesTheCookieAndModeButNoKey() {
        String s = cookies("consent.secure", "always").toString();
        assertEquals("ConsentCookies[name=cookie_warden, secure=always]", s);
    }

    // ---- resolve: verification is not repeated ----

    @Test
    void resolveWhenStaleValueOnEveryRequestThenVerifiedOnceAndPriorIdKeptEachTime() {
        ConsentCookies c = cookies();
        String stale = signed(REVISION - 1);
        long before = codec.verifications();
        for (int i = 0; i < 50; i++) {
            VisitorConsent v = c.resolve(List.of(stale), i % 2 == 0, NOW);
            assertEquals(Optional.empty(), v.choice());
            assertEquals(Optional.of(CONSENT_ID), v.priorConsentId());
            assertEquals(i % 2 == 0, v.gpc());
        }
        assertEquals(1, codec.verifications() - before);
    }

    @Test
    void resolveWhenCachedValueReachesItsExpiryThenUndecidedFromThatInstantKeepingPriorId() {
        ConsentCookies c = cookies();
        String value = signed(REVISION);
        assertTrue(c.resolve(List.of(value), false, EXPIRES.minusMillis(1)).choice().isPresent());
        VisitorConsent expired = c.resolve(List.of(value), false, EXPIRES);
        assertEquals(Optional.empty(), expired.choice());
        assertEquals(Optional.of(CONSENT_ID), expired.priorConsentId());
    }

    @Test
    void resolveWhenTamperedValueSentRepeatedlyThenNeverGrantedAndVerifiedEachTime() {
        ConsentCookies c = cookies();
        String valid = signed(REVISION);
        assertTrue(c.resolve(List.of(valid), false, NOW).choice().isPresent());
        // The payload altered, the signature (and so the hashed tail) kept.
        int at = valid.indexOf('.') + 5;
        String tampered = valid.substring(0, at) + (valid.charAt(at) == 'A' ? 'B' : 'A') + valid.substring(at + 1);
        long before = codec.verifications();
        for (int i = 0; i < 3; i++) {
            assertEquals(VisitorConsent.UNDECIDED, c.resolve(List.of(tampered), false, NOW));
        }
        assertEquals(3, codec.verifications() - before, "a value that fails is never cached");
    }

    @Test
    void resolveWhenCurrentValueThenSameAnswerEveryTime() {
        ConsentCookies c = cookies();
        String value = signed(REVISION);
        VisitorConsent first = c.resolve(List.of(value), false, NOW);
        VisitorConsent again = c.resolve(List.of(new String(value.toCharArray())), true, NOW);
        assertEquals(first, again);
        assertFalse(again.gpc(), "an explicit choice wins over GPC");
    }

    // ---- sent: what a Cookie line's consent cookie verifies to, judged again on each request ----

    @Test
    void sentWhenNoneSeveralOrUnverifiableThenNothing() {
        ConsentCookies c = cookies();
        String valid = signed(REVISION);
        String forged = valid.substring(0, valid.length() - 1) + (valid.endsWith("A") ? "B" : "A");
        assertSame(ConsentCookies.Sent.NOTHING, c.sent(List.of()));
        assertSame(ConsentCookies.Sent.NOTHING, c.sent(List.of(valid, valid)));
        assertSame(ConsentCookies.Sent.NOTHING, c.sent(List.of(forged)));
        assertSame(ConsentCookies.Sent.NOTHING, c.sent(List.of("")));
        assertEquals(VisitorConsent.UNDECIDED, c.resolve(ConsentCookies.Sent.NOTHING, false, NOW));
        assertEquals(new VisitorConsent(Optional.empty(), true, Optional.empty()),
                c.resolve(ConsentCookies.Sent.NOTHING, true, NOW));
    }

    @Test
    void sentWhenKeptAcrossRequestsThenExpiryAndRevisionStillJudgedAtEachRequestsTime() {
        ConsentCookies c = cookies();
        ConsentCookies.Sent sent = c.sent(List.of(signed(REVISION)));
        assertSame(sent, c.sent(List.of(new String(signed(REVISION).toCharArray()))), "verified once, one answer");
        assertEquals(Set.of("analytics"), c.resolve(sent, false, EXPIRES.minusMillis(1)).granted());
        VisitorConsent lapsed = c.resolve(sent, false, EXPIRES);
        assertEquals(Optional.empty(), lapsed.choice());
        assertEquals(Optional.of(CONSENT_ID), lapsed.priorConsentId());
        // The same kept verification under a later policy revision no longer grants anything.
        ConsentCookies revised = new ConsentCookies(config("policy.revision", String.valueOf(REVISION + 1)),
                new ConsentCache(codec));
        VisitorConsent older = revised.resolve(sent, true, NOW);
        assertEquals(Optional.empty(), older.choice());
        assertTrue(older.gpc());
        assertEquals(Optional.of(CONSENT_ID), older.priorConsentId());
    }

    @Test
    void sentWhenPrintedThenNeitherValueNorStateShown() {
        ConsentCookies c = cookies();
        String value = signed(REVISION);
        String text = c.sent(List.of(value)).toString();
        assertEquals("Sent[verified]", text);
        assertFalse(text.contains(CONSENT_ID));
        assertEquals("Sent[nothing]", ConsentCookies.Sent.NOTHING.toString());
    }

    @Test
    void grantedWhenDecidedThenImmutableSoThatRequestsNeedNotCopyIt() {
        VisitorConsent v = cookies().resolve(List.of(signed(REVISION)), false, NOW);
        assertSame(v.granted(), Set.copyOf(v.granted()));
        assertEquals(Set.of("analytics"), v.granted());
        assertThrows(UnsupportedOperationException.class, () -> v.granted().add("marketing"));
        assertSame(VisitorConsent.UNDECIDED.granted(), Set.copyOf(VisitorConsent.UNDECIDED.granted()));
    }
}
