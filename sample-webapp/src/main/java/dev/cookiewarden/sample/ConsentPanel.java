package dev.cookiewarden.sample;

import java.util.List;

/**
 * The consent choices shown at the foot of every page until Cookie Warden has a banner of its
 * own: plain forms that post to the filter's consent endpoint, so they work without JavaScript.
 *
 * <p>"Accept all" and "Reject all" look exactly alike (the CNIL asks that refusing be as easy as
 * accepting), and no optional category is ticked in advance (a pre-ticked box is not consent,
 * CJEU C-673/17 "Planet49"). The labels and descriptions repeat, in English, those of
 * {@code WEB-INF/cookie-warden.properties}; a test checks that the two agree. Stateless.
 */
final class ConsentPanel {
    /** The filter's endpoint, {@code endpoint.prefix} at its default. */
    static final String ENDPOINT = "/cookie-consent";

    /** An optional category as the visitor sees it. */
    record Choice(String id, String label, String description) {
    }

    /** The optional categories of the configuration, in its order. */
    static final List<Choice> CHOICES = List.of(
            new Choice("preferences", "Preferences",
                    "Remember your display choices, such as your language and the site's colour theme."
                            + " If you refuse them, the shop still works fully, in English and with the"
                            + " default theme."),
            new Choice("analytics", "Audience measurement",
                    "Let us count visits and see which pages are read, with Google Analytics, so that we"
                            + " can improve the shop. Google receives this data and may transfer it outside"
                            + " the European Union. If you refuse, no statistics are collected about your"
                            + " visit."),
            new Choice("marketing", "Personalised advertising",
                    "Let Meta (Facebook, Instagram) and our advertising partner Example Ads show you ads"
                            + " suited to your interests, including on other sites, and measure how well our"
                            + " ads work. If you refuse, you will still see ads, but they will not be based on"
                            + " your browsing of this shop."));

    private ConsentPanel() {
    }

    /**
     * The consent section.
     *
     * @param contextPath the web application's context path
     * @param returnPath where the endpoint sends the visitor back to: a path on this site,
     *     context path included
     */
    static String render(String contextPath, String returnPath) {
        String endpoint = Html.escape(contextPath + ENDPOINT);
        String back = Html.escape(returnPath);
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<section class=\"consent\" id=\"cookies\" aria-labelledby=\"consent-title\">\n")
          .append("<h2 id=\"consent-title\">Cookies at Maison Cookie</h2>\n")
          .append("<p>Some cookies are strictly necessary: they keep your session and your cart, and"
                  + " remember the choice you make here. The others are set only if you agree: they"
                  + " remember your preferences, measure our audience with Google Analytics, and let Meta"
                  + " and Example Ads show you personalised advertising. You can change your mind at any"
                  + " time, from any page.</p>\n");

        sb.append("<div class=\"consent-actions\">\n");
        actionForm(sb, endpoint, back, "accept-all", "Accept all");
        actionForm(sb, endpoint, back, "reject-all", "Reject all");
        sb.append("</div>\n");

        sb.append("<details class=\"customize\">\n<summary>Customize</summary>\n")
          .append("<form method=\"post\" action=\"").append(endpoint).append("\" class=\"consent-form\">\n")
          .append("<input type=\"hidden\" name=\"action\" value=\"save\">\n")
          .append("<input type=\"hidden\" name=\"return\" value=\"").append(back).append("\">\n")
          .append("<fieldset>\n<legend>Choose the cookies you accept</legend>\n");
        for (Choice c : CHOICES) {
            String id = "category-" + Html.escape(c.id());
            sb.append("<div class=\"choice\">\n")
              .append("<input type=\"checkbox\" name=\"category\" value=\"").append(Html.escape(c.id()))
              .append("\" id=\"").append(id).append("\">\n")
              .append("<label for=\"").append(id).append("\"><strong>").append(Html.escape(c.label()))
              .append("</strong> <span>").append(Html.escape(c.description())).append("</span></label>\n")
              .append("</div>\n");
        }
        sb.append("<p class=\"always-on\"><strong>Strictly necessary cookies</strong> are always on:"
                  + " without them there is no cart.</p>\n")
          .append("</fieldset>\n")
          .append("<button type=\"submit\" class=\"button\">Save my choices</button>\n")
          .append("</form>\n</details>\n");

        sb.append("<div class=\"consent-footer\">\n")
          .append("<p>Your current choice: see <a href=\"").append(endpoint).append("\">")
          .append(Html.escape(ENDPOINT)).append("</a> (JSON).</p>\n")
          .append("<form method=\"post\" action=\"").append(endpoint).append("\">\n")
          .append("<input type=\"hidden\" name=\"action\" value=\"withdraw\">\n")
          .append("<input type=\"hidden\" name=\"return\" value=\"").append(back).append("\">\n")
          .append("<button type=\"submit\" class=\"link-button\">Withdraw consent</button>\n")
          .append("</form>\n</div>\n")
          .append("</section>\n");
        return sb.toString();
    }

    private static void actionForm(StringBuilder sb, String endpoint, String back, String action, String label) {
        sb.append("<form method=\"post\" action=\"").append(endpoint).append("\">\n")
          .append("<input type=\"hidden\" name=\"action\" value=\"").append(action).append("\">\n")
          .append("<input type=\"hidden\" name=\"return\" value=\"").append(back).append("\">\n")
          .append("<button type=\"submit\" class=\"button\">").append(Html.escape(label)).append("</button>\n")
          .append("</form>\n");
    }
}
