package dev.cookiewarden.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SetCookieHeaderTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private static SetCookieHeader parsed(String headerValue) {
        return SetCookieHeader.parse(headerValue)
                .orElseThrow(() -> new AssertionError("expected [" + headerValue + "] to parse"));
    }

    // ---- name and value (6265bis 5.6 steps 2-6) ----

    @Test
    void parseWhenNullThenEmpty() {
        assertEquals(Optional.empty(), SetCookieHeader.parse(null));
    }

    @Test
    void parseWhenPlainPairThenNameAndValueWithoutAttributes() {
        SetCookieHeader c = parsed("sid=abc123");
        assertEquals("sid", c.name());
        assertEquals("abc123", c.value());
        assertFalse(c.isNameless());
        assertEquals(OptionalLong.empty(), c.maxAge());
        assertEquals(Optional.empty(), c.expires());
        assertEquals(Optional.empty(), c.path());
        assertEquals(Optional.empty(), c.domain());
        assertFalse(c.secure() || c.httpOnly() || c.partitioned());
        assertEquals(Optional.empty(), c.sameSite());
        assertEquals("sid=abc123", c.toHeaderValue());
    }

    @Test
    void parseWhenValueContainsEqualsThenNameIsBeforeFirstEquals() {
        SetCookieHeader c = parsed("a=b=c");
        assertEquals("a", c.name());
        assertEquals("b=c", c.value());
    }

    @Test
    void parseWhenPairStartsWithEqualsThenCookieIsNameless() {
        SetCookieHeader c = parsed("=x");
        assertEquals("", c.name());
        assertEquals("x", c.value());
        assertTrue(c.isNameless());
    }

    @Test
    void parseWhenPairHasNoEqualsThenWholePairIsValueOfNamelessCookie() {
        SetCookieHeader c = parsed("name; Path=/");
        assertEquals("", c.name());
        assertEquals("name", c.value());
        assertTrue(c.isNameless());
        assertEquals(Optional.of("/"), c.path());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "=", " = ", " \t ", "; Secure", "=; Path=/"})
    void parseWhenNameAndValueBothEmptyThenRejected(String header) {
        assertEquals(Optional.empty(), SetCookieHeader.parse(header));
    }

    @Test
    void parseWhenEmptyValueThenCookieKeptWithEmptyValue() {
        SetCookieHeader c = parsed("a=; Max-Age=0");
        assertEquals("a", c.name());
        assertEquals("", c.value());
    }

    @Test
    void parseWhenSpacesAndTabsSurroundNameAndValueThenTheyAreTrimmedButInnerOnesKept() {
        SetCookieHeader c = parsed(" \tmy name \t=\t my value  ; Path=/");
        assertEquals("my name", c.name());
        assertEquals("my value", c.value());
    }

    @Test
    void parseWhenValueIsQuotedThenQuotesAreKept() {
        SetCookieHeader c = parsed("q=\"abc def\"; Secure");
        assertEquals("\"abc def\"", c.value());
        assertEquals("q=\"abc def\"; Secure", c.toHeaderValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=b\u0000c", "a=b\nc", "a=b\r\nSet-Cookie: x=y", "a=b\u007f", "a=b\u001f",
                            "a=b; Path=/\u0000", "a=b; X=\u000b", "a\u0001=b"})
    void parseWhenControlCharacterAnywhereThenRejected(String header) {
        assertEquals(Optional.empty(), SetCookieHeader.parse(header));
    }

    @Test
    void parseWhenHorizontalTabInsideValueThenAccepted() {
        assertEquals("b\tc", parsed("a=b\tc").value());
    }

    @Test
    void parseWhenNamePlusValueIsExactly4096OctetsThenAccepted() {
        SetCookieHeader c = parsed("n=" + "v".repeat(4095) + "; Path=/");
        assertEquals(4095, c.value().length());
    }

    @Test
    void parseWhenNamePlusValueIs4097OctetsThenRejected() {
        assertEquals(Optional.empty(), SetCookieHeader.parse("n=" + "v".repeat(4096)));
    }

    @Test
    void parseWhenNonAsciiValueThenLimitCountsUtf8Octets() {
        // 'é' is two octets in UTF-8: 1 + 2 + 4093 = 4096 is fine, one more is over.
        assertTrue(SetCookieHeader.parse("n=é" + "v".repeat(4093)).isPresent());
        assertEquals(Optional.empty(), SetCookieHeader.parse("n=é" + "v".repeat(4094)));
    }

    @Test
    void parseWhenWholeHeaderIsOver8192CharactersThenRejected() {
        String base = "a=b; X=";
        assertTrue(SetCookieHeader.parse(base + padding(8192 - base.length())).isPresent());
        assertEquals(Optional.empty(), SetCookieHeader.parse(base + padding(8193 - base.length())));
    }

    /** Attribute-sized chunks ("; P=xx...") so no single attribute value passes 1024 octets. */
    private static String padding(int length) {
        StringBuilder sb = new StringBuilder("x".repeat(1000));
        while (sb.length() < length) {
            sb.append("; P=").append("y".repeat(1000));
        }
        return sb.substring(0, length);
    }

    // ---- attributes ----

    @Test
    void parseWhenExpiresContainsCommaThenItStaysOneAttribute() {
        SetCookieHeader c = parsed("id=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Secure");
        assertEquals(Optional.of(Instant.parse("2015-10-21T07:28:00Z")), c.expires());
        assertTrue(c.secure());
        assertEquals("id=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Secure", c.toHeaderValue());
    }

    @Test
    void parseWhenAttributeNamesInAnyCaseThenRecognized() {
        SetCookieHeader c = parsed("a=b; EXPIRES=Wed, 21 Oct 2015 07:28:00 GMT; max-AGE=60; dOmAiN=example.com;"
                + " PATH=/p; secure; HTTPONLY; samesite=STRICT; pArTiTiOnEd");
        assertEquals(Optional.of(Instant.parse("2015-10-21T07:28:00Z")), c.expires());
        assertEquals(OptionalLong.of(60), c.maxAge());
        assertEquals(Optional.of("example.com"), c.domain());
        assertEquals(Optional.of("/p"), c.path());
        assertTrue(c.secure());
        assertTrue(c.httpOnly());
        assertEquals(Optional.of("Strict"), c.sameSite());
        assertTrue(c.partitioned());
    }

    @Test
    void parseWhenAttributeRepeatsThenLastOneWins() {
        SetCookieHeader c = parsed("a=b; Max-Age=10; Domain=one.com; Path=/one; SameSite=Strict;"
                + " Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=20; Domain=two.com; Path=/two;"
                + " SameSite=Lax; Expires=Thu, 22 Oct 2015 07:28:00 GMT");
        assertEquals(OptionalLong.of(20), c.maxAge());
        assertEquals(Optional.of("two.com"), c.domain());
        assertEquals(Optional.of("/two"), c.path());
        assertEquals(Optional.of("Lax"), c.sameSite());
        assertEquals(Optional.of(Instant.parse("2015-10-22T07:28:00Z")), c.expires());
    }

    @Test
    void parseWhenLaterMaxAgeOrExpiresIsMalformedThenItIsIgnoredAndEarlierOneKept() {
        SetCookieHeader c = parsed("a=b; Max-Age=10; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=ten;"
                + " Expires=tomorrow");
        assertEquals(OptionalLong.of(10), c.maxAge());
        assertEquals(Optional.of(Instant.parse("2015-10-21T07:28:00Z")), c.expires());
    }

    @Test
    void parseWhenLaterPathIsInvalidThenDefaultPathReplacesEarlierOne() {
        // 5.6.4: a Path not starting with '/' is not ignored; it means the default-path.
        assertEquals(Optional.empty(), parsed("a=b; Path=/app; Path=app").path());
        assertEquals(Optional.empty(), parsed("a=b; Path=/app; Path=").path());
    }

    @Test
    void parseWhenDomainHasLeadingDotAndCapitalsThenDotRemovedAndLowercased() {
        assertEquals(Optional.of("example.com"), parsed("a=b; Domain=.Example.COM").domain());
    }

    @Test
    void parseWhenDomainIsEmptyThenAttributeIgnored() {
        assertEquals(Optional.empty(), parsed("a=b; Domain=").domain());
        assertEquals(Optional.of("example.com"), parsed("a=b; Domain=example.com; Domain=").domain());
    }

    @Test
    void parseWhenDomainIsOnlyADotThenCookieBecomesHostOnly() {
        assertEquals(Optional.empty(), parsed("a=b; Domain=example.com; Domain=.").domain());
    }

    @Test
    void parseWhenSecureOrHttpOnlyHaveAValueThenTheyStillApply() {
        SetCookieHeader c = parsed("a=b; Secure=false; HttpOnly=no");
        assertTrue(c.secure());
        assertTrue(c.httpOnly());
    }

    @Test
    void parseWhenSameSiteRecognizedInAnyCaseThenCanonicalSpelling() {
        SetCookieHeader c = parsed("a=b; SameSite=nOnE; Secure");
        assertEquals(Optional.of("None"), c.sameSite());
        assertTrue(c.sameSiteRecognized());
    }

    @Test
    void parseWhenSameSiteUnknownThenKeptAsWrittenButUnrecognized() {
        SetCookieHeader c = parsed("a=b; SameSite=Strict; SameSite=Sometimes");
        // The unknown value still replaces Strict: the browser falls back to its default (5.6.7).
        assertEquals(Optional.of("Sometimes"), c.sameSite());
        assertFalse(c.sameSiteRecognized());
        assertEquals("a=b; SameSite=Sometimes", c.toHeaderValue());
        assertFalse(parsed("a=b").sameSiteRecognized());
    }

    @Test
    void parseWhenUnknownAttributesThenPreservedInOrderAfterKnownOnes() {
        SetCookieHeader c = parsed("a=b; Priority=High; Secure; Comment = hi there ; Foo; Version=1");
        assertEquals("a=b; Secure; Priority=High; Comment=hi there; Foo; Version=1", c.toHeaderValue());
    }

    @Test
    void parseWhenEmptyOrNamelessAttributesThenIgnored() {
        assertEquals("a=b; Secure", parsed("a=b;; ;=x; Secure;").toHeaderValue());
    }

    @Test
    void parseWhenAttributeValueOver1024OctetsThenAttributeIgnored() {
        SetCookieHeader ok = parsed("a=b; Path=/" + "p".repeat(1023));
        assertEquals(1024, ok.path().orElseThrow().length());
        SetCookieHeader tooLong = parsed("a=b; Path=/x; Path=/" + "p".repeat(1024) + "; X=" + "q".repeat(1025));
        assertEquals(Optional.of("/x"), tooLong.path());
        assertEquals("a=b; Path=/x", tooLong.toHeaderValue());
    }

    // ---- Max-Age (5.6.2) ----

    @ParameterizedTest
    @CsvSource({"60, 60", "0, 0", "-1, -1", "-0, 0", "007, 7",
                "9223372036854775807, 9223372036854775807",
                "9223372036854775808, 9223372036854775807",
                "99999999999999999999999999, 9223372036854775807",
                "-99999999999999999999999999, -9223372036854775808"})
    void parseWhenMaxAgeIsOptionalMinusThenDigitsThenValueSaturatesInsteadOfOverflowing(String raw, long expected) {
        assertEquals(OptionalLong.of(expected), parsed("a=b; Max-Age=" + raw).maxAge());
    }

    @ParameterizedTest
    @ValueSource(strings = {"+5", "abc", "5s", "1.5", "-", "", "--1", "1 2", "0x10", "\uff15"})
    void parseWhenMaxAgeIsNotOptionalMinusThenDigitsThenIgnored(String raw) {
        assertEquals(OptionalLong.empty(), parsed("a=b; Max-Age=" + raw).maxAge());
    }

    // ---- Expires and the cookie-date algorithm (5.1.1) ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Wed, 21 Oct 2015 07:28:00 GMT         | 2015-10-21T07:28:00Z",  // IMF-fixdate
        "Wednesday, 21-Oct-15 07:28:00 GMT     | 2015-10-21T07:28:00Z",  // RFC 850
        "Wed Oct 21 07:28:00 2015              | 2015-10-21T07:28:00Z",  // asctime
        "21 oct 2015 7:8:9                     | 2015-10-21T07:08:09Z",  // one-digit fields, lower case
        "2015 October 21 07:28:00              | 2015-10-21T07:28:00Z",  // year first, full month name
        "21st Oct 2015 07:28:00                | 2015-10-21T07:28:00Z",  // day with a suffix
        "Wed, 21 Oct 2015 07:28:00 +0200       | 2015-10-21T07:28:00Z",  // zones are ignored
        "Wed, 21 Oct 2015 07:28:00Z            | 2015-10-21T07:28:00Z",  // time with a suffix
        "21 Oct 2015 07:28:00 08:00:00 22 1999 | 2015-10-21T07:28:00Z",  // first of each kind wins
        "  ,21//Oct//2015//07:28:00,,          | 2015-10-21T07:28:00Z",  // any delimiters
        "01 Jan 70 00:00:00                    | 1970-01-01T00:00:00Z",  // 70-99 -> 19xx
        "01 Jan 99 00:00:00                    | 1999-01-01T00:00:00Z",
        "01 Jan 00 00:00:00                    | 2000-01-01T00:00:00Z",  // 0-69 -> 20xx
        "01 Jan 69 00:00:00                    | 2069-01-01T00:00:00Z",
        "01 Jan 1601 00:00:00                  | 1601-01-01T00:00:00Z",  // earliest year
        "31 Dec 9999 23:59:59                  | 9999-12-31T23:59:59Z",
        "29 Feb 2016 00:00:00                  | 2016-02-29T00:00:00Z",  // leap day
    })
    void parseWhenExpiresIsACookieDateThenParsedLikeABrowser(String raw, String expected) {
        assertEquals(Optional.of(Instant.parse(expected)), parsed("a=b; Expires=" + raw).expires());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "tomorrow", "Wed, 21 Oct 2015",          // no time
        "21 Oct 07:28:00",                           // no year
        "21 2015 07:28:00",                          // no month
        "Oct 2015 07:28:00",                         // no day ("2015" is too long for a day)
        "Ja 21 2015 07:28:00",                       // month needs three letters
        "32 Oct 2015 07:28:00", "00 Oct 2015 07:28:00",
        "30 Feb 2016 07:28:00", "29 Feb 2015 07:28:00", "31 Apr 2015 07:28:00",
        "21 Oct 2015 24:00:00", "21 Oct 2015 23:60:00", "21 Oct 2015 23:59:60",
        "21 Oct 2015 7:28", "21 Oct 2015 007:28:00", "21 Oct 2015 07:28:000",
        "21 Oct 1600 23:59:59",                      // before 1601
        "21 Oct 100 07:28:00",                       // a three-digit year is taken literally
        "21 Oct 20150 07:28:00",                     // five digits are not a year
        "123 Oct 2015 07:28:00",                     // three digits are not a day, nor is 2015
    })
    void parseWhenExpiresIsNotACookieDateThenAttributeIgnored(String raw) {
        SetCookieHeader c = parsed("a=b; Expires=" + raw);
        assertEquals(Optional.empty(), c.expires());
        assertEquals("a=b", c.toHeaderValue());
    }

    @Test
    void toHeaderValueWritesExpiresAsImfFixdateWithTwoDigitDay() {
        assertEquals("a=b; Expires=Tue, 01 Jan 2030 00:00:00 GMT",
                parsed("a=b; expires=1 jan 2030 0:0:0").toHeaderValue());
    }

    // ---- serialization ----

    @Test
    void toHeaderValueWritesEachAttributeOnceInFixedOrder() {
        SetCookieHeader c = parsed("a=b; X=1; partitioned; samesite=none; httponly; secure; path=/p;"
                + " domain=.Ex.com; max-age=60; expires=Wed, 21 Oct 2015 07:28:00 GMT; Secure; Max-Age=61");
        assertEquals("a=b; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Max-Age=61; Domain=ex.com; Path=/p; Secure;"
                + " HttpOnly; SameSite=None; Partitioned; X=1", c.toHeaderValue());
    }

    @Test
    void toHeaderValueWhenNamelessThenBareValueOrEqualsPrefixWhenValueHoldsEquals() {
        assertEquals("x", parsed("=x").toHeaderValue());
        assertEquals("x; Secure", parsed("x; Secure").toHeaderValue());
        // "a=b" alone would come back as the cookie "a"; the leading '=' keeps it nameless.
        SetCookieHeader c = parsed("=a=b");
        assertEquals("=a=b", c.toHeaderValue());
        assertEquals(c, parsed(c.toHeaderValue()));
    }

    @Test
    void toStringShowsNameAndValueLengthButNeverTheValue() {
        String s = parsed("sid=s3cr3t-token; Path=/; Secure").toString();
        assertTrue(s.contains("sid"), s);
        assertTrue(s.contains("12 chars"), s);
        assertFalse(s.contains("s3cr3t"), s);
    }

    // ---- deletion and lifetime ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a=b; Max-Age=0                                        | true",
        "a=b; Max-Age=-1                                       | true",
        "a=b; Max-Age=60                                       | false",
        "a=b; Expires=Thu, 01 Jan 1970 00:00:00 GMT            | true",
        "a=b; Expires=Sun, 01 Jun 2025 12:00:00 GMT            | true",   // == now: already expired
        "a=b; Expires=Sun, 01 Jun 2025 12:00:01 GMT            | false",
        "a=b; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=60 | false",  // Max-Age wins (5.7)
        "a=b; Max-Age=0; Expires=Fri, 01 Jan 2100 00:00:00 GMT | true",
        "a=b                                                   | false",
    })
    void isDeletionWhenMaxAgeNotPositiveOrOnlyExpiresInThePast(String header, boolean deletion) {
        assertEquals(deletion, parsed(header).isDeletion(NOW));
    }

    @Test
    void withLifetimeCappedAtWhenMaxAgeAboveCapThenMaxAgeBecomesCap() {
        SetCookieHeader c = parsed("_ga=GA1.1; Max-Age=63072000; Path=/; Secure")
                .withLifetimeCappedAt(Duration.ofDays(395), NOW);
        assertEquals("_ga=GA1.1; Max-Age=34128000; Path=/; Secure", c.toHeaderValue());
    }

    @Test
    void withLifetimeCappedAtWhenExpiresBeyondCapThenExpiresBecomesNowPlusCapInWholeSeconds() {
        Instant now = Instant.parse("2025-06-01T12:00:00.700Z");
        SetCookieHeader c = parsed("a=b; Expires=Fri, 01 Jan 2100 00:00:00 GMT; HttpOnly")
                .withLifetimeCappedAt(Duration.ofDays(10), now);
        assertEquals(Optional.of(Instant.parse("2025-06-11T12:00:00Z")), c.expires());
        assertTrue(c.httpOnly());
    }

    @Test
    void withLifetimeCappedAtWhenBothAttributesTooLongThenBothCapped() {
        SetCookieHeader c = parsed("a=b; Max-Age=99999999999999999999; Expires=Fri, 01 Jan 2100 00:00:00 GMT")
                .withLifetimeCappedAt(Duration.ofHours(1), NOW);
        assertEquals(OptionalLong.of(3600), c.maxAge());
        assertEquals(Optional.of(NOW.plusSeconds(3600)), c.expires());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a=b", "a=b; Max-Age=3600", "a=b; Max-Age=0", "a=b; Max-Age=-5",
                            "a=b; Expires=Sun, 01 Jun 2025 13:00:00 GMT", "a=b; Expires=Thu, 01 Jan 1970 00:00:00 GMT"})
    void withLifetimeCappedAtWhenSessionDeletionOrWithinCapThenSameInstance(String header) {
        SetCookieHeader c = parsed(header);
        assertSame(c, c.withLifetimeCappedAt(Duration.ofHours(1), NOW));
    }

    @Test
    void withLifetimeCappedAtWhenCapIsHugeThenNoOverflow() {
        SetCookieHeader c = parsed("a=b; Max-Age=60; Expires=31 Dec 9999 23:59:59");
        assertSame(c, c.withLifetimeCappedAt(Duration.ofSeconds(Long.MAX_VALUE), NOW));
    }

    @Test
    void withLifetimeCappedAtWhenCapNegativeThenRejected() {
        SetCookieHeader c = parsed("a=b");
        assertThrows(IllegalArgumentException.class, () -> c.withLifetimeCappedAt(Duration.ofSeconds(-1), NOW));
    }

    @Test
    void deletionWritesEmptyValueMaxAgeZeroEpochExpiresPathAndDomain() {
        assertEquals("sid=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/app",
                SetCookieHeader.deletion("sid", "/app", null, false));
        assertEquals("_ga=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Domain=example.com; Secure",
                SetCookieHeader.deletion("_ga", "/", "example.com", true));
    }

    @Test
    void deletionWhenHostPrefixThenAlwaysSecurePathRootAndNoDomain() {
        assertEquals("__Host-id=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Secure",
                SetCookieHeader.deletion("__Host-id", "/app", "example.com", false));
        // 6265bis 4.1.3 matches prefixes case-insensitively.
        assertEquals("__host-id=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Secure",
                SetCookieHeader.deletion("__host-id", "/app", "example.com", false));
    }

    @Test
    void deletionWhenSecurePrefixThenAlwaysSecureAndDomainKept() {
        assertEquals("__Secure-id=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/a; Domain=example.com;"
                + " Secure", SetCookieHeader.deletion("__Secure-id", "/a", "example.com", false));
    }

    @Test
    void deletionHeaderParsesBackAsADeletion() {
        SetCookieHeader c = parsed(SetCookieHeader.deletion("_ga", "/", "Example.com", false));
        assertEquals("_ga", c.name());
        assertEquals("", c.value());
        assertTrue(c.isDeletion(NOW));
        assertEquals(Optional.of("example.com"), c.domain());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''       | /    | ",
        "a;b      | /    | ",
        "a=b      | /    | ",
        "' a'     | /    | ",
        "sid      | app  | ",
        "sid      | /a;b | ",
        "sid      | /    | exa mple.com",
        "sid      | /    | ''",
    })
    void deletionWhenPartWouldBreakTheHeaderThenRejected(String name, String path, String domain) {
        assertThrows(IllegalArgumentException.class, () -> SetCookieHeader.deletion(name, path, domain, false));
    }

    @Test
    void deletionWhenNameHasInnerSpaceOrTabThenAcceptedAsABrowserWouldStoreIt() {
        assertTrue(SetCookieHeader.deletion("a\tb c", "/", null, false).startsWith("a\tb c=; Max-Age=0"));
    }

    @Test
    void deletionWhenLineBreakInNameThenRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> SetCookieHeader.deletion("a\r\nSet-Cookie: x", "/", null, false));
    }

    // ---- builder ----

    @Test
    void builderWritesConsentCookieWithCanonicalAttributes() {
        SetCookieHeader c = SetCookieHeader.builder("__Host-cw", "v1.abc_DEF-9").maxAge(3600).path("/")
                .secure(true).httpOnly(true).sameSite("lax").build();
        assertEquals("__Host-cw=v1.abc_DEF-9; Max-Age=3600; Path=/; Secure; HttpOnly; SameSite=Lax",
                c.toHeaderValue());
        assertEquals(c, parsed(c.toHeaderValue()));
    }

    @Test
    void builderWhenDomainHasLeadingDotThenNormalizedLikeTheParser() {
        assertEquals(Optional.of("example.com"),
                SetCookieHeader.builder("a", "b").domain(".Example.com").build().domain());
    }

    @Test
    void builderWhenQuotedOrEmptyValueThenAccepted() {
        assertEquals("a=\"xyz\"", SetCookieHeader.builder("a", "\"xyz\"").build().toHeaderValue());
        assertEquals("a=", SetCookieHeader.builder("a", "").build().toHeaderValue());
    }

    @Test
    void builderWhenMaxAgeOver400DaysThenLoweredTo400Days() {
        assertEquals(OptionalLong.of(34_560_000),
                SetCookieHeader.builder("a", "b").maxAge(34_560_001).build().maxAge());
        assertEquals(OptionalLong.of(34_560_000),
                SetCookieHeader.builder("a", "b").maxAge(Long.MAX_VALUE).build().maxAge());
    }

    @Test
    void builderWhenNameIsNotATokenThenMessageNamesTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SetCookieHeader.builder("a b", "v").build());
        assertEquals("Cookie [a b]: name must be a non-empty RFC 9110 token", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a;b", "a=b", "a,b", "a\"b", "a(b)", "a/b", "caf\u00e9", "a\tb"})
    void builderWhenNameHasNonTokenCharacterThenRejected(String name) {
        assertThrows(IllegalArgumentException.class, () -> SetCookieHeader.builder(name, "v").build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a,b", "a;b", "a\\b", "a\"b", "\"", "\"a", "a\u0000", "a\r\nX: y", "\u00e9",
                            "a\u007f"})
    void builderWhenValueHasCharacterOutsideCookieOctetThenRejected(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SetCookieHeader.builder("a", value).build());
        assertTrue(e.getMessage().contains("cookie-octets"), e.getMessage());
    }

    @Test
    void builderWhenNamePlusValueOver4096OctetsThenRejected() {
        SetCookieHeader.builder("n", "v".repeat(4095)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SetCookieHeader.builder("n", "v".repeat(4096)).build());
        assertEquals("Cookie [n]: name and value are 4097 octets, over 4096", e.getMessage());
    }

    @Test
    void builderWhenSameSiteNoneWithoutSecureThenRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SetCookieHeader.builder("a", "b").sameSite("None").build());
        assertEquals("Cookie [a]: SameSite=None requires Secure", e.getMessage());
        assertEquals(Optional.of("None"),
                SetCookieHeader.builder("a", "b").sameSite("none").secure(true).build().sameSite());
    }

    @Test
    void builderWhenSameSiteUnknownThenRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SetCookieHeader.builder("a", "b").sameSite("Sometimes").build());
        assertEquals("Cookie [a]: SameSite [Sometimes] must be Strict, Lax or None", e.getMessage());
    }

    @Test
    void builderWhenHostPrefixBreaksItsRulesThenEachRuleReported() {
        assertEquals("Cookie [__Host-a]: the __Host- prefix requires Secure",
                buildFailure(SetCookieHeader.builder("__Host-a", "b").path("/")));
        assertEquals("Cookie [__Host-a]: the __Host- prefix requires Path=/, none is set",
                buildFailure(SetCookieHeader.builder("__Host-a", "b").secure(true)));
        assertEquals("Cookie [__Host-a]: the __Host- prefix requires Path=/, not [/app]",
                buildFailure(SetCookieHeader.builder("__Host-a", "b").secure(true).path("/app")));
        assertEquals("Cookie [__HOST-a]: the __Host- prefix forbids Domain, got [example.com]",
                buildFailure(SetCookieHeader.builder("__HOST-a", "b").secure(true).path("/").domain("example.com")));
    }

    @Test
    void builderWhenSecurePrefixWithoutSecureThenRejected() {
        assertEquals("Cookie [__secure-a]: the __Secure- prefix requires Secure",
                buildFailure(SetCookieHeader.builder("__secure-a", "b")));
        assertTrue(SetCookieHeader.builder("__Secure-a", "b").secure(true).domain("example.com").build().secure());
    }

    @Test
    void builderWhenMaxAgeNegativeOrPathOrDomainMalformedThenRejected() {
        assertEquals("Cookie [a]: Max-Age [-1] must not be negative (0 deletes)",
                buildFailure(SetCookieHeader.builder("a", "b").maxAge(-1)));
        assertEquals("Cookie [a]: Path [app] must start with '/' and contain no control characters or ';'",
                buildFailure(SetCookieHeader.builder("a", "b").path("app")));
        assertEquals("Cookie [a]: Path [/a;b] must start with '/' and contain no control characters or ';'",
                buildFailure(SetCookieHeader.builder("a", "b").path("/a;b")));
        assertEquals("Cookie [a]: Domain [ex ample.com] must be letters, digits, '-' and '.'",
                buildFailure(SetCookieHeader.builder("a", "b").domain("ex ample.com")));
        assertEquals("Cookie [a]: Domain [.] must be letters, digits, '-' and '.'",
                buildFailure(SetCookieHeader.builder("a", "b").domain(".")));
    }

    private static String buildFailure(SetCookieHeader.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }

    // ---- fuzz ----

    private static final String[] FUZZ_PIECES = {
        "a", "b", "Z", "=", "=", ";", ";", " ", "\t", "\"", ",", "-", "+", "0", "7", "99", ":", "/", ".", "é",
        "Expires=", "Max-Age=", "Domain=", "Path=", "Secure", "HttpOnly", "SameSite=", "Partitioned",
        "Jan", "Oct", "GMT", "21", "2015", "07:28:00", "__Host-", "\u0000", "\n", "\u007f",
    };

    @Test
    void parseNeverThrowsAndItsCanonicalFormParsesBackToAnEqualCookie() {
        Random random = new Random(6265);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder sb = new StringBuilder();
            int pieces = random.nextInt(30);
            for (int p = 0; p < pieces; p++) {
                sb.append(FUZZ_PIECES[random.nextInt(FUZZ_PIECES.length)]);
            }
            String header = sb.toString();
            Optional<SetCookieHeader> parsed = SetCookieHeader.parse(header);
            if (parsed.isPresent()) {
                String canonical = parsed.get().toHeaderValue();
                assertEquals(parsed, SetCookieHeader.parse(canonical), () -> "[" + header + "] -> [" + canonical + "]");
                assertEquals(canonical, SetCookieHeader.parse(canonical).orElseThrow().toHeaderValue());
                parsed.get().isDeletion(NOW);
                parsed.get().withLifetimeCappedAt(Duration.ofDays(1), NOW).toHeaderValue();
            }
        }
    }
}
