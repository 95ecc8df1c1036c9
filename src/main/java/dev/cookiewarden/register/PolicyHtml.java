package dev.cookiewarden.register;

import dev.cookiewarden.banner.Html;
import dev.cookiewarden.banner.Messages;
import dev.cookiewarden.config.MessageKey;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds, for one language, the policy page and its embeddable fragment, with the context path
 * left as {@link Slotted} slots. Every text is escaped with {@link Html}, so the output is ASCII;
 * no inline script, no inline style, no {@code style} attribute: it works under the same CSP as
 * the preference page. Only classes the banner's stylesheets already style are relied on for the
 * look ({@code .cw-page}, {@code .cw-prefs}, {@code .cw-cat}, {@code .cw-cat-desc},
 * {@code .cw-cookies}, {@code .cw-back}, {@code .cw-link}): {@code cw.css} and the preference
 * center's {@code cw-prefs.css}, which the page links in its head and the fragment from its first
 * child. The {@code cw-policy*} classes are hooks for a site's own CSS. Used once per language by
 * {@link PolicyRenderer}; not thread-safe.
 */
final class PolicyHtml {
    private static final char CTX = Slotted.CONTEXT;

    private final Register register;
    private final Messages messages;
    private final String lang;
    private final String rawPrefix;
    private final String prefix;
    private final int revision;
    private final Optional<LocalDate> effectiveDate;
    private final ConfigHash hash;

    PolicyHtml(Register register, Messages messages, String lang, String endpointPrefix, int revision,
               Optional<LocalDate> effectiveDate, ConfigHash hash) {
        this.register = register;
        this.messages = messages;
        this.lang = lang;
        this.rawPrefix = endpointPrefix;
        this.prefix = Html.escape(endpointPrefix);
        this.revision = revision;
        this.effectiveDate = effectiveDate;
        this.hash = hash;
    }

    private String text(MessageKey key) {
        return messages.text(key, lang);
    }

    private StringBuilder text(StringBuilder out, MessageKey key) {
        Html.escape(out, text(key));
        return out;
    }

