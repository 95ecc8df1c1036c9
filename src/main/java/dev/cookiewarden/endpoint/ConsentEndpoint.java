package dev.cookiewarden.endpoint;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.cookiewarden.banner.Assets;
import dev.cookiewarden.banner.BannerRenderer;
import dev.cookiewarden.config.Category;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.consent.ConsentCookieCodec;
import dev.cookiewarden.consent.ConsentCookies;
import dev.cookiewarden.consent.ConsentState;
import dev.cookiewarden.consent.VisitorConsent;
import dev.cookiewarden.enforce.CookieHeader;
import dev.cookiewarden.enforce.CookieObservations;
import dev.cookiewarden.enforce.CookiePolicy;
import dev.cookiewarden.enforce.Printable;
import dev.cookiewarden.enforce.RequestEnforcement;
import dev.cookiewarden.enforce.SetCookieHeader;
import dev.cookiewarden.inventory.CookieInventory;
import dev.cookiewarden.record.ConsentAction;
import dev.cookiewarden.register.PolicyRenderer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The consent endpoint, at the configured prefix (default {@code /cookie-consent}): a stable
 * HTTP contract, documented in the README.
 *
 * <pre>
 * GET  /cookie-consent            -&gt; 200 application/json, the visitor's current state
 * GET  /cookie-consent/preferences[?return=/a/page][&amp;fragment=true]
 *                                 -&gt; 200 text/html, the preference center (page, or the dialog alone)
 * GET  /cookie-consent/assets/... -&gt; the banner's stylesheet and scripts, immutable
 * GET  /cookie-consent/policy[?lang=fr], /policy/fragment, /policy.json, /policy.csv
 *                                 -&gt; the cookie policy and register (see {@link PolicyEndpoint})
 * POST /cookie-consent/guard      text/plain: cookie names the page's script guard refused
 *                                 -&gt; 204 (see {@link GuardReports})
 * POST /cookie-consent            action=accept-all|reject-all|save|withdraw
 *                                 [&amp;category=analytics ...] [&amp;return=/a/path]
 *                                 -&gt; 303 to return (default: the context root), or
 *                                 -&gt; 200 JSON when the request accepts application/json
 * </pre>
 *
 * Every change sets a new signed consent cookie and expires the cookies of refused categories.
 * Cross-site posts are refused (403), bodies are bounded (413), malformed forms get 400, other
 * methods 405. Immutable and thread-safe.
 */
