package dev.cookiewarden.enforce;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The cookie-date algorithm of RFC 6265bis section 5.1.1, and the IMF-fixdate form we write back.
 *
 * <p>Browsers do not parse {@code Expires} as RFC 9110 dates: they split the value into tokens and
 * pick the first token that looks like a time, a day, a month and a year, in that order of
 * preference. A filter that wants to know what a browser will do must parse the same way, so
 * {@code "Wed, 21-Oct-15 07:28:00 GMT"} and {@code "21 oct 2015 7:28:0"} are the same instant here.
 * Stateless and thread-safe.
 */
final class CookieDate {
    /** IMF-fixdate (RFC 9110 section 5.6.7): always a two-digit day, unlike RFC_1123_DATE_TIME. */
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private static final String[] MONTHS =
            {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

    private CookieDate() {
    }

    /**
     * Parses {@code text} as a cookie-date.
     *
     * @return the instant, or empty when the algorithm says to fail (the caller then ignores the
     *         attribute, as 6265bis section 5.6.1 requires)
     */
    static Optional<Instant> parse(String text) {
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

    /** The instant as an IMF-fixdate, e.g. {@code Thu, 01 Jan 1970 00:00:00 GMT}. */
    static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }

    /** delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E (section 5.1.1). */
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

    /**
     * Matches {@code min*max DIGIT [ non-digit *OCTET ]}, the shape of day-of-month and year.
     *
     * @return the number the digits denote, or -1 when the token does not match
     */
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

    /** Matches {@code 1*2DIGIT ":" 1*2DIGIT ":" 1*2DIGIT [ non-digit *OCTET ]}; null when not. */
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

    /** Matches a month name's first three letters, any case, then anything; 1-12 or -1. */
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
}