    /**
     * A complete page styled by the banner's stylesheets. Its preference-center link comes back to
     * this page in this language; a second link goes back to the site's root.
     */
    Slotted page(String cssPath, String prefsCssPath) {
        StringBuilder out = new StringBuilder(8192);
        out.append("<!doctype html><html lang=\"");
        Html.escape(out, lang);
        out.append("\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
        text(out, MessageKey.POLICY_TITLE).append("</title>");
        stylesheet(out, cssPath);
        stylesheet(out, prefsCssPath);
        out.append("</head><body><main class=\"cw cw-page\">")
                .append("<section class=\"cw-prefs cw-policy\" aria-labelledby=\"cw-policy-title\">");
        // Back here, in this language, once the choices are saved.
        String returnQuery = Html.queryValue(rawPrefix + "/policy?lang=" + lang);
        body(out, 1, CTX + prefix + "/preferences?return=" + Slotted.CONTEXT_QUERY + returnQuery, false);
        out.append("</section><p class=\"cw-back\"><a class=\"cw-link\" href=\"").append(CTX).append("/\">");
        text(out, MessageKey.BACK_LINK).append("</a></p></main></body></html>");
        return new Slotted(out.toString());
    }

    /**
     * The same content as a {@code <section class="cw cw-policy">} for a site's own privacy page,
     * headings one level down ({@code h2}, then {@code h3}). Its preference-center link carries
     * {@code data-cookie-warden-open}, so with the banner's script it opens the dialog in place;
     * without, it leads to the preference page.
     */
    Slotted fragment(String prefsCssPath) {
        StringBuilder out = new StringBuilder(8192);
        out.append("<section class=\"cw cw-policy\" lang=\"");
        Html.escape(out, lang);
        out.append("\" aria-labelledby=\"cw-policy-title\">");
        // The page it goes into has cw.css (the filter put it there); the tables need cw-prefs.css.
        stylesheet(out, prefsCssPath);
        body(out, 2, CTX + prefix + "/preferences", true);
        out.append("</section>");
        return new Slotted(out.toString());
    }

    private void stylesheet(StringBuilder out, String cssPath) {
        out.append("<link rel=\"stylesheet\" href=\"").append(CTX).append(prefix);
        Html.escape(out, cssPath);
        out.append("\">");
    }

    private void body(StringBuilder out, int level, String preferencesHref, boolean opensDialog) {
        String h = "h" + level;
        String sub = "h" + (level + 1);
        out.append('<').append(h).append(" id=\"cw-policy-title\">");
        text(out, MessageKey.POLICY_TITLE).append("</").append(h).append("><p class=\"cw-policy-intro\">");
        text(out, MessageKey.POLICY_INTRO).append("</p><p class=\"cw-policy-revision\">");
        text(out, MessageKey.POLICY_REVISION).append(' ').append(revision).append('.');
        if (effectiveDate.isPresent()) {
            out.append(' ');
            text(out, MessageKey.POLICY_EFFECTIVE).append(" <time datetime=\"").append(effectiveDate.get())
                    .append("\">");
            Html.escape(out, longDate(effectiveDate.get(), lang));
            out.append("</time>.");
        }
        out.append("</p><p class=\"cw-policy-choices\"><a class=\"cw-link\" href=\"").append(preferencesHref)
                .append(opensDialog ? "\" data-cookie-warden-open>" : "\">");
        text(out, MessageKey.POLICY_CHOICES_LINK).append("</a></p>");
        for (Register.Group g : register.groups()) {
            group(out, g, sub);
        }
        out.append("<p class=\"cw-policy-version\"><small>");
        text(out, MessageKey.POLICY_VERSION).append(" <span data-cw-config-hash=\"").append(hash.value())
                .append("\">").append(hash.shortValue()).append("</span></small></p>");
    }

    private void group(StringBuilder out, Register.Group g, String h) {
        out.append("<div class=\"cw-cat cw-policy-cat\" id=\"cw-policy-");
        Html.escape(out, g.id());
        out.append("\"><").append(h).append('>');
        Html.escape(out, register.in(g.labels(), lang));
        out.append("</").append(h).append("><p class=\"cw-cat-desc\">");
        Html.escape(out, register.in(g.descriptions(), lang));
        out.append("</p><p class=\"cw-policy-basis\">");
        text(out, MessageKey.LEGAL_BASIS).append(' ');
        text(out, g.required() ? MessageKey.BASIS_EXEMPT : MessageKey.BASIS_CONSENT).append("</p>");
        if (g.entries().isEmpty()) {
            out.append("<p class=\"cw-policy-none\">");
            text(out, MessageKey.POLICY_NO_COOKIES).append("</p></div>");
            return;
        }
        out.append("<div class=\"cw-cookies\"><table><caption>");
        text(out, MessageKey.COOKIES_SUMMARY).append(" (").append(g.entries().size()).append(")</caption><thead><tr>");
        for (MessageKey column : List.of(MessageKey.COLUMN_NAME, MessageKey.COLUMN_PROVIDER, MessageKey.COLUMN_PURPOSE,
                MessageKey.COLUMN_RETENTION, MessageKey.COLUMN_PARTY)) {
            out.append("<th scope=\"col\">");
            text(out, column).append("</th>");
        }
        out.append("</tr></thead><tbody>");
        for (Register.Entry e : g.entries()) {
            out.append("<tr><td>");
            Html.escape(out, e.name());
            out.append("</td><td>");
            Html.escape(out, register.in(e.providers(), lang));
            out.append("</td><td>");
            Html.escape(out, register.in(e.purposes(), lang));
            out.append("</td><td>");
            Html.escape(out, messages.retention(e.retention(), lang));
            out.append("</td><td>");
            text(out, e.thirdParty() ? MessageKey.PARTY_THIRD : MessageKey.PARTY_FIRST).append("</td></tr>");
        }
        out.append("</tbody></table></div></div>");
    }

    /**
     * A date written out: "1 March 2026" in English (day first, as in the EU), "1er mars 2026" in
     * French (the first of the month is an ordinal), the JDK's long format in other languages.
     */
    static String longDate(LocalDate date, String lang) {
        return switch (lang) {
            case "en" -> DateTimeFormatter.ofPattern("d MMMM uuuu", Locale.ENGLISH).format(date);
            case "fr" -> (date.getDayOfMonth() == 1 ? "1er" : String.valueOf(date.getDayOfMonth()))
                    + DateTimeFormatter.ofPattern(" MMMM uuuu", Locale.FRENCH).format(date);
            default -> DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG)
                    .withLocale(Locale.forLanguageTag(lang)).format(date);
        };
    }
}
