package dev.cookiewarden.enforce;

import dev.cookiewarden.config.CookieDeclaration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the policy decides about the cookies of one request ({@link CookieLine}) under one set of
 * granted categories: which stay visible to the application, which are hidden (and so expired in
 * the browser), which are counted as blocked or reported, and the prepared count of the whole set
 * for the inventory. A pure function of the cookies' names, the policy and the granted set,
 * which is why a kept line can keep it: {@link RequestEnforcement#screen} applies it to each
 * request, since deletions and counts belong to the request.
 *
 * <p>Immutable and thread-safe.
 */
final class IncomingScreen {
    /** A cookie whose verdict must be recorded: hidden ones are also expired in the browser. */
    record Noted(String name, Verdict verdict, Optional<CookieDeclaration> declaration) { }

    /** A request without cookies: nothing hidden, noted or counted. */
    static final IncomingScreen NONE = new IncomingScreen(null, Set.of(), CookieSightings.NONE, false, Set.of(), null,
            false, List.of(), now -> { });

    private final CookiePolicy policy;
    private final Set<String> granted;
    private final CookieSightings sightings;
    final boolean anyHidden;
    /** The names left visible; only filled when a cookie is hidden. */
    final Set<String> visibleNames;
    /** The {@code Cookie} header the application reads; only when a cookie is hidden (null when none is left). */
    final String visibleHeader;
    final boolean consentDependent;
    /** In the order sent: the cookies to record as blocked or reported, and to expire when hidden. */
    final List<Noted> noted;
    final CookieSightings.Prepared counted;

    private IncomingScreen(CookiePolicy policy, Set<String> granted, CookieSightings sightings, boolean anyHidden,
                           Set<String> visibleNames, String visibleHeader, boolean consentDependent,
                           List<Noted> noted, CookieSightings.Prepared counted) {
        this.policy = policy;
        this.granted = granted;
        this.sightings = sightings;
        this.anyHidden = anyHidden;
        this.visibleNames = visibleNames;
        this.visibleHeader = visibleHeader;
        this.consentDependent = consentDependent;
        this.noted = noted;
        this.counted = counted;
    }

    /**
     * Screens {@code cookies}. The consent cookie passes unscreened and uncounted: the filter reads
     * it itself and the policy forbids the application to set one. A nameless cookie is hidden
     * but not counted; there is nothing to expire.
     *
     * @param prepared whether to count the set with one {@link CookieSightings#prepare}d counter
     *     (for a line kept for later requests) or name by name
     */
    static IncomingScreen of(CookiePolicy policy, Set<String> granted, CookieSightings sightings,
                             List<CookieHeader.Pair> cookies, boolean prepared) {
        List<CookieHeader.Pair> visible = new ArrayList<>(cookies.size());
        List<Noted> noted = new ArrayList<>(0);
        List<CookieSightings.Sighting> seen = new ArrayList<>(cookies.size());
        boolean consentDependent = false;
        for (CookieHeader.Pair pair : cookies) {
            String name = pair.name();
            boolean passes = policy.isConsentCookie(name);
            if (!passes && !name.isEmpty()) {
                Optional<CookieDeclaration> d = policy.declaration(name);
                Verdict v = policy.verdict(name, d, granted);
                consentDependent |= v.consentDependent();
                seen.add(new CookieSightings.Sighting(name, v, d.isPresent() ? d.get().categoryId() : null));
                if (!v.passes() || v == Verdict.UNDECLARED_REPORTED) {
                    noted.add(new Noted(name, v, d));
                }
                passes = v.passes();
            }
            if (passes) {
                visible.add(pair);
            }
        }
        boolean anyHidden = visible.size() < cookies.size();
        Set<String> visibleNames = Set.of();
        if (anyHidden) {
            Set<String> names = new HashSet<>();
            visible.forEach(p -> names.add(p.name()));
            visibleNames = Set.copyOf(names);
        }
        CookieSightings.Prepared counted = prepared ? sightings.prepare(seen) : CookieSightings.oneByOne(sightings, seen);
        return new IncomingScreen(policy, granted, sightings, anyHidden, visibleNames,
                anyHidden ? CookieHeader.format(visible) : null, consentDependent, List.copyOf(noted), counted);
    }

    /** Whether this screening holds for a request of {@code policy} and {@code sightings} under {@code granted}. */
    boolean fits(CookiePolicy policy, Set<String> granted, CookieSightings sightings) {
        return this.policy == policy && this.sightings == sightings
                && (this.granted == granted || this.granted.equals(granted));
    }

    @Override
    public String toString() {
        return "IncomingScreen[granted=" + granted + ", anyHidden=" + anyHidden + ", noted=" + noted.size() + "]";
    }
}
