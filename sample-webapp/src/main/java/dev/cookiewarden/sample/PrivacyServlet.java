package dev.cookiewarden.sample;

import dev.cookiewarden.config.Category;
import dev.cookiewarden.config.CookieDeclaration;
import dev.cookiewarden.config.WardenConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /privacy}: the shop's cookie policy, the page {@code banner.policy-url} links the banner
 * to. The prose is the shop's own; the tables of cookies are read from
 * {@code cookie-warden.properties}, the file the filter enforces, so they list exactly what may
 * be set. The page is built once, at {@code init()}: it depends on nothing but the configuration.
 */
public final class PrivacyServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** What each category means for a visitor, in the shop's words; the configuration has the short version. */
    static final Map<String, String> PROSE = Map.of(
            "necessary", "These keep the shop working: your session, your cart, and the record of the choice"
                    + " you made in our cookie banner, so that we do not ask again on every page. The law exempts"
                    + " them from consent, so they are always on. Only Maison Cookie reads them.",
            "preferences", "These remember how you like the shop to look, such as its language and its colour"
                    + " theme. Only Maison Cookie reads them. If you refuse them, everything still works, in"
                    + " English and with the default theme.",
            "analytics", "Google Analytics counts visits and tells us which pages are read and which are not,"
                    + " so that we know what to improve. Google Ireland receives this data and may transfer it"
                    + " outside the European Union. If you refuse, nothing about your visit is counted, and our"
                    + " Google tags are told so through Google Consent Mode. In this sample, the analytics"
                    + " script is a local stand-in that only writes its cookie: nothing is sent anywhere.",
            "marketing", "Meta and our advertising partner Example Ads recognise your browser, here and on other"
                    + " sites, to choose the ads you see and to count the purchases they lead to. Example Ads"
                    + " also plays the film on our home page, so the film needs these cookies. If you refuse,"
                    + " you still see ads, but they are not based on your visits to this shop. In this sample,"
                    + " the pixel and the video player are local files: nothing is sent anywhere.");

    private transient String content;

    @Override
    public void init() throws ServletException {
        content = render(ShopConfig.load(getServletContext()), getServletContext().getContextPath());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Layout.write(request, response, Layout.Page.of("Cookie policy", "/privacy", content));
    }

    static String render(WardenConfig config, String contextPath) {
        String lang = ShopConfig.LANGUAGE;
        String fallback = config.defaultLanguage();
        StringBuilder sb = new StringBuilder(8192);
        sb.append("<article class=\"prose\">\n<h1>Cookies at Maison Cookie</h1>\n")
          .append("<p class=\"hint\">Cookie policy, revision ").append(config.policyRevision())
          .append(". When it changes, we ask for your choice again.</p>\n")
          .append("<p>A cookie is a small file a site keeps in your browser. Some of ours are strictly"
                  + " necessary; the others are set only if you agree, category by category, in the banner"
                  + " you saw on your first visit. Refusing is as easy as accepting, and you can change your"
                  + " mind at any time: ")
          .append(Layout.settingsLink(contextPath, "/privacy", "open the cookie settings"))
          .append(", or use the “Cookie settings” link at the bottom of every page. When you withdraw a"
                  + " consent, the cookies it allowed are deleted at once.</p>\n")
          .append("<p>We keep your choice for ").append(config.consentValidity().toDays())
          .append(" days (six months) in the <code>").append(Html.escape(config.consentCookieName()))
          .append("</code> cookie, signed so that nobody can forge it; then we ask again.</p>\n");

        for (Category c : config.categories()) {
            String label = c.label(lang, fallback);
            sb.append("<section class=\"category\" id=\"").append(Html.escape(c.id())).append("\">\n<h2>")
              .append(Html.escape(label)).append(c.required() ? " <small>always on</small>" : "")
              .append("</h2>\n<p>").append(Html.escape(PROSE.getOrDefault(c.id(), c.description(lang, fallback))))
              .append("</p>\n");
            List<String[]> rows = new ArrayList<>();
            if (c.required()) {
                rows.add(new String[] {config.consentCookieName(), "Maison Cookie",
                        "Records your cookie choices.", config.consentValidity().toDays() + " days"});
            }
            for (CookieDeclaration d : config.cookies()) {
                if (d.categoryId().equals(c.id())) {
                    rows.add(new String[] {d.namePattern(), d.provider() + (d.thirdParty() ? " (third party)" : ""),
                            d.purpose(lang, fallback), retention(d.retention())});
                }
            }
            sb.append("<table class=\"cookies\">\n<thead><tr><th>Cookie</th><th>Set by</th><th>Purpose</th>"
                      + "<th>Kept for</th></tr></thead>\n<tbody>\n");
            for (String[] r : rows) {
                sb.append("<tr><td><code>").append(Html.escape(r[0])).append("</code></td><td>").append(Html.escape(r[1]))
                  .append("</td><td>").append(Html.escape(r[2])).append("</td><td>").append(Html.escape(r[3]))
                  .append("</td></tr>\n");
            }
            sb.append("</tbody>\n</table>\n</section>\n");
        }
        sb.append("<p class=\"hint\">A name ending in <code>*</code> stands for every cookie whose name starts that"
                  + " way. These tables are read from <code>WEB-INF/cookie-warden.properties</code>, the file"
                  + " Cookie Warden enforces: a cookie missing from it is never set.</p>\n</article>\n");
        return sb.toString();
    }

    /** {@code P13M} as "13 months"; no retention is a session cookie. */
    static String retention(Optional<Period> retention) {
        if (retention.isEmpty()) {
            return "until you close the browser";
        }
        Period p = retention.get();
        List<String> parts = new ArrayList<>();
        unit(parts, p.getYears(), "year");
        unit(parts, p.getMonths(), "month");
        unit(parts, p.getDays(), "day");
        return parts.isEmpty() ? "0 days" : String.join(" ", parts);
    }

    private static void unit(List<String> parts, int n, String unit) {
        if (n != 0) {
            parts.add(n + " " + unit + (n == 1 ? "" : "s"));
        }
    }
}
