package dev.cookiewarden.enforce;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The response the application writes to. Every Set-Cookie it is asked to emit is classified and
 * passes only when granted; and because containers write some cookies behind every wrapper's back
 * (Tomcat 11 and Jetty 12 add the session cookie from {@code getSession(true)} straight to their
 * own response), the real response's Set-Cookie headers are swept again before anything can
 * commit: before the first byte of the body, on flush, close, {@code sendError},
 * {@code sendRedirect}, {@code AsyncContext.complete()}, right after a session is created, and
 * when the filter chain returns.
 *
 * <p>One instance per request; not thread-safe (the servlet model hands a response to one thread
 * at a time).
 */
public final class EnforcingResponse extends HttpServletResponseWrapper {
    static final String SET_COOKIE = "Set-Cookie";

    /** Nothing is known of the real response's {@code Vary} headers: the sweep reads them. */
    private static final byte VARY_UNKNOWN = 0;
    /**
     * A {@code Vary} naming {@code Cookie} (or {@code *}) was written through this wrapper (the
     * application's, or the sweep's own) and not replaced since: the sweep need not look for one.
     */
    private static final byte VARY_NAMES_COOKIE = 1;
    /**
     * As {@link #VARY_NAMES_COOKIE}, and the response's one {@code Vary} is the sweep's own
     * {@code Vary: Cookie}, no other written since: names asked for later join it unread.
     */
    private static final byte VARY_ONLY_SWEEPS_COOKIE = 2;
    private static final List<String> ONLY_COOKIE = List.of("Cookie");

    private final RequestEnforcement enforcement;
    /**
     * The response this wrapper was built around. Kept apart from {@link #getResponse()} because
     * during an include Tomcat slips its own include-response (which ignores every header
     * change) under this wrapper with {@code setResponse}; a sweep must reach the real headers.
     */
    private final HttpServletResponse real;
    /**
     * Names already admitted through this wrapper: the sweep need not parse them again. Usually
     * one or none, so the first is kept in a field and any others in a set made for them.
     */
    private String admittedName;
    private Set<String> moreAdmittedNames = Set.of();
    /** The real response's Set-Cookie headers may have changed since the last sweep (or never had one). */
    private boolean cookiesDirty = true;
    /** The response may have become consent-dependent since the last sweep: {@code Vary: Cookie} to check. */
    private boolean varyDirty = true;
    /**
     * What the sweep knows of the real response's {@code Vary} headers without reading them:
     * {@link #VARY_UNKNOWN}, {@link #VARY_NAMES_COOKIE} or {@link #VARY_ONLY_SWEEPS_COOKIE}.
     */
    private byte varyKnown = VARY_UNKNOWN;
    /** The request headers besides {@code Cookie} the response varies on (the banner's page's); usually none. */
    private List<String> varyAlso = List.of();
    /** {@link #varyAlso} may be missing from the real response's {@code Vary}: the next sweep looks. */
    private boolean varyAlsoDirty;
    private GuardedOutputStream stream;
    private GuardedWriter writer;

    /**
     * @param response the container's response (or the one the previous filter gave us)
     * @param enforcement this request's enforcement state
     */
    public EnforcingResponse(HttpServletResponse response, RequestEnforcement enforcement) {
        super(response);
        this.enforcement = enforcement;
        this.real = response;
    }

    static boolean isSetCookie(String headerName) {
        return SET_COOKIE.equalsIgnoreCase(headerName);
    }

    private static boolean isVary(String headerName) {
        return "Vary".equalsIgnoreCase(headerName);
    }

    // ---- cookies through the API ------------------------------------------------------------

    @Override
    public void addCookie(Cookie cookie) {
        if (cookie == null) {
            return;
        }
        // Servlet 6 keeps Max-Age as an attribute string, parsed on every call: read it once.
        int maxAge = cookie.getMaxAge();
        if (enforcement.isDeletion(cookie.getName(), maxAge)) {
            cookiesDirty = true;
            super.addCookie(cookie);
            return;
        }
        Verdict v = enforcement.outgoing(cookie.getName());
        if (v.consentDependent()) {
            varyDirty = true; // the next sweep adds Vary: Cookie
        }
        if (!v.passes()) {
            return;
        }
        Cookie out = cookie;
        long cap = enforcement.maxAgeCap(v);
        if (maxAge > cap) {
            out = (Cookie) cookie.clone();
            out.setMaxAge((int) Math.min(cap, Integer.MAX_VALUE));
        }
        if (cookie.getAttribute("Expires") == null) {
            // Judged whole here: the next sweep need not read the headers again for it.
            admitted(cookie.getName());
        } else {
            // An Expires attribute is capped on the header the container writes.
            cookiesDirty = true;
        }
        super.addCookie(out);
    }

