package dev.cookiewarden.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code /product?id=...}: one tea, with a form that adds it to the cart. An unknown id is a 404
 * through {@code sendError}, so that the error page (an ERROR dispatch through the filter) is
 * part of every test run; the id it names is echoed there, escaped.
 */
public final class ProductServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** How much of an unknown id the error message repeats. */
    private static final int ECHOED_LENGTH = 40;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = request.getParameter("id");
        Optional<Product> found = Catalog.find(id);
        if (found.isEmpty()) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND, id == null || id.isBlank()
                    ? "Which tea? This address names none."
                    : "We have no tea called “" + shorten(id) + "”.");
            return;
        }
        Product p = found.get();
        String cp = request.getContextPath();
        StringBuilder sb = new StringBuilder(2048);
        sb.append("<p class=\"breadcrumb\"><a href=\"").append(Html.escape(cp + "/")).append("\">Our teas</a> › ")
          .append(Html.escape(p.name())).append("</p>\n")
          .append("<article class=\"product\">\n<h1>").append(Html.escape(p.name())).append("</h1>\n")
          .append("<p class=\"origin\">").append(Html.escape(p.origin())).append("</p>\n")
          .append("<p>").append(Html.escape(p.description())).append("</p>\n")
          .append("<p class=\"price\">").append(Html.escape(p.price())).append(" <small>/ 100 g bag</small></p>\n")
          .append("<form method=\"post\" action=\"").append(Html.escape(cp + "/cart")).append("\" class=\"add\">\n")
          .append("<input type=\"hidden\" name=\"action\" value=\"add\">\n")
          .append("<input type=\"hidden\" name=\"id\" value=\"").append(Html.escape(p.id())).append("\">\n")
          .append("<label for=\"quantity\">Bags</label>\n")
          .append("<select name=\"quantity\" id=\"quantity\">\n");
        for (int q = 1; q <= 5; q++) {
            sb.append("<option value=\"").append(q).append("\">").append(q).append("</option>\n");
        }
        sb.append("</select>\n<button type=\"submit\" class=\"button\">Add to cart</button>\n</form>\n</article>\n");

        String pagePath = "/product?id=" + URLEncoder.encode(p.id(), StandardCharsets.UTF_8);
        Layout.write(request, response, Layout.Page.of(p.name(), pagePath, sb.toString()));
    }

    private static String shorten(String id) {
        return id.length() <= ECHOED_LENGTH ? id : id.substring(0, ECHOED_LENGTH) + "…";
    }
}
