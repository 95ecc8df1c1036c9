package dev.cookiewarden.sample;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The page frame every servlet of the shop shares: head, header with the cart count, the page's
 * own content, the "Your cookies" panel, the footer, and the two trackers every page of a real
 * shop carries (an analytics script and an advertising pixel), marked for Cookie Warden so that
 * they run only once their category is granted. The consent banner itself is not here: the
 * filter puts it into the page on its way out. Callers pass their content already escaped;
 * everything this class adds itself is escaped here. Stateless.
 */
final class Layout {
    /** Cookie Warden's endpoint, {@code endpoint.prefix} at its default. */
    static final String CONSENT_ENDPOINT = "/cookie-consent";

    /** Set outside the page's own response, by the gated script and pixel at the foot of every page. */
    static final List<CookieAttempt> IN_BROWSER = List.of(
            new CookieAttempt("_ga", "analytics",
                    "/js/analytics.js, with document.cookie, once Audience measurement is granted"),
            new CookieAttempt("ad_id", "marketing",
                    "/pixel.gif, in its own response, once Personalised advertising is granted"));

    /**
     * One page to write.
     *
     * @param title the page title, plain text
     * @param path this page's path within the application, with its query string if it matters
     *     ({@code /product?id=assam}): "Cookie settings" without JavaScript comes back to it
     * @param content the page's HTML, already escaped
     * @param scripts the page's own script files, paths within the application, loaded deferred
     *     (after Cookie Warden's, so {@code window.CookieWarden} is there when they run)
     * @param attempts the cookies this response tries to set, for the panel
     */
    record Page(String title, String path, String content, List<String> scripts, List<CookieAttempt> attempts) {
        Page {
            scripts = List.copyOf(scripts);
            attempts = List.copyOf(attempts);
        }

        static Page of(String title, String path, String content) {
            return new Page(title, path, content, List.of(), List.of());
        }

        Page withScripts(String... paths) {
            return new Page(title, path, content, List.of(paths), attempts);
        }

        Page withAttempts(List<CookieAttempt> tried) {
            return new Page(title, path, content, scripts, tried);
        }
    }

    private Layout() {
    }

    /** The no-JavaScript address of the preference center, coming back to {@code pagePath}. */
    static String settingsHref(String contextPath, String pagePath) {
        return contextPath + CONSENT_ENDPOINT + "/preferences?return="
                + URLEncoder.encode(contextPath + pagePath, StandardCharsets.UTF_8);
    }

    /** A "Cookie settings" link: the preference center as a dialog with JavaScript, as a page without. */
    static String settingsLink(String contextPath, String pagePath, String text) {
        return "<a href=\"" + Html.escape(settingsHref(contextPath, pagePath)) + "\" data-cookie-warden-open>"
                + Html.escape(text) + "</a>";
    }