    @Override
    public void addHeader(String name, String value) {
        if (isSetCookie(name)) {
            if (real.isCommitted()) {
                return; // too late for any header (Servlet API); never let it reach the wire
            }
            cookiesDirty = true;
            if (value != null) {
                String admitted = admit(value);
                if (admitted != null) {
                    super.addHeader(SET_COOKIE, admitted);
                }
            }
            return;
        }
        if (value != null && isVary(name) && getResponse() == real) {
            // Not during an include, whose response drops header changes.
            varyKnown = varyKnown != VARY_UNKNOWN || namesCookie(value) ? VARY_NAMES_COOKIE : VARY_UNKNOWN;
        }
        super.addHeader(name, value);
    }

    @Override
    public void setHeader(String name, String value) {
        if (isSetCookie(name)) {
            // setHeader replaces every earlier value: the application asked to clear them, and
            // both Tomcat and Jetty remove a header set to null. The filter's own cookies are
            // written again by the next sweep, which a committed response (after sendError, say)
            // no longer gets: there the call is ignored, as the Servlet API says it should be.
            if (real.isCommitted()) {
                return;
            }
            cookiesDirty = true;
            super.setHeader(SET_COOKIE, null);
            if (value != null) {
                String admitted = admit(value);
                if (admitted != null) {
                    super.addHeader(SET_COOKIE, admitted);
                }
            }
            return;
        }
        if (isVary(name)) {
            varyReplaced(value != null && namesCookie(value) && getResponse() == real);
        }
        super.setHeader(name, value);
    }

    /**
     * The application replaced every {@code Vary} header, perhaps the one naming {@code Cookie}
     * that a sweep added: unless the new one names it, the next sweep looks again.
     */
    private void varyReplaced(boolean namesCookie) {
        varyKnown = namesCookie ? VARY_NAMES_COOKIE : VARY_UNKNOWN;
        if (!namesCookie) {
            varyDirty = true;
        }
        varyAlsoDirty = !varyAlso.isEmpty();
    }

    /** What may be sent for a raw Set-Cookie value, or null; remembers the names that pass as they are. */
    private String admit(String raw) {
        Optional<SetCookieHeader> parsed = SetCookieHeader.parse(raw);
        Optional<String> admitted = enforcement.admit(raw, parsed);
        if (admitted.isEmpty()) {
            return null;
        }
        // A deletion passes whatever the consent: its name says nothing about a later value of
        // that name (the container's session cookie, say), which must still be judged.
        if (admitted.get().equals(raw) && !enforcement.isDeletion(parsed.get())) {
            String name = cookieName(raw);
            if (name != null) {
                admitted(name);
            }
        }
        return admitted.get();
    }

    private void admitted(String name) {
        if (admittedName == null) {
            admittedName = name;
        } else if (!admittedName.equals(name)) {
            if (moreAdmittedNames.isEmpty()) {
                moreAdmittedNames = new HashSet<>(4);
            }
            moreAdmittedNames.add(name);
        }
    }

    /** Whether the name of {@code setCookie}, from {@code from} to {@code to}, was admitted already. */
    private boolean wasAdmitted(String setCookie, int from, int to) {
        if (admittedName != null && admittedName.length() == to - from
                && setCookie.regionMatches(from, admittedName, 0, to - from)) {
            return true;
        }
        return !moreAdmittedNames.isEmpty() && moreAdmittedNames.contains(setCookie.substring(from, to));
    }

    // A number is never a valid Set-Cookie value: these are dropped outright.
    @Override
    public void addDateHeader(String name, long date) {
        if (!isSetCookie(name)) {
            numberAdded(name);
            super.addDateHeader(name, date);
        }
    }

