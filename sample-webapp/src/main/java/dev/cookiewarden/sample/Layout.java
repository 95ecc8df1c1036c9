package dev.cookiewarden.sample;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * The page frame every servlet of the shop shares: head, header with the cart count, the page's
 * own content, the consent section and the footer. Callers pass their content already escaped;
 * everything this class adds itself is escaped here. Stateless.
 */
final class Layout {
    /**
     * Scripts, styles and images from this site's own files only (never inline), forms post only
     * here: an injected tag could do little even if an escape were missed. {@code 'self'} rather
     * than {@code 'none'} for scripts: Cookie Warden's banner scripts are files under the
     * consent endpoint's prefix, and they are written to work under exactly this policy.
     */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self';"
            + " object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private Layout() {
    }

    /**
     * Writes a whole page.
     *
     * @param title the page title, plain text
     * @param pagePath this page's path within the application, with its query string if it matters
     *     ({@code /product?id=assam}): the consent forms come back to it
     * @param content the page's HTML, already escaped
     */
    static void write(HttpServletRequest request, HttpServletResponse response, String title, String pagePath,
                      String content) throws IOException {
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "same-origin");

        String cp = request.getContextPath();
        Cart cart = Cart.of(request);
        int count = cart == null ? 0 : cart.count();

        PrintWriter out = response.getWriter();
        out.print("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + Html.escape(title) + " · Maison Cookie</title>\n"
                + "<link rel=\"stylesheet\" href=\"" + Html.escape(cp + "/style.css") + "\">\n"
                + "<link rel=\"icon\" href=\"" + Html.escape(cp + "/favicon.svg") + "\" type=\"image/svg+xml\">\n"
                + "</head>\n<body>\n"
                + "<header class=\"site-header\">\n<div class=\"wrap\">\n"
                + "<a class=\"brand\" href=\"" + Html.escape(cp + "/") + "\">Maison Cookie"
                + "<span class=\"tagline\">Thés en vrac · Loose-leaf teas</span></a>\n"
                + "<nav aria-label=\"Main\">\n"
                + "<a href=\"" + Html.escape(cp + "/") + "\">Our teas</a>\n"
                + "<a href=\"" + Html.escape(cp + "/cart") + "\">Cart <span class=\"badge\">" + count + "</span></a>\n"
                + "<a href=\"#cookies\">Cookies</a>\n"
                + "</nav>\n</div>\n</header>\n"
                + "<main class=\"wrap\">\n");
        out.print(content);
        out.print("</main>\n<div class=\"wrap\">\n");
        out.print(ConsentPanel.render(cp, cp + pagePath));
        out.print("</div>\n<footer class=\"site-footer\">\n<div class=\"wrap\">\n"
                + "<p>Maison Cookie is a fictional shop: the sample application of Cookie Warden."
                + " Nothing here is for sale and no data leaves this machine.</p>\n"
                + "</div>\n</footer>\n</body>\n</html>\n");
    }
}
