package dev.cookiewarden.banner;

import static dev.cookiewarden.banner.BannerRenderer.BACK;
import static dev.cookiewarden.banner.BannerRenderer.CONTEXT;
import static dev.cookiewarden.banner.BannerRenderer.FIRST_CHECKED;
import static dev.cookiewarden.banner.BannerRenderer.RETURN_INPUT;

import dev.cookiewarden.config.Category;
import dev.cookiewarden.config.CookieDeclaration;
import dev.cookiewarden.config.MessageKey;
import dev.cookiewarden.config.WardenConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds, for one language, the templates of the preference center (the second layer): the
 * {@code #cw-prefs} section as the dialog fragment the script loads, and as a page of its own for
 * visitors without JavaScript. Used once per language by {@link BannerRenderer}; not thread-safe.
 */
final class PreferenceMarkup {
    private final WardenConfig config;
    private final Messages messages;
    private final String lang;
    private final String prefix;
    private final String policyUrl;
    private final List<String> optionalIds;

    PreferenceMarkup(WardenConfig config, Messages messages, String lang, String escapedPrefix, String policyUrl,
                     List<String> optionalIds) {
        this.config = config;
        this.messages = messages;
        this.lang = lang;
        this.prefix = escapedPrefix;
        this.policyUrl = policyUrl;
        this.optionalIds = optionalIds;
    }

    private String text(MessageKey key) {
        return messages.text(key, lang);
    }

    /**
     * The section alone: a modal dialog with a close button, after the backdrop that dims the page
     * behind it (a click on it closes the dialog). The section's first child links its stylesheet,
     * which the first layer does not carry: the browser loads it with the dialog.
     */
    Template section(String prefsCssPath) {
        Template.Builder t = new Template.Builder().raw("<div class=\"cw-backdrop\" data-cw-close></div>");
        section(t, prefsCssPath);
        return t.build();
    }

    /**
     * A complete page around the section. There the section is not a dialog: {@code aria-modal}
     * would hide the rest of the page, the back link included, from assistive technologies; its
     * heading is the page's {@code h1}.
     */
    Template page(String cssPath, String prefsCssPath) {
        Template.Builder t = new Template.Builder()
                .raw("<!doctype html><html lang=\"").text(lang).raw("\"><head><meta charset=\"utf-8\">")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .raw("<meta name=\"robots\" content=\"noindex\"><title>").text(text(MessageKey.PREFS_TITLE))
                .raw("</title>");
        stylesheet(t, cssPath);
        stylesheet(t, prefsCssPath).raw("</head><body><main class=\"cw cw-page\">");
        section(t, null);
        return t.raw("<p class=\"cw-back\"><a class=\"cw-link\" href=\"").slot(BACK).raw("\">")
                .text(text(MessageKey.BACK_LINK)).raw("</a></p></main></body></html>").build();
    }

    /** A stylesheet link; {@code path} is an asset path, checked by the renderer: nothing to escape. */
    private Template.Builder stylesheet(Template.Builder t, String path) {
        return t.raw("<link rel=\"stylesheet\" href=\"").slot(CONTEXT).raw(prefix).raw(path).raw("\">");
    }

    /** The section; a dialog, linking {@code dialogCssPath}, unless that is null (the page). */
    private void section(Template.Builder t, String dialogCssPath) {
        boolean dialog = dialogCssPath != null;
        String heading = dialog ? "h2" : "h1";
        t.raw("<section id=\"cw-prefs\" class=\"cw-prefs\"")
                .raw(dialog ? " role=\"dialog\" aria-modal=\"true\"" : "")
                .raw(" aria-labelledby=\"cw-prefs-title\" aria-describedby=\"cw-prefs-text\"")
                .raw(dialog ? " tabindex=\"-1\">" : ">");
        if (dialog) {
            stylesheet(t, dialogCssPath);
        }
        t.raw("<" + heading + " id=\"cw-prefs-title\">").text(text(MessageKey.PREFS_TITLE))
                .raw("</" + heading + "><p id=\"cw-prefs-text\">").text(text(MessageKey.PREFS_TEXT));
        if (policyUrl != null) {
            t.raw(" <a class=\"cw-link\" href=\"").text(policyUrl).raw("\">").text(text(MessageKey.POLICY_LINK))
                    .raw("</a>");
        }
        t.raw("</p><form method=\"post\" action=\"").slot(CONTEXT).raw(prefix).raw("\">").slot(RETURN_INPUT);
        for (Category c : config.categories()) {
            category(t, c);
        }
        // Save first: the visitor came here to choose category by category.
        t.raw("<div class=\"cw-actions\">")
                .raw("<button type=\"submit\" class=\"cw-btn cw-choice\" name=\"action\" value=\"save\">")
                .text(text(MessageKey.SAVE)).raw("</button>")
                .raw("<button type=\"submit\" class=\"cw-btn cw-choice\" name=\"action\" value=\"reject-all\">")
                .text(text(MessageKey.REJECT_ALL)).raw("</button>")
                .raw("<button type=\"submit\" class=\"cw-btn cw-choice\" name=\"action\" value=\"accept-all\">")
                .text(text(MessageKey.ACCEPT_ALL)).raw("</button></div></form>");
        if (dialog) {
            // Closing decides nothing: it never means "accept" (COMPLIANCE item 2).
            t.raw("<button type=\"button\" class=\"cw-close\" data-cw-close aria-label=\"")
                    .text(text(MessageKey.CLOSE)).raw("\">").text("\u00d7").raw("</button>");
        }
        t.raw("</section>");
    }

    private void category(Template.Builder t, Category c) {
        String fallback = config.defaultLanguage();
        String descId = "cw-desc-" + c.id();
        t.raw("<div class=\"cw-cat\"><label class=\"cw-switch\">");
        if (c.required()) {
            // Strictly necessary: shown, but not a choice; no name, so nothing is posted for it.
            t.raw("<input type=\"checkbox\" role=\"switch\" checked disabled aria-describedby=\"").text(descId)
                    .raw("\"><span class=\"cw-cat-label\">").text(c.label(lang, fallback))
                    .raw("</span> <span class=\"cw-always\">").text(text(MessageKey.ALWAYS_ON)).raw("</span>");
        } else {
            t.raw("<input type=\"checkbox\" role=\"switch\" name=\"category\" value=\"").text(c.id()).raw("\"")
                    .slot(FIRST_CHECKED + optionalIds.indexOf(c.id()))
                    .raw(" aria-describedby=\"").text(descId).raw("\"><span class=\"cw-cat-label\">")
                    .text(c.label(lang, fallback)).raw("</span>");
        }
        t.raw("</label><p class=\"cw-cat-desc\" id=\"").text(descId).raw("\">").text(c.description(lang, fallback))
                .raw("</p>");
        List<CookieDeclaration> cookies = new ArrayList<>();
        for (CookieDeclaration d : config.cookies()) {
            if (d.categoryId().equals(c.id())) {
                cookies.add(d);
            }
        }
        if (!cookies.isEmpty()) {
            cookieTable(t, cookies, fallback);
        }
        t.raw("</div>");
    }

    private void cookieTable(Template.Builder t, List<CookieDeclaration> cookies, String fallback) {
        t.raw("<details class=\"cw-cookies\"><summary>").text(text(MessageKey.COOKIES_SUMMARY))
                .raw(" (" + cookies.size() + ")</summary><table><thead><tr>");
        for (MessageKey column : List.of(MessageKey.COLUMN_NAME, MessageKey.COLUMN_PROVIDER,
                MessageKey.COLUMN_PURPOSE, MessageKey.COLUMN_RETENTION)) {
            t.raw("<th scope=\"col\">").text(text(column)).raw("</th>");
        }
        t.raw("</tr></thead><tbody>");
        for (CookieDeclaration d : cookies) {
            t.raw("<tr><td>").text(d.namePattern()).raw("</td><td>").text(d.provider());
            if (d.thirdParty()) {
                t.raw(" <span class=\"cw-third\">").text(text(MessageKey.THIRD_PARTY)).raw("</span>");
            }
            t.raw("</td><td>").text(d.purpose(lang, fallback)).raw("</td><td>")
                    .text(messages.retention(d.retention(), lang)).raw("</td></tr>");
        }
        t.raw("</tbody></table></details>");
    }
}
