package dev.cookiewarden.sample;

import jakarta.servlet.ServletException;
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
 * page's. It also embeds an advertising partner's video, marked so that it loads only once
 * "Personalised advertising" is granted.
 */
public final class HomeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** Google Analytics sets {@code _ga} for 2 years: the filter caps it at 13 months. */
    static final int GA_MAX_AGE = 2 * 365 * 24 * 3600;
    static final int LANG_MAX_AGE = 365 * 24 * 3600;
    static final int FBP_MAX_AGE = 90 * 24 * 3600;
    static final int CART_MAX_AGE = 7 * 24 * 3600;
    static final int PROMO_MAX_AGE = 24 * 3600;

    /** What this page's response tries to set, for the "Your cookies" panel. */
    static final List<CookieAttempt> ATTEMPTS = List.of(
            new CookieAttempt("JSESSIONID", "necessary", "the container, on request.getSession(true)"),
            new CookieAttempt("cart", "necessary", "response.addHeader(\"Set-Cookie\", ...), 7 days"),
            new CookieAttempt("lang", "preferences", "response.addCookie(...), 1 year"),
            new CookieAttempt("_ga", "analytics", "response.addHeader(\"Set-Cookie\", ...), 2 years"),
            new CookieAttempt("_fbp", "marketing", "response.addCookie(...), 90 days"),
            new CookieAttempt("promo_seen", "undeclared", "response.addCookie(...), 1 day"));

    /** The video's category: what its placeholder asks the visitor to accept. */
    static final String VIDEO_CATEGORY = "marketing";

    private static final Pattern CART_ID = Pattern.compile("[0-9a-f]{16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private transient String videoCategoryLabel;

    @Override
    public void init() throws ServletException {
        videoCategoryLabel = ShopConfig.label(ShopConfig.load(getServletContext()), VIDEO_CATEGORY);
    }

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

        Layout.write(request, response, Layout.Page.of("Loose-leaf teas", "/", content(request.getContextPath()))
                .withAttempts(ATTEMPTS));
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

    private String content(String contextPath) {
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

        // The iframe has no src until Cookie Warden's script copies data-src into it; until then the
        // placeholder covers it (style.css shows one or the other, from the data-src attribute alone).
        sb.append("<section class=\"film\" aria-labelledby=\"film-title\">\n")
          .append("<h2 id=\"film-title\">From the tea garden</h2>\n")
          .append("<p class=\"hint\">A short film from our advertising partner Example Ads. Their player sets"
                  + " advertising cookies, so it loads only once you accept them.</p>\n")
          .append("<div class=\"video\">\n")
          .append("<iframe data-src=\"").append(Html.escape(contextPath + "/video.html"))
          .append("\" data-cookie-warden-category=\"").append(VIDEO_CATEGORY)
          .append("\" title=\"From the tea garden, a film by Example Ads\"></iframe>\n")
          .append("<p class=\"video-placeholder\"><span>This video needs the “")
          .append(Html.escape(videoCategoryLabel)).append("” cookies. ")
          .append(Layout.settingsLink(contextPath, "/", "Cookie settings"))
          .append("</span><noscript><span>It also needs JavaScript.</span></noscript></p>\n")
          .append("</div>\n</section>\n");
        return sb.toString();
    }
}