    @Override
    public void setDateHeader(String name, long date) {
        if (isSetCookie(name)) {
            setHeader(SET_COOKIE, null);
        } else {
            if (isVary(name)) {
                varyReplaced(false);
            }
            super.setDateHeader(name, date);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        if (!isSetCookie(name)) {
            numberAdded(name);
            super.addIntHeader(name, value);
        }
    }

    /** A number added as a header: as a {@code Vary}, the sweep's is no longer the only one (and it names no Cookie). */
    private void numberAdded(String name) {
        if (varyKnown == VARY_ONLY_SWEEPS_COOKIE && isVary(name) && getResponse() == real) {
            varyKnown = VARY_NAMES_COOKIE;
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        if (isSetCookie(name)) {
            setHeader(SET_COOKIE, null);
        } else {
            if (isVary(name)) {
                varyReplaced(false);
            }
            super.setIntHeader(name, value);
        }
    }

    @Override
    public void setTrailerFields(Supplier<Map<String, String>> supplier) {
        // RFC 9110 6.5.1: trailers must not carry Set-Cookie; drop any the application adds.
        super.setTrailerFields(supplier == null ? null : () -> {
            Map<String, String> fields = supplier.get();
            if (fields == null) {
                return null;
            }
            Map<String, String> copy = new LinkedHashMap<>(fields);
            copy.keySet().removeIf(EnforcingResponse::isSetCookie);
            return copy;
        });
    }

    // ---- commit points ----------------------------------------------------------------------

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new GuardedOutputStream(super.getOutputStream(), this);
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            writer = new GuardedWriter(super.getWriter(), this);
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        sweepIfDirty();
        super.flushBuffer();
    }

    @Override
    public void sendError(int sc) throws IOException {
        sweepIfDirty();
        super.sendError(sc);
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        sweepIfDirty();
        super.sendError(sc, msg);
    }

    /**
     * Whether the container's session cookie would pass, were a session created now. After the
     * response is committed (sendError included) a sweep can no longer remove it.
     */
    boolean sessionCookieMayBeWritten(String sessionCookieName) {
        return !real.isCommitted() || enforcement.outgoing(sessionCookieName).passes();
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        sweepIfDirty();
        super.sendRedirect(location);
    }

    /**
     * Servlet 6.1's redirect. Declared without {@code @Override} because the library compiles
     * against Servlet 6.0; on a 6.1 container it overrides the wrapper's method, which would
     * otherwise commit the real response without a sweep.
     *
     * @param location where to
     * @param sc the 3xx status
     * @param clearBuffer whether to clear the buffer
     * @throws IOException as the container's
     */
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
        sweepIfDirty();
        Servlet61.sendRedirect((HttpServletResponse) getResponse(), location, sc, clearBuffer);
    }

    /**
     * Servlet 6.1's {@code 103 Early Hints}: it sends the headers set so far, so they are swept
     * first. Declared without {@code @Override} for the same reason as the 6.1 redirect.
     */
    public void sendEarlyHints() {
        sweepIfDirty();
        Servlet61.sendEarlyHints((HttpServletResponse) getResponse());
    }

    @Override
    public void reset() {
        super.reset();
        // reset() clears headers, cookies included: the filter's own must be written again.
        cookiesDirty = true;
        varyDirty = true;
        varyKnown = VARY_UNKNOWN;
        // What the response varies on besides Cookie is asked for again by whatever writes the
        // next response (the banner decides again).
        varyAlso = List.of();
        varyAlsoDirty = false;
        admittedName = null;
        moreAdmittedNames = Set.of();
        // It also clears the choice between stream and writer (and the writer's charset).
        stream = null;
        writer = null;
        // Jetty writes the session cookie again on reset(), behind the wrapper: judge it now.
        sweepIfDirty();
    }

    /**
     * Records that the response depends on the visitor's consent (it carries the banner): the
     * next sweep, before anything commits, adds {@code Vary: Cookie}.
     */
    public void markConsentDependent() {
        enforcement.markConsentDependent();
        varyDirty = true;
    }

    /**
     * Records that the response depends on the visitor's consent and on the request headers
     * {@code names} too (the banner's page follows {@code Accept-Language}, say): the next sweep,
     * before anything commits, lists them all in {@code Vary}, each once, in one header.
     */
    public void markConsentDependent(List<String> names) {
        markConsentDependent();
        if (varyAlso.isEmpty()) {
            varyAlso = List.copyOf(names); // the banner's constant list, kept as it is
        } else if (!varyAlso.containsAll(names)) {
            List<String> all = new ArrayList<>(varyAlso);
            for (String name : names) {
                if (!all.contains(name)) {
                    all.add(name);
                }
            }
            varyAlso = List.copyOf(all);
        }
        varyAlsoDirty = !varyAlso.isEmpty();
    }

    /** Marks the real response as possibly changed behind the wrapper (a session was created). */
    void realResponseTouched() {
        cookiesDirty = true;
        sweepIfDirty();
    }

    /** Sweeps the real response's Set-Cookie headers if something may have changed since the last sweep. */
    public void sweepIfDirty() {
        if (cookiesDirty || varyDirty) {
            sweep();
        }
    }

