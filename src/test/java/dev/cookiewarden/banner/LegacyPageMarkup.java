package dev.cookiewarden.banner;

import dev.cookiewarden.config.Category;
import dev.cookiewarden.config.MessageKey;
import dev.cookiewarden.config.WardenConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The page snippets as {@link BannerRenderer} rendered them before they were precomputed as
 * bytes (one template per language and layer, every slot value a string built per call), kept
 * verbatim as the reference the new renderer must match byte for byte.
 */
final class LegacyPageMarkup {
    private static final int CONTEXT = 0;
    private static final int RETURN_INPUT = 1;
    private static final int RETURN_QUERY = 2;
    private static final int BACK = 3;

    private final Messages messages;
    private final String prefix;
    private final String cssPath;
    private final String scriptPath;
    private final boolean settingsLink;
    private final String policyUrl;
    private final List<String> optionalIds;
    private final WardenConfig config;

    LegacyPageMarkup(WardenConfig config, String cssPath, String scriptPath) {
        this.config = config;
        this.cssPath = cssPath;
        this.scriptPath = scriptPath;
        this.messages = new Messages(config);
        this.prefix = Html.escape(config.endpointPrefix());
        this.settingsLink = config.bannerSettingsLink();
        this.policyUrl = config.bannerPolicyUrl().orElse(null);
        List<String> optional = new ArrayList<>();
        for (Category c : config.categories()) {
            if (!c.required()) {
                optional.add(c.id());
            }
        }
        this.optionalIds = List.copyOf(optional);
    }

    String head(String contextPath, Set<String> granted, boolean decided, boolean gpc) {
        String base = Html.escape(contextPath) + prefix;
        StringBuilder out = new StringBuilder(192 + base.length() * 2);
        out.append("<link rel=\"stylesheet\" href=\"").append(base).append(cssPath).append("\">")
                .append("<script src=\"").append(base).append(scriptPath).append("\" data-cw-granted=\"");
        boolean first = true;
        for (String id : optionalIds) {
            if (granted.contains(id)) {
                out.append(first ? "" : " ").append(id);
                first = false;
            }
        }
        out.append("\" data-cw-decided=\"").append(decided).append("\" data-cw-gpc=\"").append(gpc)
                .append("\"></script>");
        return out.toString();
    }

    String body(String contextPath, String language, boolean showFirstLayer, String returnPath) {
        String lang = language != null && config.languages().contains(language) ? language : messages.defaultLanguage();
        return body(lang, showFirstLayer).render(values(contextPath, returnPath));
    }

    private static String[] values(String contextPath, String returnPath) {
        String[] v = new String[4];
        String context = Html.escape(contextPath);
        v[CONTEXT] = context;
        if (returnPath == null) {
            v[RETURN_INPUT] = "";
            v[RETURN_QUERY] = "";
            v[BACK] = context + "/";
        } else {
            String escaped = Html.escape(returnPath);
            v[RETURN_INPUT] = "<input type=\"hidden\" name=\"return\" value=\"" + escaped + "\">";
            v[RETURN_QUERY] = "?return=" + Html.queryValue(returnPath);
            v[BACK] = escaped;
        }
        return v;
    }

    private Template body(String lang, boolean firstLayer) {
        Template.Builder t = new Template.Builder()
                .raw("<aside id=\"cw-root\" class=\"cw\" lang=\"").text(lang).raw("\">");
        if (firstLayer) {
            firstLayer(t, lang);
        }
        if (settingsLink) {
            t.raw("<a id=\"cw-settings\" class=\"cw-settings\" href=\"").slot(CONTEXT).raw(prefix)
                    .raw("/preferences").slot(RETURN_QUERY).raw("\" data-cookie-warden-open>")
                    .text(messages.text(MessageKey.SETTINGS_LINK, lang)).raw("</a>");
        }
        return t.raw("</aside>").build();
    }

    private void firstLayer(Template.Builder t, String lang) {
        t.raw("<section id=\"cw-banner\" class=\"cw-banner\" role=\"dialog\" aria-modal=\"false\" "
                        + "aria-labelledby=\"cw-title\" aria-describedby=\"cw-text\" tabindex=\"-1\">")
                .raw("<h2 id=\"cw-title\">").text(messages.text(MessageKey.BANNER_TITLE, lang))
                .raw("</h2><p id=\"cw-text\">").text(messages.text(MessageKey.BANNER_TEXT, lang));
        List<String> purposes = new ArrayList<>();
        for (Category c : config.categories()) {
            if (!c.required()) {
                purposes.add(c.label(lang, config.defaultLanguage()));
            }
        }
        if (!purposes.isEmpty()) {
            t.raw(" ").text(messages.text(MessageKey.BANNER_PURPOSES, lang)).raw(" ")
                    .text(String.join(", ", purposes)).raw(".");
        }
        t.raw(" <a class=\"cw-link\" href=\"").slot(CONTEXT).raw(prefix).raw("/preferences").slot(RETURN_QUERY)
                .raw("\">").text(messages.text(MessageKey.DETAILS_LINK, lang)).raw("</a>");
        if (policyUrl != null) {
            t.raw(" <a class=\"cw-link\" href=\"").text(policyUrl).raw("\">")
                    .text(messages.text(MessageKey.POLICY_LINK, lang)).raw("</a>");
        }
        t.raw("</p><form class=\"cw-actions\" method=\"post\" action=\"").slot(CONTEXT).raw(prefix).raw("\">")
                .slot(RETURN_INPUT)
                .raw("<button type=\"submit\" class=\"cw-btn cw-choice\" name=\"action\" value=\"accept-all\">")
                .text(messages.text(MessageKey.ACCEPT_ALL, lang)).raw("</button>")
                .raw("<button type=\"submit\" class=\"cw-btn cw-choice\" name=\"action\" value=\"reject-all\">")
                .text(messages.text(MessageKey.REJECT_ALL, lang)).raw("</button>")
                .raw("<button type=\"submit\" class=\"cw-btn cw-more\" formmethod=\"get\" formaction=\"")
                .slot(CONTEXT).raw(prefix).raw("/preferences\" data-cookie-warden-open>")
                .text(messages.text(MessageKey.CUSTOMIZE, lang)).raw("</button></form></section>");
    }
}