    /** Writes a whole page, as {@code text/html}. */
    static void write(HttpServletRequest request, HttpServletResponse response, Page page) throws IOException {
        // Content-Security-Policy and the other security headers: SecurityHeadersFilter, for every response.
        response.setContentType("text/html;charset=UTF-8");

        String cp = request.getContextPath();
        Cart cart = Cart.of(request);
        int count = cart == null ? 0 : cart.count();

        StringBuilder sb = new StringBuilder(8192);
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
          .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
          .append("<title>").append(Html.escape(page.title())).append(" · Maison Cookie</title>\n")
          .append("<link rel=\"stylesheet\" href=\"").append(Html.escape(cp + "/style.css")).append("\">\n")
          .append("<link rel=\"icon\" href=\"").append(Html.escape(cp + "/favicon.svg"))
          .append("\" type=\"image/svg+xml\">\n");
        for (String script : page.scripts()) {
            sb.append("<script src=\"").append(Html.escape(cp + script)).append("\" defer></script>\n");
        }
        sb.append("</head>\n<body>\n")
          .append("<header class=\"site-header\">\n<div class=\"wrap\">\n")
          .append("<a class=\"brand\" href=\"").append(Html.escape(cp + "/")).append("\">Maison Cookie")
          .append("<span class=\"tagline\">Thés en vrac · Loose-leaf teas</span></a>\n")
          .append("<nav aria-label=\"Main\">\n")
          .append("<a href=\"").append(Html.escape(cp + "/")).append("\">Our teas</a>\n")
          .append("<a href=\"").append(Html.escape(cp + "/cart")).append("\">Cart <span class=\"badge\">")
          .append(count).append("</span></a>\n")
          .append("<a href=\"").append(Html.escape(cp + "/api-demo")).append("\">API demo</a>\n")
          .append("<a href=\"").append(Html.escape(cp + "/privacy")).append("\">Cookie policy</a>\n")
          .append("</nav>\n</div>\n</header>\n")
          .append("<main class=\"wrap\">\n")
          .append(page.content())
          .append("</main>\n<div class=\"wrap\">\n");
        cookiePanel(sb, request.getCookies(), page.attempts());
        sb.append("</div>\n<footer class=\"site-footer\">\n<div class=\"wrap\">\n")
          .append("<p>Maison Cookie is a fictional shop: the sample application of Cookie Warden."
                  + " Nothing here is for sale and no request leaves this machine.</p>\n")
          .append("<p><a href=\"").append(Html.escape(cp + "/privacy")).append("\">Cookie policy</a> · ")
          .append(settingsLink(cp, page.path(), "Cookie settings")).append("</p>\n")
          .append("</div>\n</footer>\n")
          // The trackers of every page. Inert as written (a text/plain script, an img without src):
          // Cookie Warden's script brings them to life once their category is granted.
          .append("<script type=\"text/plain\" data-cookie-warden-category=\"analytics\" src=\"")
          .append(Html.escape(cp + "/js/analytics.js")).append("\"></script>\n")
          .append("<img class=\"pixel\" data-src=\"").append(Html.escape(cp + "/pixel.gif"))
          .append("\" data-cookie-warden-category=\"marketing\" alt=\"\" width=\"1\" height=\"1\">\n")
          .append("</body>\n</html>\n");

        PrintWriter out = response.getWriter();
        out.print(sb);
    }

    /** The "Your cookies" panel: what the server received, and what the page tries to set. */
    private static void cookiePanel(StringBuilder sb, Cookie[] received, List<CookieAttempt> attempts) {
        sb.append("<section class=\"panel\" id=\"your-cookies\" aria-labelledby=\"your-cookies-title\">\n")
          .append("<h2 id=\"your-cookies-title\">Your cookies</h2>\n")
          .append("<p>What the server received, through <code>request.getCookies()</code>, after Cookie"
                  + " Warden has hidden those of categories you have not accepted:</p>\n")
          .append("<ul id=\"received\" class=\"cookie-names\">\n");
        if (received == null || received.length == 0) {
            sb.append("<li class=\"none\">none</li>\n");
        } else {
            for (Cookie c : received) {
                sb.append("<li><code>").append(Html.escape(c.getName())).append("</code>");
                if (c.getName().endsWith("cookie_warden")) {
                    sb.append(" <small>the record of your choice</small>");
                }
                sb.append("</li>\n");
            }
        }
        sb.append("</ul>\n")
          .append("<h3>What this page tries to set</h3>\n")
          .append("<table id=\"attempted\">\n<thead><tr><th>Cookie</th><th>Category</th><th>Set by</th>"
                  + "</tr></thead>\n<tbody>\n");
        attemptRows(sb, attempts, "this-response");
        attemptRows(sb, IN_BROWSER, "in-browser");
        sb.append("</tbody>\n</table>\n")
          .append("<p class=\"hint\">Which of them actually arrive is in your browser's developer tools"
                  + " (Network, and Application → Cookies). Cookie Warden drops from the response what you"
                  + " have not accepted; the analytics script and the pixel do not even load, and"
                  + " <code>document.cookie</code> refuses those cookies too.</p>\n")
          .append("</section>\n");
    }

    private static void attemptRows(StringBuilder sb, List<CookieAttempt> attempts, String kind) {
        for (CookieAttempt a : attempts) {
            sb.append("<tr class=\"").append(kind).append("\"><td><code>").append(Html.escape(a.name()))
              .append("</code></td><td>").append(Html.escape(a.category())).append("</td><td>")
              .append(Html.escape(a.how())).append("</td></tr>\n");
        }
    }
}
