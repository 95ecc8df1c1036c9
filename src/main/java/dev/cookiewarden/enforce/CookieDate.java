package dev.cookiewarden.enforce;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
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

    private static final long SECONDS_PER_DAY = 24 * 60 * 60;
    /** 0001-01-01 and 9999-12-31: the days whose year {@link #format} writes as four digits itself. */
    private static final long FIRST_FAST_DAY = LocalDate.of(1, 1, 1).toEpochDay();
    private static final long LAST_FAST_DAY = LocalDate.of(9999, 12, 31).toEpochDay();
    private static final String[] DAY_NAMES = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTH_NAMES =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

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
        return Optional.ofNullable(parse(text, 0, text.length()));
    }

    /** {@link #parse(String)} of {@code text} from {@code from} to {@code to}; null where that is empty. */
    static Instant parse(String text, int from, int to) {
        int hour = -1;
        int minute = -1;
        int second = -1;
        int day = -1;
        int month = -1;
        int year = -1;
        int i = from;
        while (i < to) {
            while (i < to && isDelimiter(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < to && !isDelimiter(text.charAt(i))) {
                i++;
            }
            if (start == i) {
                break;
            }
            // 5.1.1 step 2: each token is tried as time, day, month, year in that order, and
            // feeds at most one of them; the first match of each kind wins.
            long hms;
            if (hour < 0 && (hms = matchTime(text, start, i)) >= 0) {
                hour = (int) (hms >> 16);
                minute = (int) (hms >> 8) & 0xFF;
                second = (int) hms & 0xFF;
            } else if (day < 0 && leadingDigits(text, start, i, 1, 2) >= 0) {
                day = leadingDigits(text, start, i, 1, 2);
            } else if (month < 0 && matchMonth(text, start, i) >= 0) {
                month = matchMonth(text, start, i);
            } else if (year < 0 && leadingDigits(text, start, i, 2, 4) >= 0) {
                year = leadingDigits(text, start, i, 2, 4);
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
            return null;
        }
        // Step 6: a day that does not exist in the month (Feb 30) fails the whole date.
        if (day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        return Instant.ofEpochSecond(LocalDate.of(year, month, day).toEpochDay() * SECONDS_PER_DAY
                + hour * 3600L + minute * 60L + second);
    }

    /** The instant as an IMF-fixdate, e.g. {@code Thu, 01 Jan 1970 00:00:00 GMT}. */
    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        if (days < FIRST_FAST_DAY || days > LAST_FAST_DAY) {
            return IMF_FIXDATE.format(instant); // a year without exactly four digits
        }
        // Written by hand: the formatter costs about a microsecond and a kilobyte per call.
        LocalDate date = LocalDate.ofEpochDay(days);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        char[] out = new char[29];
        String dayName = DAY_NAMES[date.getDayOfWeek().ordinal()];
        String monthName = MONTH_NAMES[date.getMonthValue() - 1];
        dayName.getChars(0, 3, out, 0);
        out[3] = ',';
        out[4] = ' ';
        twoDigits(out, 5, date.getDayOfMonth());
        out[7] = ' ';
        monthName.getChars(0, 3, out, 8);
        out[11] = ' ';
        int year = date.getYear();
        twoDigits(out, 12, year / 100);
        twoDigits(out, 14, year % 100);
        out[16] = ' ';
        twoDigits(out, 17, secondOfDay / 3600);
        out[19] = ':';
        twoDigits(out, 20, secondOfDay / 60 % 60);
        out[22] = ':';
        twoDigits(out, 23, secondOfDay % 60);
        " GMT".getChars(0, 4, out, 25);
        return new String(out);
    }

    private static void twoDigits(char[] out, int at, int value) {
        out[at] = (char) ('0' + value / 10);
        out[at + 1] = (char) ('0' + value % 10);
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
     * Matches {@code min*max DIGIT [ non-digit *OCTET ]}, the shape of day-of-month and year, on
     * the token from {@code start} to {@code end}.
     *
     * @return the number the digits denote, or -1 when the token does not match
     */
    private static int leadingDigits(String text, int start, int end, int min, int max) {
        int count = 0;
        while (start + count < end && isDigit(text.charAt(start + count))) {
            count++;
        }
        // More digits than allowed means the next char is a digit, not the required non-digit.
        if (count < min || count > max) {
            return -1;
        }
        return Integer.parseInt(text, start, start + count, 10);
    }

    /**
     * Matches {@code 1*2DIGIT ":" 1*2DIGIT ":" 1*2DIGIT [ non-digit *OCTET ]} on the token from
     * {@code start} to {@code end}.
     *
     * @return hour, minute and second packed as {@code h << 16 | m << 8 | s}; -1 when it does not match
     */
    private static long matchTime(String text, int start, int end) {
        long packed = 0;
        int i = start;
        for (int f = 0; f < 3; f++) {
            int fieldStart = i;
            while (i < end && i - fieldStart < 3 && isDigit(text.charAt(i))) {
                i++;
            }
            int count = i - fieldStart;
            if (count < 1 || count > 2) {
                return -1;
            }
            packed = packed << 8 | Integer.parseInt(text, fieldStart, i, 10);
            if (f < 2) {
                if (i >= end || text.charAt(i) != ':') {
                    return -1;
                }
                i++;
            }
        }
        return packed;
    }

    /** Matches a month name's first three letters, any case, then anything; 1-12 or -1. */
    private static int matchMonth(String text, int start, int end) {
        if (end - start < 3) {
            return -1;
        }
        for (int m = 0; m < MONTHS.length; m++) {
            if (lowerCaseEquals(text, start, MONTHS[m])) {
                return m + 1;
            }
        }
        return -1;
    }

    /** Whether the three characters at {@code start} are {@code month}'s letters in any ASCII case. */
    private static boolean lowerCaseEquals(String text, int start, String month) {
        for (int k = 0; k < 3; k++) {
            char c = text.charAt(start + k);
            if (c != month.charAt(k) && !(c >= 'A' && c <= 'Z' && c + ('a' - 'A') == month.charAt(k))) {
                return false;
            }
        }
        return true;
    }
}