    private void sweep() {
        boolean cookies = cookiesDirty;
        cookiesDirty = false;
        varyDirty = false;
        if (!cookies && !varyAlsoDirty && !varyLacksCookie()) {
            // Nothing to write (without a rewrite nothing becomes consent-dependent): Jetty takes
            // its channel's lock to answer isCommitted(), as after a returning visitor's request.
            return;
        }
        if (real.isCommitted()) {
            return;
        }
        if (cookies) {
            // Only when something may have written one: reading them back costs the container a
            // scan of its headers and a list, which containsHeader spares when there is none.
            Map<String, String> own = enforcement.filterCookiesByName();
            if (!own.isEmpty() || real.containsHeader(SET_COOKIE)) {
                rewriteSetCookies(real, real.getHeaders(SET_COOKIE), own);
            }
        }
        boolean cookie = varyLacksCookie();
        if (cookie || varyAlsoDirty) {
            vary(real, cookie);
            varyAlsoDirty = false;
        }
    }

    /** Whether the response depends on the visitor's consent and no {@code Vary} is known to name {@code Cookie}. */
    private boolean varyLacksCookie() {
        return enforcement.consentDependent() && varyKnown == VARY_UNKNOWN;
    }

    /**
     * Judges every Set-Cookie of the real response again and writes them back only if anything
     * changes. Nothing is allocated for the values kept as they are until the first change: a
     * sweep usually finds what the wrapper admitted, and it runs several times per request.
     */
    private void rewriteSetCookies(HttpServletResponse real, Collection<String> current, Map<String, String> own) {
        List<String> keep = null; // made at the first change, from the values kept before it
        Set<String> ownPresent = own.isEmpty() ? Set.of() : new HashSet<>();
        int index = 0;
        for (String value : current) {
            String kept = judge(value, own, ownPresent);
            if (keep == null && kept != value) { // identity: judge returns value itself to keep it as is
                keep = new ArrayList<>(current.size() + own.size());
                Iterator<String> before = current.iterator();
                for (int i = 0; i < index; i++) {
                    keep.add(before.next());
                }
            }
            if (keep != null && kept != null) {
                keep.add(kept);
            }
            index++;
        }
        for (Map.Entry<String, String> e : own.entrySet()) {
            if (!ownPresent.contains(e.getKey())) {
                if (keep == null) {
                    keep = new ArrayList<>(current);
                }
                keep.add(e.getValue());
            }
        }
        if (keep != null) {
            real.setHeader(SET_COOKIE, null);
            for (String value : keep) {
                real.addHeader(SET_COOKIE, value);
            }
        }
    }

    /**
     * What to send instead of one Set-Cookie value found on the real response: {@code value}
     * itself (the same instance) to keep it, another String to replace it, null to drop it.
     */
    private String judge(String value, Map<String, String> own, Set<String> ownPresent) {
        long bounds = nameBounds(value);
        if (bounds >= 0) {
            int from = (int) (bounds >>> 32);
            int to = (int) bounds;
            if (!own.isEmpty()) {
                String name = value.substring(from, to);
                String ownValue = own.get(name);
                if (ownValue != null) {
                    // The filter's own cookie, once and as the filter wrote it; an application's
                    // cookie of that name, or a second copy, is dropped.
                    return ownValue.equals(value) && ownPresent.add(name) ? value : null;
                }
            }
            if (wasAdmitted(value, from, to)) {
                return value;
            }
        }
        Optional<String> admitted = enforcement.admit(value);
        if (admitted.isEmpty()) {
            return null;
        }
        return admitted.get().equals(value) ? value : admitted.get();
    }

