package dev.cookiewarden.enforce;

import dev.cookiewarden.config.CookieDeclaration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The enforcement state of one request: what the visitor granted, and the Set-Cookie headers the
 * filter itself must add before the response commits (deletions of hidden cookies, a new consent
 * cookie). Shared by the request and response wrappers of that request; not thread-safe beyond
 * what the servlet container guarantees for one request (an async response written from another
 * thread is handed over, not shared concurrently).
 */
public final class RequestEnforcement {
    private final CookiePolicy policy;
    private final Set<String> granted;
    private final CookieObservations observations;
    private final CookieSightings sightings;
    private final boolean secureRequest;
    private final Instant now;
    /** Read through {@link #filterCookiesByName}, written through {@link #filterHeaders()}. */
    private Map<String, String> filterHeaders = Map.of();
    private volatile boolean consentDependent;

    /**
     * @param policy the shared policy
     * @param granted ids of the categories the visitor granted (required ones need not be listed)
     * @param observations where blocked cookies are counted
     * @param secureRequest whether the request came over TLS (deletions then carry Secure)
     * @param now the request's clock reading, for lifetime caps
     */
    public RequestEnforcement(CookiePolicy policy, Set<String> granted, CookieObservations observations,
                              boolean secureRequest, Instant now) {
        this(policy, granted, observations, CookieSightings.NONE, secureRequest, now);
    }

    /**
     * As above, also telling {@code sightings} of every cookie seen (with {@code now}).
     */
    public RequestEnforcement(CookiePolicy policy, Set<String> granted, CookieObservations observations,
                              CookieSightings sightings, boolean secureRequest, Instant now) {
        this.sightings = sightings;
        this.policy = policy;
        this.granted = Set.copyOf(granted);
        this.observations = observations;
        this.secureRequest = secureRequest;
        this.now = now;
    }

    /** Whether a raw Set-Cookie value only deletes its cookie (as a browser would read it). */
    public boolean isDeletionHeader(String rawSetCookie) {
        return SetCookieHeader.parse(rawSetCookie).map(h -> h.isDeletion(now)).orElse(false);
    }

    /** Whether a parsed Set-Cookie value only deletes its cookie, at this request's time. */
    boolean isDeletion(SetCookieHeader header) {
        return header.isDeletion(now);
    }

    /** Whether a cookie set through {@code addCookie} with this Max-Age only deletes: it then always passes. */
    public boolean isDeletion(String name, int maxAge) {
        return maxAge == 0 && !name.isEmpty() && !policy.isConsentCookie(name);
    }

    /** The verdict for a cookie the application tries to set; counted when it is blocked or reported. */
    public Verdict outgoing(String name) {
        Optional<CookieDeclaration> d = policy.declaration(name);
        Verdict v = policy.verdict(name, d, granted);
        note(name, v, true, d);
        return v;
    }

    /** The verdict for a cookie the browser sent; counted when it is hidden or reported. */
    public Verdict incoming(String name) {
        Optional<CookieDeclaration> d = policy.declaration(name);
        Verdict v = policy.verdict(name, d, granted);
        note(name, v, false, d);
        return v;
    }

    /**
     * Screens the cookies the browser sent: what {@link #incoming} does for each (cookies of the
     * consent cookie's names pass unscreened), and {@link #expireInBrowser} for each it hides. The
     * verdicts are worked out once per kept {@code Cookie} line and granted set, and kept with the
     * line; what belongs to the request (the deletions, the counts) is done on every request.
     *
     * @return which cookies stay visible to the application
     */
    IncomingScreen screen(CookieLine cookies) {
        if (cookies.pairs().isEmpty()) {
            return IncomingScreen.NONE; // a new visitor's request
        }
        IncomingScreen s = cookies.screen();
        if (s == null || !s.fits(policy, granted, sightings)) {
            s = IncomingScreen.of(policy, granted, sightings, cookies.pairs(), cookies.kept());
            cookies.keep(s);
        }
        if (s.consentDependent) {
            consentDependent = true;
        }
        for (int i = 0; i < s.noted.size(); i++) {
            IncomingScreen.Noted n = s.noted.get(i);
            observations.record(n.name(), n.verdict(), false);
            if (!n.verdict().passes()) {
                expireInBrowser(n.name(), n.declaration());
            }
        }
        s.counted.seen(now);
        return s;
    }

