package dev.cookiewarden.sample;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The home page. Like many real sites, it sets its cookies on every visit without asking anyone:
 * one of each category, through each of the ways an application can set a cookie, and one it
 * forgot to declare. Deciding which of them reach the browser is the filter's job, not this
 * page's. It also shows which cookies the application received, after the filter.
 */
public final class HomeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** Google Analytics sets {@code _ga} for 2 years: the filter caps it at 13 months. */
    static final int GA_MAX_AGE = 2 * 365 * 24 * 3600;
    static final int LANG_MAX_AGE = 365 * 24 * 3600;
    static final int FBP_MAX_AGE = 90 * 24 * 3600;
    static final int CART_MAX_AGE = 7 * 24 * 3600;
    static final int PROMO_MAX_AGE = 24 * 3600;

    /** What this page tries to set, for the panel: name, category, how. */
    private record Attempt(String name, String category, String how) {
    }

    private static final List<Attempt> ATTEMPTS = List.of(
            new Attempt("JSESSIONID", "necessary", "the container, on request.getSession(true)"),
            new Attempt("cart", "necessary", "response.addHeader(\"Set-Cookie\", ...), 7 days"),
            new Attempt("lang", "preferences", "response.addCookie(...), 1 year"),
            new Attempt("_ga", "analytics", "response.addHeader(\"Set-Cookie\", ...), 2 years"),
            new Attempt("_fbp", "marketing", "response.addCookie(...), 90 days"),
            new Attempt("promo_seen", "undeclared", "response.addCookie(...), 1 day"));

    private static final Pattern CART_ID = Pattern.compile("[0-9a-f]{16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Cookie[] received = request.getCookies();

        // Strictly necessary: the session and a week-long cart id, written as a raw header.
        request.getSession(true);
        response.addHeader("Set-Cookie", "cart=" + cartId(received) + "; Path=/; Max-Age=" + CART_MAX_AGE
                + "; HttpOnly; SameSite=Lax");

        // Preferences, through the Cookie API.
        Cookie lang = new Cookie("lang", "en");
        lang.setPath("/");
        lang.setMaxAge(LANG_MAX_AGE);
        lang.setAttribute("SameSite", "Lax");
        response.addCookie(lang);

        // Analytics, as a raw header the way a tag manager's server-side integration writes it.
        long now = System.currentTimeMillis();
        response.addHeader("Set-Cookie", "_ga=GA1.1." + (1_000_000_000L + RANDOM.nextInt(1_000_000_000)) + "."
                + now / 1000 + "; Path=/; Max-Age=" + GA_MAX_AGE + "; SameSite=Lax");

        // Marketing, through the Cookie API.
        Cookie fbp = new Cookie("_fbp", "fb.1." + now + "." + (1_000_000_000L + RANDOM.nextInt(1_000_000_000)));
        fbp.setPath("/");
        fbp.setMaxAge(FBP_MAX_AGE);
        fbp.setAttribute("SameSite", "Lax");
        response.addCookie(fbp);

        // Declared nowhere in cookie-warden.properties: with cookies.undeclared=block it never leaves.
        Cookie promo = new Cookie("promo_seen", "1");
        promo.setPath("/");
        promo.setMaxAge(PROMO_MAX_AGE);
        response.addCookie(promo);

        Layout.write(request, response, "Loose-leaf teas", "/", content(request.getContextPath(), received));
    }

    private static String cartId(Cookie[] received) {
        if (received != null) {
            for (Cookie c : received) {
                if (c.getName().equals("cart") && CART_ID.matcher(c.getValue()).matches()) {
                    return c.getValue();
                }
            }
        }
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }

    private static String content(String contextPath, Cookie[] received) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<section class=\"hero\">\n<h1>Loose-leaf teas, weighed in Lyon</h1>\n")
          .append("<p>Five teas we drink ourselves, sold by the 100 g bag. Every visit to this page"
                  + " also tries to set six cookies: see below which ones got through.</p>\n</section>\n");

        sb.append("<ul class=\"products\">\n");
        for (Product p : Catalog.all()) {
            String href = Html.escape(contextPath + "/product?id=" + p.id());
            sb.append("<li class=\"card\">\n<h2><a href=\"").append(href).append("\">")
              .append(Html.escape(p.name())).append("</a></h2>\n")
              .append("<p class=\"origin\">").append(Html.escape(p.origin())).append("</p>\n")
              .append("<p class=\"price\">").append(Html.escape(p.price())).append(" <small>/ 100 g</small></p>\n")
              .append("</li>\n");
        }
        sb.append("</ul>\n");

        sb.append("<section class=\"panel\" aria-labelledby=\"wire-title\">\n")
          .append("<h2 id=\"wire-title\">What the server received</h2>\n")
          .append("<p>The cookies the application sees through <code>request.getCookies()</code>, after"
                  + " Cookie Warden has hidden those of categories you have not accepted:</p>\n")
          .append("<ul id=\"received\" class=\"cookie-names\">\n");
        if (received == null || received.length == 0) {
            sb.append("<li class=\"none\">none</li>\n");
        } else {
            for (Cookie c : received) {
                sb.append("<li><code>").append(Html.escape(c.getName())).append("</code>");
                if (c.getName().endsWith("cookie_warden")) {
                    sb.append(" <small>Cookie Warden's record of your choice</small>");
                }
                sb.append("</li>\n");
            }
        }
        sb.append("</ul>\n")
          .append("<h3>Cookies this response tried to set</h3>\n")
          .append("<table id=\"attempted\">\n<thead><tr><th>Cookie</th><th>Category</th><th>Set with</th>"
                  + "</tr></thead>\n<tbody>\n");
        for (Attempt a : ATTEMPTS) {
            sb.append("<tr><td><code>").append(Html.escape(a.name())).append("</code></td><td>")
              .append(Html.escape(a.category())).append("</td><td><code>").append(Html.escape(a.how()))
              .append("</code></td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n")
          .append("<p class=\"hint\">Which of them actually left is in the response's <code>Set-Cookie</code>"
                  + " headers: open your browser's developer tools (Network, or Application → Cookies)."
                  + " Declined cookies are dropped, <code>_ga</code>'s two years become 13 months, and"
                  + " <code>promo_seen</code>, declared nowhere, never leaves.</p>\n")
          .append("</section>\n");
        return sb.toString();
    }
}