    /**
     * Lists in the real response's {@code Vary} the names {@link #varyAlso} and, when
     * {@code cookie}, {@code Cookie}: those no {@code Vary} header lists yet. They join the
     * response's one {@code Vary} when it has one (whoever wrote it: a list field's lines mean
     * what their values joined with commas mean, RFC 9110 5.3), so that a page sent to a
     * returning visitor carries one, not the sweep's {@code Cookie} and the banner's names apart;
     * with none they are a header of their own, and beside several, one more.
     */
    private void vary(HttpServletResponse real, boolean cookie) {
        String first;
        Collection<String> present;
        if (varyKnown == VARY_ONLY_SWEEPS_COOKIE) {
            first = "Cookie"; // a returning visitor's page: the sweep's, before the banner's names
            present = ONLY_COOKIE;
        } else {
            // Usually none yet: no first one means none at all, and the list is not asked for.
            first = real.getHeader("Vary");
            present = first == null ? List.of() : real.getHeaders("Vary");
        }
        String missing = null;
        int wanted = varyAlso.size() + (cookie ? 1 : 0);
        for (int i = 0; i < wanted; i++) {
            String name = i < varyAlso.size() ? varyAlso.get(i) : "Cookie";
            if (!listed(first, present, name)) {
                missing = missing == null ? name : VaryJoins.join(missing, name);
            }
        }
        byte known = cookie || varyKnown != VARY_UNKNOWN ? VARY_NAMES_COOKIE : VARY_UNKNOWN;
        if (missing != null) {
            if (present.size() == 1) {
                real.setHeader("Vary", VaryJoins.join(first, missing));
            } else {
                real.addHeader("Vary", missing);
                if (present.isEmpty() && missing.equals("Cookie")) {
                    known = VARY_ONLY_SWEEPS_COOKIE;
                }
            }
        }
        varyKnown = known;
    }

    /**
     * Vary lists joined with a comma, the joins made before kept by the identity of their parts:
     * the banner's names and the sweep's {@code Cookie} are the same constants on every page (as
     * an application's own {@code Vary} usually is), so that a page's {@code Vary} allocates
     * nothing. At most {@value #MAX} joins are kept (the filter's own names make three); past
     * them, a join is made on every call. Thread-safe: an immutable array, replaced whole.
     */
    private static final class VaryJoins {
        static final int MAX = 16;
        private static final AtomicReference<Join[]> KEPT = new AtomicReference<>(new Join[0]);

        private record Join(String first, String second, String joined) {
        }

        static String join(String first, String second) {
            Join[] kept = KEPT.get();
            for (Join j : kept) {
                if (j.first == first && j.second == second) {
                    return j.joined;
                }
            }
            String joined = first + ", " + second;
            if (kept.length < MAX) {
                Join[] more = Arrays.copyOf(kept, kept.length + 1);
                more[kept.length] = new Join(first, second, joined);
                KEPT.compareAndSet(kept, more); // lost to another thread's: kept next time
            }
            return joined;
        }
    }

    /** Whether a {@code Vary} lists {@code name}: {@code first} of them, or any of {@code present} when there are more. */
    private static boolean listed(String first, Collection<String> present, String name) {
        if (present.size() <= 1) {
            return first != null && lists(first, name); // no iterator for none or one, as on most pages
        }
        for (String vary : present) {
            if (lists(vary, name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a Vary value lists {@code *} or {@code Cookie} (any case) among its comma-separated tokens. */
    static boolean namesCookie(String vary) {
        return lists(vary, "Cookie");
    }

    /** Whether a Vary value lists {@code *} or {@code name} (any case) among its comma-separated tokens. */
    static boolean lists(String vary, String name) {
        int start = 0;
        while (start <= vary.length()) {
            int comma = vary.indexOf(',', start);
            int end = comma < 0 ? vary.length() : comma;
            int from = start;
            int to = end;
            // The whitespace String.trim() removes: every character up to U+0020.
            while (from < to && vary.charAt(from) <= ' ') {
                from++;
            }
            while (to > from && vary.charAt(to - 1) <= ' ') {
                to--;
            }
            int length = to - from;
            if (length == 1 && vary.charAt(from) == '*'
                    || length == name.length() && vary.regionMatches(true, from, name, 0, length)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** The name of a raw Set-Cookie value (RFC 6265bis 5.6: before the first '='), or null when nameless. */
    static String cookieName(String setCookie) {
        long bounds = nameBounds(setCookie);
        return bounds < 0 ? null : setCookie.substring((int) (bounds >>> 32), (int) bounds);
    }

    /**
     * Where {@link #cookieName} finds the name: start and end packed as {@code start << 32 | end},
     * or -1 when there is none. Whitespace is what {@link String#strip()} removes.
     */
    static long nameBounds(String setCookie) {
        int semi = setCookie.indexOf(';');
        int end = semi < 0 ? setCookie.length() : semi;
        int eq = setCookie.indexOf('=');
        if (eq < 0 || eq > end) {
            return -1;
        }
        int from = 0;
        int to = eq;
        while (from < to && Character.isWhitespace(setCookie.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(setCookie.charAt(to - 1))) {
            to--;
        }
        return from == to ? -1 : (long) from << 32 | to;
    }

    @Override
    public String toString() {
        return "EnforcingResponse[" + enforcement + ", cookiesDirty=" + cookiesDirty + ", varyDirty=" + varyDirty + "]";
    }

}
