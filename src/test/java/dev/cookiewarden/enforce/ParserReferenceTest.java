package dev.cookiewarden.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The request-path parsers cut their input by bounds rather than into intermediate Strings, and
 * match attribute names, months and SameSite values without lower-casing copies. Each is checked
 * here against a straightforward reference (the substring-and-trim code they replaced) on random
 * input built from the characters that matter: separators, blanks, letters in both cases, and the
 * few non-ASCII characters Java folds onto ASCII letters ({@code ſ ı İ K}).
 */
class ParserReferenceTest {
    private static final String[] SET_COOKIE_PIECES = {
        "a", "b", "Z", "=", "=", ";", ";", ";", " ", "\t", "\"", ",", "-", "+", "0", "7", "99", ":", "/", ".", "é",
        "Expires=", "expires =", "EXPIRES= ", "Max-Age=", "max-age", "MAX-AGE =", "Domain=", "domain=.", "DOMAIN",
        "Path=", "path", "PATH= /", "Secure", "secure=1", "SECURE", "HttpOnly", "httponly", "HTTPONLY",
        "SameSite=", "samesite=lax", "SAMESITE= Strict", "Partitioned", "partitioned", "Comment=",
        "\u017fecure", "Max-\u0130ge", "HttpOnly\u0131", "Partitioned\u212a", "SameSite=\u017ftrict", "Lax", "n\u0131ne",
        "Jan", "jan", "OCT", "dec", "GMT", "21", "2015", "07:28:00", "7:8:9", "29 Feb 2016", "29 Feb 2015",
        "31 apr 2020", "__Host-", "\u0000", "\u007f",
    };

    /**
     * The characters tried in every position of a name: all below U+2200 (Latin, Greek, Cyrillic
     * and the letter-like symbols, where every character Java case-folds onto an ASCII letter
     * lives: U+0130, U+0131, U+017F, U+212A) and the fullwidth forms.
     */
    private static final char[] CHARACTERS = characters();

    private static final String[] COOKIE_PIECES = {"a", "b", "=", "=", ";", ";", " ", " ", "\t", "\"", ",", "\u00e9"};

    private static char[] characters() {
        StringBuilder sb = new StringBuilder();
        for (char c = 0; c < 0x2200; c++) {
            sb.append(c);
        }
        for (char c = 0xFF00; c < 0xFFFF; c++) {
            sb.append(c);
        }
        return sb.toString().toCharArray();
    }