    private void note(String name, Verdict v, boolean out, Optional<CookieDeclaration> d) {
        if (v.consentDependent()) {
            consentDependent = true;
        }
        observations.record(name, v, out);
        sightings.seen(name, v, out, d.isPresent() ? d.get().categoryId() : null, now);
    }

    /**
     * Parses a raw Set-Cookie value and returns what may be sent instead: empty when it must be
     * dropped (malformed, nameless, not granted), else the value with its lifetime capped.
     */
    public Optional<String> admit(String rawSetCookie) {
        return admit(rawSetCookie, SetCookieHeader.parse(rawSetCookie));
    }

    /** {@link #admit(String)} for a caller that has parsed the value already ({@code SetCookieHeader.parse}). */
    Optional<String> admit(String rawSetCookie, Optional<SetCookieHeader> parsed) {
        if (parsed.isEmpty()) {
            observations.record("(malformed)", Verdict.FORBIDDEN, true);
            return Optional.empty();
        }
        SetCookieHeader header = parsed.get();
        if (header.isDeletion(now) && !header.isNameless() && !policy.isConsentCookie(header.name())) {
            // A deletion stores nothing: letting it through can only remove what consent no
            // longer covers (an application cleaning up at a Path the declaration does not name).
            consentDependent = true;
            return Optional.of(rawSetCookie);
        }
        Verdict v = outgoing(header.name());
        if (!v.passes()) {
            return Optional.empty();
        }
        SetCookieHeader capped = header.withLifetimeCappedAt(policy.lifetimeCap(v), now);
        return Optional.of(capped == header ? rawSetCookie : capped.toHeaderValue());
    }

    /** The longest Max-Age, in seconds, a cookie with this verdict may carry. */
    public long maxAgeCap(Verdict v) {
        return policy.lifetimeCap(v).getSeconds();
    }

    /**
     * Asks the browser to delete {@code name}, with the Path and Domain of its declaration (an
     * undeclared cookie is deleted at {@code /}, host-only: the best guess there is).
     */
    public void expireInBrowser(String name) {
        expireInBrowser(name, policy.declaration(name));
    }

    private void expireInBrowser(String name, Optional<CookieDeclaration> d) {
        consentDependent = true;
        if (filterHeaders.containsKey(name)) {
            return;
        }
        String path = d.isPresent() ? d.get().path() : "/";
        String domain = d.isPresent() ? d.get().domain() : null;
        try {
            filterHeaders().put(name, SetCookieHeader.deletion(name, path, domain, secureRequest));
        } catch (IllegalArgumentException e) {
            // A name no Set-Cookie can carry (a control character, ';' or '='): no browser could
            // have stored it from a header either. It stays hidden; there is nothing to expire.
        }
    }

    /** Records that the response depends on the visitor's consent (it carries the banner, say). */
    public void markConsentDependent() {
        consentDependent = true;
    }

    /** Sets one of the filter's own cookies (the consent cookie), replacing an earlier one of that name. */
    public void setFilterCookie(String name, String headerValue) {
        filterHeaders().put(name, headerValue);
        consentDependent = true;
    }

    /** The filter's own Set-Cookie values, by cookie name, in the order they were added. */
    public List<Map.Entry<String, String>> filterCookies() {
        return new ArrayList<>(filterHeaders.entrySet());
    }

    /**
     * The same, by name, without a copy: for the sweep, which runs several times per request
     * and must not change it.
     */
    Map<String, String> filterCookiesByName() {
        return filterHeaders;
    }

    /** The map of the filter's own cookies, made on first use: most requests never need one. */
    private Map<String, String> filterHeaders() {
        if (!(filterHeaders instanceof LinkedHashMap)) {
            filterHeaders = new LinkedHashMap<>();
        }
        return filterHeaders;
    }

    /** Whether anything in this response depended on the visitor's consent. */
    public boolean consentDependent() {
        return consentDependent;
    }

    /** Whether {@code name} is one of the filter's own consent cookie names. */
    public boolean isConsentCookie(String name) {
        return policy.isConsentCookie(name);
    }

    /** The granted categories of this request. */
    public Set<String> granted() {
        return granted;
    }

    @Override
    public String toString() {
        return "RequestEnforcement[granted=" + granted + ", filterCookies=" + filterHeaders.keySet()
                + ", consentDependent=" + consentDependent + "]";
    }
}
