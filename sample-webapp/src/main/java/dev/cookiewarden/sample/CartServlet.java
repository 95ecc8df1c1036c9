package dev.cookiewarden.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /cart}: GET shows the session's cart; a POST from this site adds a tea
 * ({@code action=add&id=assam&quantity=2}) or empties the cart ({@code action=clear}), then
 * redirects back (303) so that a reload does not post twice.
 */
public final class CartServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String cp = request.getContextPath();
        Cart cart = Cart.of(request);
        Map<String, Integer> lines = cart == null ? Map.of() : cart.lines();
        StringBuilder sb = new StringBuilder(2048);
        sb.append("<h1>Your cart</h1>\n");
        if (lines.isEmpty()) {
            sb.append("<p class=\"empty\">Your cart is empty. <a href=\"").append(Html.escape(cp + "/"))
              .append("\">Choose a tea</a>.</p>\n");
        } else {
            long total = 0;
            sb.append("<table class=\"cart\">\n<thead><tr><th>Tea</th><th>Bags</th><th>Price</th></tr></thead>\n<tbody>\n");
            for (Map.Entry<String, Integer> line : lines.entrySet()) {
                Optional<Product> p = Catalog.find(line.getKey());
                if (p.isEmpty()) {
                    continue;
                }
                long amount = (long) p.get().priceCents() * line.getValue();
                total += amount;
                sb.append("<tr><td>").append(Html.escape(p.get().name())).append("</td><td>")
                  .append(line.getValue()).append("</td><td>").append(Html.escape(Product.formatEuros(amount)))
                  .append("</td></tr>\n");
            }
            sb.append("</tbody>\n<tfoot><tr><th colspan=\"2\">Total</th><td>")
              .append(Html.escape(Product.formatEuros(total))).append("</td></tr></tfoot>\n</table>\n")
              .append("<p class=\"hint\">Checkout is not part of this sample: nothing is for sale.</p>\n")
              .append("<form method=\"post\" action=\"").append(Html.escape(cp + "/cart")).append("\">\n")
              .append("<input type=\"hidden\" name=\"action\" value=\"clear\">\n")
              .append("<button type=\"submit\" class=\"link-button\">Empty the cart</button>\n</form>\n");
        }
        Layout.write(request, response, Layout.Page.of("Your cart", "/cart", sb.toString()));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!sameOrigin(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN, "The cart only accepts forms from this site.");
            return;
        }
        String action = request.getParameter("action");
        if ("clear".equals(action)) {
            Cart cart = Cart.of(request);
            if (cart != null) {
                cart.clear();
            }
        } else if (action == null || "add".equals(action)) {
            Optional<Product> product = Catalog.find(request.getParameter("id"));
            int quantity = quantity(request.getParameter("quantity"));
            if (product.isEmpty() || quantity < 1) {
                response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Choose a tea and a number of bags from 1 to "
                        + Cart.MAX_QUANTITY + ".");
                return;
            }
            Cart.create(request).add(product.get(), quantity);
        } else {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, "Unknown cart action.");
            return;
        }
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + "/cart");
    }

    /** 1 to {@link Cart#MAX_QUANTITY}, or 0 when missing or out of range. */
    private static int quantity(String value) {
        if (value == null) {
            return 1;
        }
        try {
            int q = Integer.parseInt(value.strip());
            return q >= 1 && q <= Cart.MAX_QUANTITY ? q : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Refuses a form another site makes the visitor's browser post: browsers send Fetch Metadata
     * and {@code Origin} with every cross-site POST. A client that sends neither is not a browser
     * riding on someone's session.
     */
    private static boolean sameOrigin(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null) {
            String s = site.strip().toLowerCase(Locale.ROOT);
            if (!s.equals("same-origin") && !s.equals("none")) {
                return false;
            }
        }
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        int port = request.getServerPort();
        boolean defaultPort = scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        String expected = scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port);
        return origin.strip().equalsIgnoreCase(expected);
    }
}
