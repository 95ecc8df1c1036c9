package dev.cookiewarden.sample;

import dev.cookiewarden.config.Category;
import dev.cookiewarden.config.WardenConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /api-demo}: Cookie Warden's JavaScript API at work. The server writes the empty frame,
 * one row per optional category (labels from the configuration); {@code /js/api-demo.js} fills it
 * with {@code CookieWarden.granted()} and {@code isGranted()}, keeps it live with
 * {@code onChange()}, and gives the button {@code open()}. {@code /js/gtag-demo.js} lists the
 * Google Consent Mode entries Cookie Warden's script pushes to {@code dataLayer}. Both are
 * files, as the page's {@code script-src 'self'} requires. The page is built once, at {@code init()}.
 */
public final class ApiDemoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private transient String content;

    @Override
    public void init() throws ServletException {
        content = render(ShopConfig.load(getServletContext()), getServletContext().getContextPath());
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Layout.write(request, response, Layout.Page.of("JavaScript API", "/api-demo", content)
                .withScripts("/js/api-demo.js", "/js/gtag-demo.js"));
    }

    static String render(WardenConfig config, String contextPath) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<h1>Cookie Warden's JavaScript API</h1>\n")
          .append("<p class=\"lead\">Everything on this page that changes by itself is written by the page's own"
                  + " script, <code>/js/api-demo.js</code>, through <code>window.CookieWarden</code>. Make a"
                  + " choice and watch it follow, without a reload.</p>\n");

        sb.append("<section class=\"panel\" aria-labelledby=\"granted-title\">\n")
          .append("<h2 id=\"granted-title\">What is granted now</h2>\n")
          .append("<p><code>CookieWarden.granted()</code> returns <code id=\"granted\">…</code></p>\n")
          .append("<table id=\"categories\" class=\"states\">\n<thead><tr><th>Category</th>"
                  + "<th><code>isGranted(id)</code></th></tr></thead>\n<tbody>\n");
        for (Category c : ShopConfig.optionalCategories(config)) {
            sb.append("<tr data-category=\"").append(Html.escape(c.id())).append("\"><td>")
              .append(Html.escape(c.label(ShopConfig.LANGUAGE, config.defaultLanguage())))
              .append(" <small><code>").append(Html.escape(c.id())).append("</code></small></td>")
              .append("<td class=\"state\">…</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n")
          .append("<p id=\"api-missing\" class=\"hint\">This needs JavaScript. Without it, the record of your choice"
                  + " is at <a href=\"").append(Html.escape(contextPath + Layout.CONSENT_ENDPOINT)).append("\">")
          .append(Html.escape(Layout.CONSENT_ENDPOINT)).append("</a> (JSON).</p>\n")
          .append("<p><button type=\"button\" class=\"button\" id=\"open-settings\" hidden>"
                  + "<code>CookieWarden.open()</code></button></p>\n")
          .append("<h3>Choices seen by <code>CookieWarden.onChange</code></h3>\n")
          .append("<ol id=\"changes\" class=\"log\">\n<li class=\"none\">None yet.</li>\n</ol>\n")
          .append("</section>\n");

        sb.append("<section class=\"panel\" aria-labelledby=\"consent-mode-title\">\n")
          .append("<h2 id=\"consent-mode-title\">Google Consent Mode</h2>\n")
          .append("<p>With <code>consent-mode.enabled=true</code>, Cookie Warden's script tells Google's"
                  + " tags the visitor's choice before any of them can run: a <code>default</code> entry on every"
                  + " page load, then an <code>update</code> after every choice. These are the")
          .append(" <code>gtag('consent', …)</code> entries of <code>window.dataLayer</code>, as")
          .append(" <code>/js/gtag-demo.js</code> sees them. No Google script is loaded here.</p>\n")
          .append("<ol id=\"consent-log\" class=\"log\">\n<li class=\"none\">This needs JavaScript.</li>\n</ol>\n")
          .append("</section>\n");

        sb.append("<section class=\"panel\" aria-labelledby=\"code-title\">\n")
          .append("<h2 id=\"code-title\">The calls</h2>\n")
          .append("<pre><code>CookieWarden.granted()              // [\"analytics\", …]\n"
                  + "CookieWarden.isGranted(\"analytics\")  // true or false\n"
                  + "const off = CookieWarden.onChange(granted =&gt; …);  // off() to stop\n"
                  + "CookieWarden.open()                 // the cookie settings dialog\n"
                  + "document.addEventListener(\"cookie-warden:change\", e =&gt; e.detail.granted);</code></pre>\n")
          .append("</section>\n");
        return sb.toString();
    }
}