    @Test
    void setCookieParseAgreesWithTheReference() {
        Random random = new Random(6265);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int p = random.nextInt(30); p > 0; p--) {
                sb.append(SET_COOKIE_PIECES[random.nextInt(SET_COOKIE_PIECES.length)]);
            }
            String header = sb.toString();
            assertEquals(ReferenceSetCookie.parse(header), SetCookieHeader.parse(header).map(ParserReferenceTest::fields),
                    () -> "[" + header + "]");
        }
    }

    @Test
    void setCookieParseAgreesWithTheReferenceOnEveryCharacterInEveryAttributeName() {
        String[] names = {"Expires", "Max-Age", "Domain", "Path", "Secure", "HttpOnly", "SameSite", "Partitioned"};
        String[] values = {"Wed, 21 Oct 2015 07:28:00 GMT", "60", ".Example.COM", "/x", "", "", "Lax", ""};
        for (int n = 0; n < names.length; n++) {
            for (int at = 0; at < names[n].length(); at++) {
                for (char c : CHARACTERS) {
                    if (CookieSyntax.isForbiddenControl(c) || c == ';' || c == '=') {
                        continue;
                    }
                    String name = names[n].substring(0, at) + c + names[n].substring(at + 1);
                    String header = "a=b; " + name + "=" + values[n];
                    assertEquals(ReferenceSetCookie.parse(header), SetCookieHeader.parse(header).map(ParserReferenceTest::fields),
                            header);
                }
            }
        }
    }

    @Test
    void sameSiteValueAgreesWithTheReferenceOnEveryCharacter() {
        for (String value : List.of("Strict", "Lax", "None")) {
            for (int at = 0; at < value.length(); at++) {
                for (char c : CHARACTERS) {
                    if (CookieSyntax.isForbiddenControl(c) || c == ';') {
                        continue;
                    }
                    String header = "a=b; SameSite=" + value.substring(0, at) + c + value.substring(at + 1);
                    assertEquals(ReferenceSetCookie.parse(header), SetCookieHeader.parse(header).map(ParserReferenceTest::fields),
                            header);
                }
            }
        }
    }

    @Test
    void cookieDateAgreesWithTheReferenceOnEveryCharacterOfTheMonth() {
        for (int at = 0; at < 3; at++) {
            for (char c : CHARACTERS) {
                String date = "21 " + "Oct".substring(0, at) + c + "Oct".substring(at + 1) + " 2015 07:28:00 GMT";
                assertEquals(ReferenceSetCookie.parseDate(date), CookieDate.parse(date), date);
            }
        }
    }

    @Test
    void cookieParseAgreesWithTheReference() {
        Random random = new Random(6265);
        for (int i = 0; i < 50_000; i++) {
            List<String> lines = new ArrayList<>();
            for (int l = random.nextInt(3); l >= 0; l--) {
                StringBuilder sb = new StringBuilder();
                for (int p = random.nextInt(25); p > 0; p--) {
                    sb.append(COOKIE_PIECES[random.nextInt(COOKIE_PIECES.length)]);
                }
                lines.add(sb.toString());
            }
            assertEquals(ReferenceCookie.parse(lines), CookieHeader.parse(lines), lines::toString);
        }
    }

    @Test
    void cookieParseWhenLineIsLongAndHasNoEqualsThenEveryPieceIsStillRead() {
        String line = "x;".repeat(CookieHeader.MAX_LINE_CHARS / 2);
        assertEquals(ReferenceCookie.parse(List.of(line)), CookieHeader.parse(List.of(line)));
        assertEquals(CookieHeader.MAX_PAIRS, CookieHeader.parse(List.of(line)).size());
    }

    @Test
    void varyListsANameAgreesWithSplittingAndTrimming() {
        String[] pieces = {"Cookie", "cookie", "COOKIE", "Cookies", "Cook", "*", "**", ",", ",", " ", "\t", "\u000b",
            "Accept", "Origin", "\u212aookie", "C\u00f6okie", "Accept-Language", "accept-language", "-Language",
            "Sec-Fetch-Dest"};
        Random random = new Random(6265);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int p = random.nextInt(8); p > 0; p--) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            String vary = sb.toString();
            for (String name : new String[] {"Cookie", "Accept-Language", "Sec-Fetch-Dest"}) {
                boolean expected = Arrays.stream(vary.split(",")).map(String::trim)
                        .anyMatch(t -> t.equals("*") || t.equalsIgnoreCase(name));
                assertEquals(expected, EnforcingResponse.lists(vary, name), name + " in " + vary);
            }
            assertEquals(EnforcingResponse.lists(vary, "Cookie"), EnforcingResponse.namesCookie(vary), vary);
        }
    }

    @Test
    void setCookieNameAgreesWithCuttingAndStripping() {
        String[] pieces = {"a", "b", "=", ";", " ", "\t", "\u2003", "\u00a0", "\u001c", "\u3000", "\ud83c\udf6a"};
        Random random = new Random(6265);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int p = random.nextInt(10); p > 0; p--) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            String value = sb.toString();
            int semi = value.indexOf(';');
            int eq = value.indexOf('=');
            String expected = eq < 0 || eq > (semi < 0 ? value.length() : semi) ? null : value.substring(0, eq).strip();
            assertEquals(expected == null || expected.isEmpty() ? null : expected, EnforcingResponse.cookieName(value),
                    value);
        }
    }

    @Test
    void cookieDateFormatAgreesWithTheImfFixdateFormatter() {
        DateTimeFormatter imf = DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US)
                .withZone(ZoneOffset.UTC);
        long first = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        Random random = new Random(6265);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochSecond(first),
                Instant.ofEpochSecond(last), Instant.ofEpochSecond(first - 1), Instant.ofEpochSecond(last + 1),
                Instant.ofEpochSecond(-1, 999_999_999), Instant.parse("2024-02-29T23:59:59.999Z"),
                Instant.parse("-0001-06-01T12:00:00Z"), Instant.parse("+12345-06-01T12:00:00Z")));
        for (int i = 0; i < 100_000; i++) {
            instants.add(Instant.ofEpochSecond(first + Math.floorMod(random.nextLong(), last - first + 1),
                    random.nextInt(1_000_000_000)));
        }
        for (Instant instant : instants) {
            assertEquals(imf.format(instant), CookieDate.format(instant), instant::toString);
        }
    }

    /** What {@link #setCookieParseAgreesWithTheReference} compares: every field the parser fills. */
    private static List<Object> fields(SetCookieHeader h) {
        return Arrays.asList(h.name(), h.value(), h.maxAge().isPresent() ? h.maxAge().getAsLong() : null,
                h.expires().orElse(null), h.domain().orElse(null), h.path().orElse(null), h.secure(), h.httpOnly(),
                h.sameSite().orElse(null), h.partitioned(), unknownAttributes(h));
    }

    /**
     * The unknown attributes, read back from the canonical form, which writes them after the
     * known ones (each known one with its exact name); no part can hold "; " but as a separator.
     */
    private static List<String> unknownAttributes(SetCookieHeader h) {
        String[] parts = h.toHeaderValue().split("; ", -1);
        List<String> out = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i];
            boolean known = p.startsWith("Expires=") || p.startsWith("Max-Age=") || p.startsWith("Domain=")
                    || p.startsWith("Path=") || p.equals("Secure") || p.equals("HttpOnly") || p.startsWith("SameSite=")
                    || p.equals("Partitioned");
            if (!known || !out.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    /** The Cookie header parser as it was: each piece cut, trimmed, then cut into name and value. */
    private static final class ReferenceCookie {
        static List<CookieHeader.Pair> parse(Iterable<String> headerValues) {
            List<CookieHeader.Pair> pairs = new ArrayList<>();
            for (String line : headerValues) {
                if (line == null) {
                    continue;
                }
                String text = line;
                if (text.length() > CookieHeader.MAX_LINE_CHARS) {
                    int lastSeparator = text.lastIndexOf(';', CookieHeader.MAX_LINE_CHARS);
                    text = lastSeparator < 0 ? "" : text.substring(0, lastSeparator);
                }
                int start = 0;
                while (start <= text.length() && pairs.size() < CookieHeader.MAX_PAIRS) {
                    int end = text.indexOf(';', start);
                    if (end < 0) {
                        end = text.length();
                    }
                    CookieHeader.Pair pair = pair(text.substring(start, end));
                    if (pair != null) {
                        pairs.add(pair);
                    }
                    start = end + 1;
                }
                if (pairs.size() >= CookieHeader.MAX_PAIRS) {
                    break;
                }
            }
            return pairs;
        }

        private static CookieHeader.Pair pair(String piece) {
            String trimmed = CookieSyntax.trimWsp(piece);
            if (trimmed.isEmpty()) {
                return null;
            }
            int equals = trimmed.indexOf('=');
            if (equals < 0) {
                return new CookieHeader.Pair("", trimmed);
            }
            return new CookieHeader.Pair(CookieSyntax.trimWsp(trimmed.substring(0, equals)),
                    CookieSyntax.trimWsp(trimmed.substring(equals + 1)));
        }
    }

    /** The Set-Cookie parser as it was: substrings, trimming, and a lower-cased switch. */
    private static final class ReferenceSetCookie {
        static Optional<List<Object>> parse(String headerValue) {
            if (headerValue == null || headerValue.length() > SetCookieHeader.MAX_HEADER_CHARS) {
                return Optional.empty();
            }
            for (int i = 0; i < headerValue.length(); i++) {
                if (CookieSyntax.isForbiddenControl(headerValue.charAt(i))) {
                    return Optional.empty();
                }
            }
            int semicolon = headerValue.indexOf(';');
            String pair = semicolon < 0 ? headerValue : headerValue.substring(0, semicolon);
            int equals = pair.indexOf('=');
            String name = equals < 0 ? "" : CookieSyntax.trimWsp(pair.substring(0, equals));
            String value = CookieSyntax.trimWsp(equals < 0 ? pair : pair.substring(equals + 1));
            if (name.isEmpty() && value.isEmpty()) {
                return Optional.empty();
            }
            if (octets(name) + octets(value) > SetCookieHeader.MAX_NAME_VALUE_OCTETS) {
                return Optional.empty();
            }
            Attributes a = new Attributes();
            if (semicolon >= 0) {
                a.parse(headerValue.substring(semicolon + 1));
            }
            return Optional.of(Arrays.asList(name, value, a.maxAge, a.expires, a.domain, a.path, a.secure, a.httpOnly,
                    a.sameSite, a.partitioned, a.unknown));
        }

        static int octets(String s) {
            int ascii = 0;
            for (int i = 0; i < s.length(); i++) {
                if (s.charAt(i) >= 0x80) {
                    return s.getBytes(StandardCharsets.UTF_8).length;
                }
                ascii++;
            }
            return ascii;
        }

        private static final String[] MONTHS =
                {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

        static Optional<Instant> parseDate(String text) {
            int hour = -1;
            int minute = -1;
            int second = -1;
            int day = -1;
            int month = -1;
            int year = -1;
            int i = 0;
            int n = text.length();
            while (i < n) {
                while (i < n && isDelimiter(text.charAt(i))) {
                    i++;
                }
                int start = i;
                while (i < n && !isDelimiter(text.charAt(i))) {
                    i++;
                }
                if (start == i) {
                    break;
                }
                String token = text.substring(start, i);
                // 5.1.1 step 2: each token is tried as time, day, month, year in that order, and
                // feeds at most one of them; the first match of each kind wins.
                int[] hms;
                if (hour < 0 && (hms = matchTime(token)) != null) {
                    hour = hms[0];
                    minute = hms[1];
                    second = hms[2];
                } else if (day < 0 && leadingDigits(token, 1, 2) >= 0) {
                    day = leadingDigits(token, 1, 2);
                } else if (month < 0 && matchMonth(token) >= 0) {
                    month = matchMonth(token);
                } else if (year < 0 && leadingDigits(token, 2, 4) >= 0) {
                    year = leadingDigits(token, 2, 4);
                }
            }
            // Steps 3 and 4: two-digit years pivot at 70, as Netscape-era servers assumed.
            if (year >= 70 && year <= 99) {
                year += 1900;
            } else if (year >= 0 && year <= 69) {
                year += 2000;
            }
            // Step 5: every part must be present and in range; 1601 is the epoch of the Windows
            // FILETIME browsers store, so earlier dates are not representable.
            if (hour < 0 || day < 0 || month < 0 || year < 0
                    || day < 1 || day > 31 || year < 1601 || hour > 23 || minute > 59 || second > 59) {
                return Optional.empty();
            }
            try {
                // Step 6: a day that does not exist in the month (Feb 30) fails the whole date.
                return Optional.of(LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC));
            } catch (DateTimeException e) {
                return Optional.empty();
            }
        }

        private static boolean isDelimiter(char c) {
            return c == 0x09
                    || (c >= 0x20 && c <= 0x2F)
                    || (c >= 0x3B && c <= 0x40)
                    || (c >= 0x5B && c <= 0x60)
                    || (c >= 0x7B && c <= 0x7E);
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static int leadingDigits(String token, int min, int max) {
            int count = 0;
            while (count < token.length() && isDigit(token.charAt(count))) {
                count++;
            }
            // More digits than allowed means the next char is a digit, not the required non-digit.
            if (count < min || count > max) {
                return -1;
            }
            return Integer.parseInt(token, 0, count, 10);
        }

        private static int[] matchTime(String token) {
            int[] fields = new int[3];
            int i = 0;
            for (int f = 0; f < 3; f++) {
                int start = i;
                while (i < token.length() && i - start < 3 && isDigit(token.charAt(i))) {
                    i++;
                }
                int count = i - start;
                if (count < 1 || count > 2) {
                    return null;
                }
                fields[f] = Integer.parseInt(token, start, i, 10);
                if (f < 2) {
                    if (i >= token.length() || token.charAt(i) != ':') {
                        return null;
                    }
                    i++;
                }
            }
            return fields;
        }

        private static int matchMonth(String token) {
            if (token.length() < 3) {
                return -1;
            }
            String prefix = token.substring(0, 3).toLowerCase(Locale.ROOT);
            for (int m = 0; m < MONTHS.length; m++) {
                if (MONTHS[m].equals(prefix)) {
                    return m + 1;
                }
            }
            return -1;
        }

        private static final class Attributes {
            Long maxAge;
            Instant expires;
            String domain;
            String path;
            boolean secure;
            boolean httpOnly;
            String sameSite;
            boolean partitioned;
            final List<String> unknown = new ArrayList<>();

            void parse(String unparsed) {
                int start = 0;
                while (start <= unparsed.length()) {
                    int end = unparsed.indexOf(';', start);
                    if (end < 0) {
                        end = unparsed.length();
                    }
                    attribute(unparsed.substring(start, end));
                    start = end + 1;
                }
            }

            private void attribute(String cookieAv) {
                int equals = cookieAv.indexOf('=');
                String attrName = CookieSyntax.trimWsp(equals < 0 ? cookieAv : cookieAv.substring(0, equals));
                String attrValue = equals < 0 ? "" : CookieSyntax.trimWsp(cookieAv.substring(equals + 1));
                if (attrName.isEmpty() || octets(attrValue) > SetCookieHeader.MAX_ATTRIBUTE_VALUE_OCTETS) {
                    return;
                }
                switch (attrName.toLowerCase(Locale.ROOT)) {
                    case "expires" -> parseDate(attrValue).ifPresent(instant -> expires = instant);
                    case "max-age" -> {
                        Long seconds = parseMaxAge(attrValue);
                        if (seconds != null) {
                            maxAge = seconds;
                        }
                    }
                    case "domain" -> {
                        if (!attrValue.isEmpty()) {
                            String d = attrValue.startsWith(".") ? attrValue.substring(1) : attrValue;
                            domain = d.isEmpty() ? null : d.toLowerCase(Locale.ROOT);
                        }
                    }
                    case "path" -> path = attrValue.startsWith("/") ? attrValue : null;
                    case "secure" -> secure = true;
                    case "httponly" -> httpOnly = true;
                    case "samesite" -> {
                        String canonical = null;
                        for (String known : new String[] {"Strict", "Lax", "None"}) {
                            if (known.equalsIgnoreCase(attrValue)) {
                                canonical = known;
                            }
                        }
                        sameSite = canonical != null ? canonical : attrValue;
                    }
                    case "partitioned" -> partitioned = true;
                    default -> unknown.add(equals < 0 ? attrName : attrName + "=" + attrValue);
                }
            }

            private static Long parseMaxAge(String text) {
                boolean negative = text.startsWith("-");
                int start = negative ? 1 : 0;
                if (start == text.length()) {
                    return null;
                }
                long result = 0;
                boolean saturated = false;
                for (int i = start; i < text.length(); i++) {
                    char c = text.charAt(i);
                    if (c < '0' || c > '9') {
                        return null;
                    }
                    if (!saturated) {
                        if (result > (Long.MAX_VALUE - (c - '0')) / 10) {
                            saturated = true;
                        } else {
                            result = result * 10 + (c - '0');
                        }
                    }
                }
                if (saturated) {
                    return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
                }
                return negative ? -result : result;
            }
        }
    }
}
