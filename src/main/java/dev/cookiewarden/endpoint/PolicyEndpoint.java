package dev.cookiewarden.endpoint;

import dev.cookiewarden.banner.Messages;
import dev.cookiewarden.enforce.Printable;
import dev.cookiewarden.register.PolicyRenderer;
import dev.cookiewarden.register.PolicyRenderer.Representation;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

/**
 * The cookie policy under the endpoint prefix, GET and HEAD only:
 * <pre>
 * /policy[?lang=fr]           text/html   the policy page
 * /policy/fragment[?lang=fr]  text/html   the same as a section to embed in a site's own page
 * /policy.json                application/json  the register
 * /policy.csv[?lang=fr]       text/csv    the register for a spreadsheet, as an attachment
 * </pre>
 * The language is {@code lang} when it names a configured language, else the one
 * {@code Accept-Language} prefers. Every answer has {@code Cache-Control: no-cache} and an entity
 * tag ({@link PolicyRenderer#entityTag}): a browser or proxy may keep a copy but asks each time,
 * and a matching {@code If-None-Match} gets {@code 304}. The HTML has the preference page's
 * Content-Security-Policy. Immutable and thread-safe.
 */
final class PolicyEndpoint {
    /** Same policy as the preference page: nothing runs, only our own stylesheet loads. */
    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
            + " frame-ancestors 'self'; base-uri 'none'";

    private static final String HTML = "text/html";
    private static final Map<String, Representation> ROUTES = Map.of(
            "/policy", Representation.PAGE,
            "/policy/fragment", Representation.FRAGMENT,
            "/policy.json", Representation.JSON,
            "/policy.csv", Representation.CSV);

    private final PolicyRenderer renderer;
    private final Messages messages;

    PolicyEndpoint(PolicyRenderer renderer, Messages messages) {
        this.renderer = renderer;
        this.messages = messages;
    }

    /** Whether {@code pathBelowPrefix} is one of the policy's routes. */
    boolean handles(String pathBelowPrefix) {
        return ROUTES.containsKey(pathBelowPrefix);
    }

    /** Answers a request for which {@link #handles} was true. */
    void serve(String pathBelowPrefix, HttpServletRequest request, HttpServletResponse response) throws IOException {
        Representation r = ROUTES.get(pathBelowPrefix);
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            response.setHeader("Allow", "GET, HEAD");
            throw new EndpointException(405, "Method " + Printable.of(method, 40) + " is not allowed here");
        }
        String language = r == Representation.JSON ? null : language(request);
        String etag = renderer.entityTag(r, language);
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("ETag", etag);
        if (r != Representation.JSON) {
            response.setHeader("Vary", "Accept-Language");
        }
        if (matches(request.getHeaders("If-None-Match"), etag)) {
            response.setStatus(304);
            return;
        }
        byte[] body;
        switch (r) {
            case PAGE, FRAGMENT -> {
                String html = r == Representation.PAGE ? renderer.page(request.getContextPath(), language)
                        : renderer.fragment(request.getContextPath(), language);
                body = html.getBytes(StandardCharsets.US_ASCII);
                response.setContentType(HTML);
                // The filter answers itself, ahead of the application's own header filters.
                response.setHeader("Content-Security-Policy", CSP);
                response.setHeader("Referrer-Policy", "same-origin");
            }
            case JSON -> {
                body = renderer.json();
                response.setContentType("application/json");
            }
            default -> {
                body = renderer.csv(language);
                response.setContentType("text/csv");
                response.setHeader("Content-Disposition", "attachment; filename=\"cookie-register.csv\"");
            }
        }
        response.setCharacterEncoding("UTF-8");
        response.setStatus(200);
        response.setContentLength(body.length);
        if (!method.equals("HEAD")) {
            response.getOutputStream().write(body);
        }
    }

    /** {@code lang} when it is a configured language, else the one {@code Accept-Language} prefers. */
    private String language(HttpServletRequest request) {
        String lang = request.getParameter("lang");
        if (lang != null && renderer.languages().contains(lang)) {
            return lang;
        }
        return messages.negotiate(request.getHeader("Accept-Language"));
    }

    /**
     * Whether an {@code If-None-Match} value lists {@code etag} or is {@code *}. Weak comparison
     * (RFC 9110 section 13.1.2): {@code W/"x"} matches {@code "x"}.
     */
    static boolean matches(Enumeration<String> values, String etag) {
        for (String value : values == null ? List.<String>of() : Collections.list(values)) {
            for (String tag : value.split(",")) {
                String t = tag.trim();
                if (t.startsWith("W/")) {
                    t = t.substring(2);
                }
                if (t.equals("*") || t.equals(etag)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "PolicyEndpoint[" + renderer + "]";
    }
}
