package dev.cookiewarden.endpoint;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.cookiewarden.banner.Html;
import dev.cookiewarden.inventory.CookieInventory;
import dev.cookiewarden.inventory.DeclarationSuggester;
import dev.cookiewarden.inventory.InventoryEntry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The operator's endpoint, below {@code <prefix>/admin/}: it exists only when {@code admin.token}
 * is configured, and answers only requests carrying that token in the
 * {@value #TOKEN_HEADER} header (compared in constant time). Without the setting every path
 * below it is a 404, as if it did not exist.
 *
 * <pre>
 * GET admin/records?consentId=...        the records of one visitor, JSON
 * GET admin/export?from=ISO&amp;to=ISO       records in a time range, JSON Lines (streamed)
 * GET admin/inventory                    cookies seen in traffic, with declarations to paste, JSON
 * GET admin/inventory.html               the same as a page
 * </pre>
 *
 * Immutable and thread-safe.
 */
public final class AdminEndpoint {
    /** The header that carries the admin token. */
    public static final String TOKEN_HEADER = "X-Cookie-Warden-Token";

    private static final Pattern CONSENT_ID = Pattern.compile("[A-Za-z0-9_-]{22}");

    private final byte[] tokenDigest;
    private final ConsentRecorder recorder;
    private final CookieInventory inventory;
    private final DeclarationSuggester suggester;
    private final ObjectWriter json = HtmlSafeJson.writer();

    /**
     * @param token the configured admin token, or null when the endpoint is disabled
     * @param recorder the consent records
     * @param inventory the cookies seen in traffic
     * @param suggester declarations for undeclared cookies
     */
    public AdminEndpoint(String token, ConsentRecorder recorder, CookieInventory inventory,
                         DeclarationSuggester suggester) {
        this.tokenDigest = token == null ? null : sha256(token);
        this.recorder = recorder;
        this.inventory = inventory;
        this.suggester = suggester;
    }

    /** Whether the endpoint exists at all. */
    boolean enabled() {
        return tokenDigest != null;
    }

    /** Answers a request for {@code below}, the path after {@code <prefix>/admin}. */
    void handle(String below, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!enabled()) {
            throw new EndpointException(404, "No such endpoint");
        }
        if (!authorized(request.getHeader(TOKEN_HEADER))) {
            throw new EndpointException(403, "The " + TOKEN_HEADER + " header is missing or wrong");
        }
        if (!request.getMethod().equals("GET")) {
            response.setHeader("Allow", "GET");
            throw new EndpointException(405, "Only GET is allowed here");
        }
        switch (below) {
            case "/records" -> records(request, response);
            case "/export" -> export(request, response);
            case "/inventory" -> writeJson(response, inventoryReport());
            case "/inventory.html" -> inventoryPage(response);
            default -> throw new EndpointException(404, "No such endpoint");
        }
    }

    /**
     * Constant time: both sides are hashed first, so neither the content nor the length of the
     * configured token shows in the timing.
     */
    private boolean authorized(String presented) {
        return presented != null && MessageDigest.isEqual(tokenDigest, sha256(presented));
    }

    private void records(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = request.getParameter("consentId");
        if (id == null || !CONSENT_ID.matcher(id).matches()) {
            throw new EndpointException(400, "The parameter [consentId] must be a 22-character consent id");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("consentId", id);
        body.put("records", recorder.history(id));
        writeJson(response, body);
    }

    private void export(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Instant from = instant(request, "from");
        Instant to = instant(request, "to");
        if (!from.isBefore(to)) {
            throw new EndpointException(400, "The parameter [from] must be before [to]");
        }
        response.setStatus(200);
        response.setContentType("application/x-ndjson");
        response.setCharacterEncoding("UTF-8");
        OutputStream out = response.getOutputStream();
        try {
            recorder.log().export(from, to, r -> {
                try {
                    out.write(json.writeValueAsBytes(ConsentRecorder.toMap(r)));
                    out.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Instant instant(HttpServletRequest request, String name) {
        String value = request.getParameter(name);
        if (value == null) {
            throw new EndpointException(400, "The parameter [" + name + "] is missing: expected an instant such as 2026-11-30T00:00:00Z");
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new EndpointException(400, "The parameter [" + name + "] must be an instant such as 2026-11-30T00:00:00Z");
        }
    }

    private Map<String, Object> inventoryReport() {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (InventoryEntry e : inventory.snapshot()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.name());
            m.put("category", e.category());
            m.put("allowed", e.allowed());
            m.put("blocked", e.blocked());
            m.put("reportedWouldBlock", e.reportedWouldBlock());
            m.put("seenIncoming", e.seenIncoming());
            m.put("guardBlocked", e.guardBlocked());
            m.put("firstSeen", e.firstSeen() == null ? null : e.firstSeen().toString());
            m.put("lastSeen", e.lastSeen() == null ? null : e.lastSeen().toString());
            if (!e.declared() && !e.overflow()) {
                m.put("suggestion", suggester.suggest(e.name()).text());
            }
            entries.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cookies", entries);
        return body;
    }

    private void inventoryPage(HttpServletResponse response) throws IOException {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"robots\" content=\"noindex\"><title>Cookie inventory</title></head><body>")
                .append("<h1>Cookies seen in traffic</h1><table><thead><tr><th scope=\"col\">Name</th>")
                .append("<th scope=\"col\">Category</th><th scope=\"col\">Allowed</th><th scope=\"col\">Blocked</th>")
                .append("<th scope=\"col\">Would block</th><th scope=\"col\">Sent by browsers</th>")
                .append("<th scope=\"col\">Blocked in the page</th><th scope=\"col\">First seen</th>")
                .append("<th scope=\"col\">Last seen</th></tr></thead><tbody>");
        List<String> suggestions = new ArrayList<>();
        for (InventoryEntry e : inventory.snapshot()) {
            html.append("<tr><td>").append(Html.escape(e.name())).append("</td><td>")
                    .append(e.category() == null ? "<strong>undeclared</strong>" : Html.escape(e.category()))
                    .append("</td><td>").append(e.allowed()).append("</td><td>").append(e.blocked())
                    .append("</td><td>").append(e.reportedWouldBlock()).append("</td><td>").append(e.seenIncoming())
                    .append("</td><td>").append(e.guardBlocked()).append("</td><td>")
                    .append(e.firstSeen() == null ? "" : Html.escape(e.firstSeen().toString())).append("</td><td>")
                    .append(e.lastSeen() == null ? "" : Html.escape(e.lastSeen().toString())).append("</td></tr>");
            if (!e.declared() && !e.overflow()) {
                suggestions.add(suggester.suggest(e.name()).text());
            }
        }
        html.append("</tbody></table><h2>Declarations to paste into cookie-warden.properties</h2>");
        for (String s : suggestions) {
            html.append("<pre>").append(Html.escape(s)).append("</pre>");
        }
        html.append("</body></html>");
        byte[] bytes = html.toString().getBytes(StandardCharsets.US_ASCII);
        response.setStatus(200);
        response.setContentType("text/html");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private void writeJson(HttpServletResponse response, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        response.setStatus(200);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "AdminEndpoint[" + (enabled() ? "enabled" : "disabled") + "]";
    }
}
