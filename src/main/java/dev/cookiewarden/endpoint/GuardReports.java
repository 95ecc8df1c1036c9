package dev.cookiewarden.endpoint;

import dev.cookiewarden.config.CookieNames;
import dev.cookiewarden.consent.VisitorConsent;
import dev.cookiewarden.enforce.CookiePolicy;
import dev.cookiewarden.inventory.CookieInventory;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code POST <prefix>/guard}: the page's script guard reports the names of the cookies whose
 * {@code document.cookie} writes it refused, so that the inventory lists cookies the server never
 * sees (set by scripts, never sent back because they were never stored).
 *
 * <p>The script sends one report per page at most, a few seconds after the first refusal, as a
 * {@code text/plain} body of names separated by {@code ;} ({@code navigator.sendBeacon}). A
 * report is small and checked: at most {@value #MAX_BYTES} bytes (413); its first
 * {@value #MAX_NAMES} names count, each an RFC 6265 token of at most {@value #MAX_NAME_LENGTH}
 * characters (anything else is skipped); cross-site posts are refused (403). A name is counted only if the guard would have refused it for this
 * visitor (not granted, and not the consent cookie): a report cannot make a granted cookie look
 * blocked. Reports are rate-limited for the whole site ({@value #REPORTS_PER_SECOND} a second,
 * bursts of {@value #BURST}; 429 beyond): they feed statistics, so dropping some under a flood
 * loses nothing that matters, and the inventory stays bounded by its own limit on names.
 * Without {@code admin.token} nothing can read the inventory, so a report is checked and answered
 * alike but counts nothing (and the script sends none: {@code GuardScript}'s {@code report}).
 * Thread-safe.
 */
final class GuardReports {
    /** The largest report body accepted. */
    static final int MAX_BYTES = 1024;
    /** The most names in one report. */
    static final int MAX_NAMES = 20;
    /** The longest name accepted. */
    static final int MAX_NAME_LENGTH = 128;
    /** Reports accepted per second, on average, for the whole site. */
    static final int REPORTS_PER_SECOND = 50;
    /** Reports accepted at once after a quiet period. */
    static final int BURST = 100;

    private final CookiePolicy policy;
    private final CookieInventory inventory;
    private final boolean counted;
    private final TokenBucket rate;

    /** Reports counted into {@code inventory} when {@code counted}: when something reads it. */
    GuardReports(CookiePolicy policy, CookieInventory inventory, boolean counted) {
        this.policy = policy;
        this.inventory = inventory;
        this.counted = counted;
        this.rate = new TokenBucket(REPORTS_PER_SECOND, BURST);
    }

    void handle(HttpServletRequest request, HttpServletResponse response, VisitorConsent visitor, Instant now)
            throws IOException {
        if (!request.getMethod().equals("POST")) {
            response.setHeader("Allow", "POST");
            throw new EndpointException(405, "Only POST is allowed here");
        }
        if (!SameOrigin.allowed(request)) {
            throw new EndpointException(403, "Cross-site reports are refused");
        }
        if (request.getContentLengthLong() > MAX_BYTES) {
            throw new EndpointException(413, "A report is at most " + MAX_BYTES + " bytes");
        }
        Set<String> names = names(read(request.getInputStream()));
        if (!rate.tryTake(System.nanoTime())) {
            throw new EndpointException(429, "Too many reports; this one was dropped");
        }
        count(names, visitor, now);
        response.setStatus(204);
    }

    /**
     * Counts the names of an accepted report that the guard would have refused this visitor:
     * not granted, and not the consent cookie. Nothing when the inventory has no reader.
     */
    void count(Set<String> names, VisitorConsent visitor, Instant now) {
        if (!counted) {
            return;
        }
        for (String name : names) {
            if (!policy.isConsentCookie(name) && !policy.verdict(name, visitor.granted()).passes()) {
                inventory.observeGuardBlocked(name, now);
            }
        }
    }

    private static String read(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BYTES + 1);
        if (body.length > MAX_BYTES) {
            throw new EndpointException(413, "A report is at most " + MAX_BYTES + " bytes");
        }
        StringBuilder text = new StringBuilder(body.length);
        for (byte b : body) {
            if (b < 0) {
                throw new EndpointException(400, "A report holds cookie names: ASCII only");
            }
            text.append((char) b);
        }
        return text.toString();
    }

    /**
     * The distinct names of a report, in order: its first {@value #MAX_NAMES} pieces. Names are
     * separated by {@code ;}, which no cookie name can hold; a piece that is not a token (a script
     * may write any name at all) is skipped.
     */
    static Set<String> names(String body) {
        String[] pieces = body.split(";", MAX_NAMES + 1);
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < Math.min(pieces.length, MAX_NAMES); i++) {
            String name = pieces[i].trim();
            if (!name.isEmpty() && name.length() <= MAX_NAME_LENGTH && CookieNames.isToken(name)) {
                names.add(name);
            }
        }
        return names;
    }

    @Override
    public String toString() {
        return "GuardReports[" + REPORTS_PER_SECOND + "/s, burst " + BURST
                + (counted ? ", counted" : ", not counted: no admin.token") + "]";
    }

    /** A token bucket on {@link System#nanoTime()}; one lock, taken once per report. */
    static final class TokenBucket {
        private final double perNano;
        private final double capacity;
        private double tokens;
        private long last;
        private boolean started;

        TokenBucket(int perSecond, int capacity) {
            this.perNano = perSecond / 1e9;
            this.capacity = capacity;
            this.tokens = capacity;
        }

        synchronized boolean tryTake(long nanoTime) {
            if (started) {
                tokens = Math.min(capacity, tokens + (nanoTime - last) * perNano);
            }
            started = true;
            last = nanoTime;
            if (tokens < 1) {
                return false;
            }
            tokens--;
            return true;
        }
    }
}