public final class ConsentEndpoint {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConsentEndpoint.class);
    private static final String ACCEPT_ALL = "accept-all";
    private static final String REJECT_ALL = "reject-all";
    private static final String SAVE = "save";
    private static final String WITHDRAW = "withdraw";

    private final WardenConfig config;
    /** {@link WardenConfig#endpointPrefix()}, which every request compares its URI with. */
    private final String prefix;
    private final CookiePolicy policy;
    private final ConsentCookies consentCookies;
    private final ConsentCookieCodec codec;
    private final CookieObservations observations;
    private final Set<String> optionalCategories;
    private final boolean gpcSettlesEveryCategory;
    private final BannerRenderer renderer;
    private final Assets assets;
    private final PolicyEndpoint policyPages;
    private final ConsentRecorder recorder;
    private final AdminEndpoint admin;
    private final GuardReports guardReports;
    private final ObjectWriter json = HtmlSafeJson.writer();

    /**
     * @param config the configuration
     * @param policy the cookie policy, to expire what a new choice refuses
     * @param consentCookies names and secure mode of the consent cookie
     * @param codec signs new consent cookies
     * @param observations where blocked cookies are counted
     * @param renderer renders the preference center
     * @param assets the banner's stylesheet and scripts
     * @param recorder keeps proof of every choice
     * @param admin the operator's endpoint (which may be disabled)
     * @param inventory where the names the page's script guard refused are counted, when
     *                  {@code admin.token} gives the inventory a reader
     */
    public ConsentEndpoint(WardenConfig config, CookiePolicy policy, ConsentCookies consentCookies,
                           ConsentCookieCodec codec, CookieObservations observations,
                           BannerRenderer renderer, Assets assets, ConsentRecorder recorder, AdminEndpoint admin,
                           CookieInventory inventory) {
        this.guardReports = new GuardReports(policy, inventory, config.keepsInventory());
        this.renderer = renderer;
        this.assets = assets;
        this.recorder = recorder;
        this.admin = admin;
        this.config = config;
        this.prefix = config.endpointPrefix();
        this.policy = policy;
        this.consentCookies = consentCookies;
        this.codec = codec;
        this.observations = observations;
        Set<String> optional = new LinkedHashSet<>();
        for (Category c : config.categories()) {
            if (!c.required()) {
                optional.add(c.id());
            }
        }
        this.optionalCategories = Set.copyOf(optional);
        this.gpcSettlesEveryCategory = config.honorGpc() && !optional.isEmpty()
                && config.categories().stream().allMatch(c -> c.required() || c.gpcSensitive());
        this.policyPages = new PolicyEndpoint(new PolicyRenderer(config, renderer.messages(), assets.cssPath(),
                assets.prefsCssPath()),
                renderer.messages());
    }

    /**
     * Whether {@code uri} from index {@code from} on (the request URI after its context path) is
     * this endpoint or below it: what every request asks, without cutting the URI.
     */
    public boolean handles(String uri, int from) {
        int end = from + prefix.length();
        return uri.startsWith(prefix, from) && (uri.length() == end || uri.charAt(end) == '/');
    }

    /**
     * Answers a request for which {@link #handles} was true.
     *
     * @param visitor the visitor's consent as read from this request
     * @param cookies the request's cookies
     * @param now the request's clock reading
     */
    public void handle(HttpServletRequest request, HttpServletResponse response, String pathWithinContext,
                       VisitorConsent visitor, List<CookieHeader.Pair> cookies, Instant now) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        try {
            if (!pathWithinContext.equals(prefix)) {
                String below = pathWithinContext.substring(prefix.length());
                if (below.equals("/preferences")) {
                    preferences(request, response, visitor);
                    return;
                }
                if (below.equals("/guard")) {
                    guardReports.handle(request, response, visitor, now);
                    return;
                }
                if (below.equals("/history")) {
                    history(request, response, visitor);
                    return;
                }
                if (below.startsWith("/admin/")) {
                    admin.handle(below.substring("/admin".length()), request, response);
                    return;
                }
                if (policyPages.handles(below)) {
                    policyPages.serve(below, request, response);
                    return;
                }
                if (below.startsWith("/assets/")) {
                    response.setHeader("Cache-Control", null);
                    if (assets.serve(below, request, response)) {
                        return;
                    }
                    response.setHeader("Cache-Control", "no-store");
                }
                throw new EndpointException(404, "No such endpoint");
            }
            switch (request.getMethod()) {
                case "GET", "HEAD" -> writeState(response, 200, visitor, request.getMethod().equals("HEAD"));
                case "POST" -> change(request, response, visitor, cookies, now);
                default -> {
                    response.setHeader("Allow", "GET, HEAD, POST");
                    throw new EndpointException(405, "Method " + printable(request.getMethod()) + " is not allowed here");
                }
            }
        } catch (EndpointException e) {
            writeError(response, e);
        }
    }

    private void change(HttpServletRequest request, HttpServletResponse response, VisitorConsent visitor,
                        List<CookieHeader.Pair> cookies, Instant now) throws IOException {
        if (!SameOrigin.allowed(request)) {
            throw new EndpointException(403, "Cross-site requests cannot change consent");
        }
        String type = request.getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new EndpointException(415, "Send the form as application/x-www-form-urlencoded");
        }
        if (request.getContentLengthLong() > FormBody.MAX_BYTES) {
            throw new EndpointException(413, "The request body is larger than " + FormBody.MAX_BYTES + " bytes");
        }
        FormBody form = FormBody.read(request.getInputStream());
        String action = form.single("action");
        Set<String> granted = granted(action, form);
        String returnTo = form.single("return");
        if (returnTo != null && !SameOrigin.isSafeReturn(returnTo)) {
            throw new EndpointException(400, "The field [return] must be a path on this site, such as /shop");
        }

        boolean secureRequest = request.isSecure();
        String consentId = visitor.consentIdToKeep().orElseGet(ConsentState::newConsentId);
        ConsentState state = ConsentState.of(consentId, granted, config.policyRevision(), now,
                now.plus(config.consentValidity()));
        String name = consentCookies.name(secureRequest);
        String setCookie = consentSetCookie(name, state, secureRequest);

        String language = renderer.messages().negotiate(request.getHeader("Accept-Language"));
        try {
            recorder.record(consentId, action, granted, now, language, request.getRemoteAddr());
        } catch (IOException | RuntimeException e) {
            // No proof, no consent (GDPR art. 7(1)): a grant that cannot be recorded is not made.
            // A refusal needs no proof and still takes effect.
            LOG.error("Cookie Warden could not record a choice ({}): {}", action, e.toString());
            if (!granted.isEmpty()) {
                throw new EndpointException(503, "Your choice could not be recorded; nothing was granted. Please try again.");
            }
        }

        RequestEnforcement enforcement = new RequestEnforcement(policy, granted, observations, secureRequest, now);
        for (CookieHeader.Pair pair : cookies) {
            if (!pair.name().isEmpty() && !consentCookies.allNames().contains(pair.name())
                    && !enforcement.incoming(pair.name()).passes()) {
                enforcement.expireInBrowser(pair.name());
            }
        }
        enforcement.setFilterCookie(name, setCookie);
        for (Map.Entry<String, String> cookie : enforcement.filterCookies()) {
            response.addHeader("Set-Cookie", cookie.getValue());
        }

        VisitorConsent after = new VisitorConsent(Optional.of(state), false, Optional.empty());
        if (acceptsJson(request)) {
            writeState(response, 200, after, false);
        } else {
            response.setStatus(303);
            response.setHeader("Location", returnTo != null ? returnTo : request.getContextPath() + "/");
            response.setContentLength(0);
        }
    }

    private String consentSetCookie(String name, ConsentState state, boolean secureRequest) {
        return SetCookieHeader.builder(name, codec.encode(state))
                .path("/")
                .httpOnly(true)
                .secure(consentCookies.secure(secureRequest))
                .sameSite("Lax")
                .maxAge(config.consentValidity().getSeconds())
                .build()
                .toHeaderValue();
    }

    /**
     * Whether a {@code Sec-GPC: 1} refusal settles every optional category, so that it can stand
     * as the visitor's recorded choice: GPC is honoured and every optional category is
     * GPC-sensitive (the default). Otherwise the banner still has to ask about the others, and
     * the refusal is applied per request until the visitor answers.
     */
    public boolean gpcSettlesEveryCategory() {
        return gpcSettlesEveryCategory;
    }

    /**
     * Keeps a Global Privacy Control refusal as the visitor's choice: a proof-of-consent record
     * with the action {@code gpc-refusal} (nothing optional granted) and a signed consent cookie,
     * so the refusal is recorded once and not inferred again on every request. Called for an
     * undecided visitor whose page request carried {@code Sec-GPC: 1} when
     * {@link #gpcSettlesEveryCategory()}. The visitor can still opt in later from the
     * preference center: an explicit choice replaces this one.
     *
     * @param request the page request
     * @param visitor the visitor's consent as read from the request (undecided, GPC in effect)
     * @param now the request's clock reading
     * @return the recorded refusal and its {@code Set-Cookie} value; empty when it could not be
     *     recorded, in which case the refusal still applies to this request through the GPC signal
     */
    public Optional<RecordedRefusal> recordGpcRefusal(HttpServletRequest request, VisitorConsent visitor, Instant now) {
        String consentId = visitor.consentIdToKeep().orElseGet(ConsentState::newConsentId);
        ConsentState state = ConsentState.of(consentId, Set.of(), config.policyRevision(), now,
                now.plus(config.consentValidity()));
        String language = renderer.messages().negotiate(request.getHeader("Accept-Language"));
        try {
            recorder.record(consentId, ConsentAction.GPC_REFUSAL.token(), Set.of(), now, language,
                    request.getRemoteAddr());
        } catch (IOException | RuntimeException e) {
            LOG.error("Cookie Warden could not record a Global Privacy Control refusal: {}", e.toString());
            return Optional.empty();
        }
        String name = consentCookies.name(request.isSecure());
        return Optional.of(new RecordedRefusal(new VisitorConsent(Optional.of(state), false, Optional.empty()),
                name, consentSetCookie(name, state, request.isSecure())));
    }

    /**
     * A refusal kept as the visitor's choice.
     *
     * @param visitor the visitor's consent from now on
     * @param cookieName the consent cookie's name
     * @param setCookie the consent cookie's {@code Set-Cookie} value
     */
    public record RecordedRefusal(VisitorConsent visitor, String cookieName, String setCookie) {
    }

    private void preferences(HttpServletRequest request, HttpServletResponse response, VisitorConsent visitor)
            throws IOException {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            throw new EndpointException(405, "Method " + printable(method) + " is not allowed here");
        }
        String returnTo = request.getParameter("return");
        if (returnTo == null || !SameOrigin.isSafeReturn(returnTo)) {
            returnTo = request.getContextPath() + "/";
        }
        String language = renderer.messages().negotiate(request.getHeader("Accept-Language"));
        boolean decided = visitor.choice().isPresent();
        String html = "true".equals(request.getParameter("fragment"))
                ? renderer.preferencesFragment(request.getContextPath(), language, visitor.granted(), decided, returnTo)
                : renderer.preferencesPage(request.getContextPath(), language, visitor.granted(), decided, returnTo);
        byte[] bytes = html.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        response.setStatus(200);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Vary", "Cookie, Accept-Language");
        // The filter answers this page itself, ahead of the application's own header filters.
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self';"
                + " form-action 'self'; frame-ancestors 'self'; base-uri 'none'");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setContentLength(bytes.length);
        if (!method.equals("HEAD")) {
            response.getOutputStream().write(bytes);
        }
    }

    /**
     * The visitor's own consent history (GDPR art. 20), keyed by the consent id of their signed
     * cookie and never by a parameter: nobody can ask for another visitor's records.
     */
    private void history(HttpServletRequest request, HttpServletResponse response, VisitorConsent visitor)
            throws IOException {
        if (!request.getMethod().equals("GET")) {
            response.setHeader("Allow", "GET");
            throw new EndpointException(405, "Only GET is allowed here");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        String id = visitor.consentIdToKeep().orElse(null);
        body.put("consentId", id);
        body.put("records", id == null ? List.of() : recorder.history(id));
        writeJson(response, 200, body, false);
    }

    private Set<String> granted(String action, FormBody form) {
        if (action == null) {
            throw new EndpointException(400, "The field [action] is missing: expected accept-all, reject-all, save or withdraw");
        }
        switch (action) {
            case ACCEPT_ALL:
                return optionalCategories;
            case REJECT_ALL:
            case WITHDRAW:
                return Set.of();
            case SAVE:
                Set<String> chosen = new LinkedHashSet<>();
                for (String id : form.all("category")) {
                    if (!optionalCategories.contains(id)) {
                        throw new EndpointException(400, "The field [category] has the value [" + printable(id)
                                + "]: expected one of " + optionalCategories);
                    }
                    chosen.add(id);
                }
                return chosen;
            default:
                throw new EndpointException(400, "The field [action] has the value [" + printable(action)
                        + "]: expected accept-all, reject-all, save or withdraw");
        }
    }

    private static boolean acceptsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("application/json");
    }

    private void writeState(HttpServletResponse response, int status, VisitorConsent visitor, boolean head)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        ConsentState state = visitor.choice().orElse(null);
        body.put("decided", state != null);
        body.put("consentId", state == null ? null : state.consentId());
        body.put("revision", config.policyRevision());
        body.put("issuedAt", state == null ? null : state.issuedAt().toString());
        body.put("expiresAt", state == null ? null : state.expiresAt().toString());
        body.put("gpc", visitor.gpc());
        List<Map<String, Object>> categories = new ArrayList<>();
        for (Category c : config.categories()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", c.id());
            entry.put("required", c.required());
            entry.put("granted", c.required() || state != null && state.isGranted(c.id()));
            entry.put("gpcSensitive", c.gpcSensitive());
            categories.add(entry);
        }
        body.put("categories", categories);
        writeJson(response, status, body, head);
    }

    private void writeError(HttpServletResponse response, EndpointException e) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", e.status());
        body.put("error", e.getMessage());
        writeJson(response, e.status(), body, false);
    }

    private void writeJson(HttpServletResponse response, int status, Map<String, Object> body, boolean head)
            throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        if (!head) {
            response.getOutputStream().write(bytes);
        }
    }

    private static String printable(String s) {
        return Printable.of(s, 40);
    }

    @Override
    public String toString() {
        return "ConsentEndpoint[prefix=" + prefix + "]";
    }
}
