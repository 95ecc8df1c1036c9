package dev.cookiewarden.it;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A small language of things an application does to a response, so that a property test can
 * generate sequences of them and {@link ProgramServlet} can run them on a real container. A
 * program is a list of operations written as one header value, operations separated by
 * {@code ,} and their arguments by {@code :}, for example
 * <pre>
 *   c:3:1,a:1:6:0:5,g,w:9,F,x:2,s:0:4:1:3,e:404
 * </pre>
 * which adds the cookie {@code _ga} with a one-hour Max-Age, adds a raw {@code set-cookie} header
 * for {@code _fbp} whose later Max-Age wins, creates a session, writes 9 KiB, forwards (the rest
 * runs in the FORWARD dispatch), clears every Set-Cookie with {@code setHeader(..., null)}, sets
 * {@code lang} through {@code setHeader} and sends a 404 (whose error page sets cookies of its own).
 * The operations without arguments: {@code g} {@code getSession(true)}, {@code v} invalidate the
 * session, {@code z} {@code changeSessionId()}, {@code r} {@code reset()}, {@code b}
 * {@code resetBuffer()}, {@code f} {@code flushBuffer()}, {@code t} start an HTML page,
 * {@code R} {@code sendRedirect}, {@code !} throw, {@code F} forward, {@code A} async through
 * {@code AsyncContext.start}, {@code T} async on a thread of the application's own, {@code D}
 * {@code AsyncContext.dispatch()}; the last four hand the rest of the program over.
 *
 * <p>Arguments are indexes into the fixed lists below, so a program is short, readable in a
 * failure report, and shrinks well.
 */
final class CookieProgram {
    /**
     * Cookie names the application tries, each declared in one category of
     * {@code conformance.properties}, undeclared, or named like the consent cookie.
     */
    static final List<String> NAMES = List.of("JSESSIONID", "lang", "deep_pref", "_ga", "_ga_ABC", "trk_session",
            "_fbp", "undeclared_x", "Lang", "cookie_warden", "__Host-cookie_warden");

    /** Spellings of the header name; header names are case-insensitive, cookie enforcement must be too. */
    static final List<String> HEADER_SPELLINGS = List.of("Set-Cookie", "set-cookie", "SET-COOKIE", "sEt-CoOkIe");

    /** The name-value part of a raw Set-Cookie, {@code %s} standing for the name. */
    static final List<String> PAIRS = List.of("%s=v", " %s = v", "%s=\"q v\"", "%s=a=b", "%s=", "%s=v, _fbp=smuggled");

    /**
     * Attributes after the pair. Per RFC 6265bis 5.6 the last valid Max-Age wins, a Max-Age that
     * is not {@code -?DIGIT+} is ignored, and Max-Age beats Expires: some of these delete the
     * cookie, some look as if they did but do not.
     */
    static final List<String> ATTRIBUTES = List.of(
            "",
            "; Path=/",
            "; Path=/; Max-Age=3600; HttpOnly",
            "; Max-Age=0",
            "; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
            "; Max-Age=0; Max-Age=3600",
            "; Max-Age=3600; Max-Age=0",
            "; Expires=Fri, 31 Dec 2100 23:59:59 GMT; Secure; SameSite=Lax",
            "; max-age=-1",
            "; Max-Age=abc; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
            "; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=3600",
            ";Max-Age=0 ;Path=/deep",
            "; Max-Age=+5",
            "; Max-Age=-0",
            "; Max-Age=99999999999999999999",
            "; Max-Age=0x10");

    /** Ways to shape a {@code jakarta.servlet.http.Cookie} before {@code addCookie}; see {@link ProgramServlet}. */
    static final int COOKIE_VARIANTS = 8;

    /** Sizes, in KiB, of the writes: below, around and well past both containers' buffers. */
    static final List<Integer> WRITE_KIB = List.of(1, 4, 9, 40);

    /** Statuses for {@code sendError}: the 404 has an error page (an ERROR dispatch), the others not. */
    static final List<Integer> ERRORS = List.of(404, 500, 403);

    /** Statuses for {@code setStatus}. */
    static final List<Integer> STATUSES = List.of(200, 204, 304);

    private CookieProgram() {
    }

    /** One operation, as written in a program. */
    record Op(String code) {
        @Override
        public String toString() {
            return code;
        }
    }

    static Op addCookie(int name, int variant) {
        return new Op("c:" + name + ":" + variant);
    }

    static Op addHeader(int spelling, int name, int pair, int attributes) {
        return new Op("a:" + spelling + ":" + name + ":" + pair + ":" + attributes);
    }

    static Op setHeader(int spelling, int name, int pair, int attributes) {
        return new Op("s:" + spelling + ":" + name + ":" + pair + ":" + attributes);
    }

    static Op setHeaderNull(int spelling) {
        return new Op("x:" + spelling);
    }

    /** {@code setIntHeader}, {@code addIntHeader}, {@code setDateHeader} or {@code addDateHeader} on Set-Cookie. */
    static Op numericHeader(int which, int spelling) {
        return new Op("n:" + which + ":" + spelling);
    }

    static Op simple(char code) {
        return new Op(String.valueOf(code));
    }

    static Op write(int kib, boolean stream) {
        return new Op((stream ? "o:" : "w:") + kib);
    }

    static Op sendError(int status) {
        return new Op("e:" + status);
    }

    static Op setStatus(int status) {
        return new Op("S:" + status);
    }

    static Op bufferSize(int kib) {
        return new Op("B:" + kib);
    }

    /** The next {@code count} operations run inside an {@code include()} of this servlet. */
    static Op include(int count) {
        return new Op("I:" + count);
    }

    static String write(List<Op> program) {
        return program.stream().map(Op::code).collect(Collectors.joining(","));
    }

    static List<String[]> read(String program) {
        List<String[]> ops = new ArrayList<>();
        if (program == null || program.isEmpty()) {
            return ops;
        }
        for (String op : program.split(",")) {
            ops.add(op.split(":"));
        }
        return ops;
    }
}
