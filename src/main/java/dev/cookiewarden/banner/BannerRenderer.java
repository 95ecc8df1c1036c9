package dev.cookiewarden.banner;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cookiewarden.config.Category;
import dev.cookiewarden.config.MessageKey;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.memo.RecentAnswers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Renders the banner markup of {@code docs/BANNER.md}: the head tags, the {@code #cw-root} body
 * element with the first layer, and the preference center as a fragment or a page.
 *
 * <p>Everything that depends only on the configuration and the language is computed once, in the
 * constructor; a call fills in the context path, the return path and the visitor's state, which it
 * is given: the renderer never decides what is granted. Every dynamic value is escaped and the
 * output is pure ASCII (non-ASCII text as character references; a page in UTF-8 gets the page
 * snippets' text as it is, see {@link PageSnippets#forUtf8()}), with no inline script, no
 * inline style and no {@code style} attribute, so it works under {@code script-src 'self';
 * style-src 'self'}.
 *
 * <p>A page's snippets ({@link #snippets}) come from templates kept per language and per state
 * (first layer or not, return path or not; for the head, decided or not, GPC or not) whose
 * literal parts are bytes already, so a page costs the escaping of its two paths and one
 * exact-size array per snippet and form. The last {@value #MAX_CACHED_SNIPPETS} distinct sets of
 * snippets are kept (Caffeine, about 4 KB each with both forms of the body): a page visited
 * again by a visitor in the same state costs
 * one lookup; the latest 64 of them are also kept in {@link RecentAnswers}, whose lookup writes
 * nothing (a page may so hold on to up to 64 sets that Caffeine has let go).
 *
 * <p>Paths: {@code contextPath} is the request's context path ({@code ""} for the root context);
 * asset paths are relative to the endpoint prefix ({@code /assets/cw.1a2b.css}); a return path is
 * the page to come back to (request URI and query), already checked by the caller to be a path on
 * this site, or null when there is none. A language that is not configured gets the default one.
 *
 * <p>Thread-safe; build one at startup. Its markup never changes; the cache of snippets is bounded.
 */
public final class BannerRenderer {
    private static final Pattern ASSET_PATH = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");

    // Slots of the preference center's templates: the escaped context path, the hidden return
    // field (or nothing), "?return=..." (or nothing), the back link's target, then " checked" (or
    // nothing) for each optional category in display order.
    static final int CONTEXT = 0;
    static final int RETURN_INPUT = 1;
    static final int RETURN_QUERY = 2;
    static final int BACK = 3;
    static final int FIRST_CHECKED = 4;

    // Slots of the page templates (head and banner root): the escaped context path, the escaped
    // return path, the return path as an escaped query value, the granted optional categories.
    // A template made for a page without a return path has no return slots.
    private static final int PAGE_CONTEXT = 0;
    private static final int PAGE_RETURN = 1;
    private static final int PAGE_RETURN_QUERY = 2;
    private static final int PAGE_GRANTED = 3;

    /** How many sets of page snippets are kept: a few MB at most. */
    static final int MAX_CACHED_SNIPPETS = 1_000;

    private final Messages messages;
    private final String prefix;
    private final String cssPath;
    private final String prefsCssPath;
    private final String scriptPath;
    private final boolean settingsLink;
    private final String policyUrl;
    private final List<String> optionalIds;
    private final Map<String, Rendered> byLanguage;
    private final Cache<SnippetKey, PageSnippets> snippetCache = Caffeine.newBuilder()
            .maximumSize(MAX_CACHED_SNIPPETS).build();
    /** The latest of them, read on every page without a write to the cache's buffers. */
    private final RecentAnswers<SnippetKey, PageSnippets> recentSnippets = new RecentAnswers<>(64);
    /** Behind {@link #recentSnippets}: the cache, rendering a set it does not hold. */
    private final Function<SnippetKey, PageSnippets> renderedOnce = key -> snippetCache.get(key,
            k -> render(k.contextPath(), k.language(), k.granted(), k.decided(), k.gpc(), k.returnPath()));
    /** The head's templates, by {@link #headIndex}: the head does not depend on the language. */
    private final Template[] heads;

    /** The templates of one language; {@code bodies} by {@link #bodyIndex}. */
    private record Rendered(Template[] bodies, Template fragment, Template page) {
        Template body(boolean showFirstLayer, boolean withReturn) {
            return bodies[bodyIndex(showFirstLayer, withReturn)];
        }
    }

    /**
     * @param config the configuration (categories, cookies, texts, banner settings)
     * @param cssPath the first layer's stylesheet's path below the endpoint prefix, such as
     *     {@code /assets/cw.1a2b.css}
     * @param prefsCssPath the preference center's stylesheet's path below the endpoint prefix
     * @param scriptPath the script's path below the endpoint prefix
     * @throws IllegalArgumentException when an asset path is not {@code /} followed by segments of
     *     {@code A-Z a-z 0-9 . _ -} (none starting with a dot)
     */
    public BannerRenderer(WardenConfig config, String cssPath, String prefsCssPath, String scriptPath) {
        Objects.requireNonNull(config, "config");
        this.cssPath = assetPath("cssPath", cssPath);
        this.prefsCssPath = assetPath("prefsCssPath", prefsCssPath);
        this.scriptPath = assetPath("scriptPath", scriptPath);
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
        Map<String, Rendered> all = new LinkedHashMap<>();
        for (String lang : config.languages()) {
            PreferenceMarkup prefs = new PreferenceMarkup(config, messages, lang, prefix, policyUrl, optionalIds);
            Template[] bodies = new Template[4];
            for (boolean firstLayer : new boolean[] {false, true}) {
                for (boolean withReturn : new boolean[] {false, true}) {
                    bodies[bodyIndex(firstLayer, withReturn)] = body(config, lang, firstLayer, withReturn);
                }
            }
            all.put(lang, new Rendered(bodies, prefs.section(this.prefsCssPath),
                    prefs.page(this.cssPath, this.prefsCssPath)));
        }
        this.byLanguage = Collections.unmodifiableMap(all);
        this.heads = new Template[4];
        for (boolean decided : new boolean[] {false, true}) {
            for (boolean gpc : new boolean[] {false, true}) {
                heads[headIndex(decided, gpc)] = head(decided, gpc);
            }
        }
    }

    private static int bodyIndex(boolean showFirstLayer, boolean withReturn) {
        return (showFirstLayer ? 2 : 0) + (withReturn ? 1 : 0);
    }

    private static int headIndex(boolean decided, boolean gpc) {
        return (decided ? 2 : 0) + (gpc ? 1 : 0);
    }

    private static String assetPath(String what, String path) {
        if (path == null || !ASSET_PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("The asset path [" + path + "] of [" + what
                    + "] is not valid: expected / followed by segments of A-Z a-z 0-9 . _ - such as /assets/cw.1a2b.css");
        }
        return path;
    }

    /** The texts this renderer uses, for language negotiation and the preference endpoint. */
    public Messages messages() {
        return messages;
    }

    /**
     * The two tags that go right after {@code <head ...>}: the stylesheet and the script, which runs
     * synchronously (its guard must be in place before any page script) and carries the visitor's
     * state.
     *
     * @param granted the granted categories; only optional categories of the configuration are
     *     listed, in display order
     * @param decided whether the visitor has a valid choice
     * @param gpc whether {@code Sec-GPC: 1} refused the GPC-sensitive categories of an undecided visitor
     */
    public String head(String contextPath, Set<String> granted, boolean decided, boolean gpc) {
        String[] v = pageValues(contextPath, null, granted);
        return new String(heads[headIndex(decided, gpc)].renderAscii(v), StandardCharsets.ISO_8859_1);
    }

    /**
     * The {@code #cw-root} element that goes right after {@code <body ...>}: the first layer when
     * {@code showFirstLayer} (the visitor has no valid choice), and the "Cookie settings" link
     * unless {@code banner.settings-link=false}.
     */
    public String body(String contextPath, String language, boolean showFirstLayer, String returnPath) {
        String[] v = pageValues(contextPath, returnPath, Set.of());
        return new String(rendered(language).body(showFirstLayer, returnPath != null).renderAscii(v),
                StandardCharsets.ISO_8859_1);
    }

    /**
     * The snippets of one page, exactly as {@link #head} and {@link #body} render them (the first
     * layer when the visitor is not {@code decided}), assembled straight into the ASCII bytes the
     * injector writes.
     *
     * @param granted the granted categories; only optional categories of the configuration are
     *     listed, in display order
     * @param decided whether the visitor has a valid choice: then no first layer
     * @param gpc whether {@code Sec-GPC: 1} refused the GPC-sensitive categories of an undecided visitor
     */
    public PageSnippets snippets(String contextPath, String language, Set<String> granted, boolean decided,
                                 boolean gpc, String returnPath) {
        SnippetKey key = new SnippetKey(contextPath, language, granted, decided, gpc, returnPath);
        return recentSnippets.get(key, key.hashCode(), renderedOnce);
    }

    /** How many sets of snippets are kept now (after pending evictions), for tests. */
    long cachedSnippets() {
        snippetCache.cleanUp();
        return snippetCache.estimatedSize();
    }

    /** What a page's snippets are made of. {@code returnPath} may be null. */
    private record SnippetKey(String contextPath, String language, Set<String> granted, boolean decided, boolean gpc,
                              String returnPath) {
    }

    private PageSnippets render(String contextPath, String language, Set<String> granted, boolean decided,
                                boolean gpc, String returnPath) {
        String[] v = pageValues(contextPath, returnPath, granted);
        Template body = rendered(language).body(!decided, returnPath != null);
        return PageSnippets.trusted(heads[headIndex(decided, gpc)].renderAscii(v), body.renderAscii(v),
                body.renderUtf8(v));
    }

    /**
     * The {@code #cw-prefs} dialog the script loads: the link to its stylesheet, one switch per
     * category, checked only for categories in {@code granted} when {@code decided} (none when
     * undecided), required categories checked and disabled, each category's cookies, and the close
     * button.
     */
    public String preferencesFragment(String contextPath, String language, Set<String> granted, boolean decided,
                                      String returnPath) {
        return rendered(language).fragment.render(checked(values(contextPath, returnPath, optionalIds.size()),
                granted, decided));
    }

    /**
     * The preference center as a complete HTML page, for visitors without JavaScript: the same
     * section as {@link #preferencesFragment} without the close button, and a link back to
     * {@code returnPath} (the context root when null).
     */
    public String preferencesPage(String contextPath, String language, Set<String> granted, boolean decided,
                                  String returnPath) {
        return rendered(language).page.render(checked(values(contextPath, returnPath, optionalIds.size()),
                granted, decided));
    }

    private Rendered rendered(String language) {
        Rendered r = byLanguage.get(language);
        return r != null ? r : byLanguage.get(messages.defaultLanguage());
    }

    private String[] pageValues(String contextPath, String returnPath, Set<String> granted) {
        String[] v = new String[4];
        v[PAGE_CONTEXT] = escaped(contextPath);
        if (returnPath != null) {
            v[PAGE_RETURN] = escaped(returnPath);
            // Html.queryValue, which escapes after URL-encoding: a no-op on what URLEncoder leaves.
            v[PAGE_RETURN_QUERY] = escaped(URLEncoder.encode(returnPath, StandardCharsets.UTF_8));
        }
        v[PAGE_GRANTED] = grantedIds(granted);
        return v;
    }

    /** The granted optional categories in display order, separated by spaces. */
    private String grantedIds(Set<String> granted) {
        if (granted.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder(64);
        for (String id : optionalIds) {
            if (granted.contains(id)) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(id); // ids match [a-z][a-z0-9-]*: nothing to escape
            }
        }
        return out.toString();
    }

    /**
     * {@link Html#escape} of {@code s}, without a copy when nothing in it needs escaping, as in
     * most context and return paths.
     */
    private static String escaped(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean kept = c >= 0x20 && c < 0x7f ? c != '&' && c != '<' && c != '>' && c != '"' && c != '\''
                    : c == '\t' || c == '\n' || c == '\r';
            if (!kept) {
                return Html.escape(s);
            }
        }
        return s;
    }

    private static String[] values(String contextPath, String returnPath, int categories) {
        String[] v = new String[FIRST_CHECKED + categories];
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

    private String[] checked(String[] values, Set<String> granted, boolean decided) {
        for (int i = 0; i < optionalIds.size(); i++) {
            // No box is ticked for a visitor who has not chosen (CNIL; COMPLIANCE item 8).
            values[FIRST_CHECKED + i] = decided && granted.contains(optionalIds.get(i)) ? " checked" : "";
        }
        return values;
    }

    private Template head(boolean decided, boolean gpc) {
        return new Template.Builder()
                .raw("<link rel=\"stylesheet\" href=\"").slot(PAGE_CONTEXT).raw(prefix).raw(cssPath).raw("\">")
                .raw("<script src=\"").slot(PAGE_CONTEXT).raw(prefix).raw(scriptPath).raw("\" data-cw-granted=\"")
                .slot(PAGE_GRANTED).raw("\" data-cw-decided=\"").raw(String.valueOf(decided))
                .raw("\" data-cw-gpc=\"").raw(String.valueOf(gpc)).raw("\"></script>").build();
    }

    private Template body(WardenConfig config, String lang, boolean firstLayer, boolean withReturn) {
        Template.Builder t = new Template.Builder()
                .raw("<aside id=\"cw-root\" class=\"cw\" lang=\"").text(lang).raw("\">");
        if (firstLayer) {
            firstLayer(t, config, lang, withReturn);
        }
        if (settingsLink) {
            t.raw("<a id=\"cw-settings\" class=\"cw-settings\" href=\"").slot(PAGE_CONTEXT).raw(prefix)
                    .raw("/preferences");
            returnQuery(t, withReturn).raw("\" data-cookie-warden-open>")
                    .text(messages.text(MessageKey.SETTINGS_LINK, lang)).raw("</a>");
        }
        return t.raw("</aside>").build();
    }

    private static Template.Builder returnQuery(Template.Builder t, boolean withReturn) {
        return withReturn ? t.raw("?return=").slot(PAGE_RETURN_QUERY) : t;
    }

    private static Template.Builder returnInput(Template.Builder t, boolean withReturn) {
        return withReturn
                ? t.raw("<input type=\"hidden\" name=\"return\" value=\"").slot(PAGE_RETURN).raw("\">")
                : t;
    }

    private void firstLayer(Template.Builder t, WardenConfig config, String lang, boolean withReturn) {
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
            // Each purpose is named on the first layer, before any choice (COMPLIANCE item 9).
            t.raw(" ").text(messages.text(MessageKey.BANNER_PURPOSES, lang)).raw(" ")
                    .text(String.join(", ", purposes)).raw(".");
        }
        t.raw(" <a class=\"cw-link\" href=\"").slot(PAGE_CONTEXT).raw(prefix).raw("/preferences");
        returnQuery(t, withReturn).raw("\">").text(messages.text(MessageKey.DETAILS_LINK, lang)).raw("</a>");
        if (policyUrl != null) {
            t.raw(" <a class=\"cw-link\" href=\"").text(policyUrl).raw("\">")
                    .text(messages.text(MessageKey.POLICY_LINK, lang)).raw("</a>");
        }
        // Accept and reject: the same element with the same class, so the same size, font and
        // colours (CNIL SAN-2021-023: refusing must be as easy as accepting).
        t.raw("</p><form class=\"cw-actions\" method=\"post\" action=\"").slot(PAGE_CONTEXT).raw(prefix).raw("\">");
        returnInput(t, withReturn)
                .raw("<button type=\"submit\" class=\"cw-btn cw-choice\" name=\"action\" value=\"accept-all\">")
                .text(messages.text(MessageKey.ACCEPT_ALL, lang)).raw("</button>")
                .raw("<button type=\"submit\" class=\"cw-btn cw-choice\" name=\"action\" value=\"reject-all\">")
                .text(messages.text(MessageKey.REJECT_ALL, lang)).raw("</button>")
                .raw("<button type=\"submit\" class=\"cw-btn cw-more\" formmethod=\"get\" formaction=\"")
                .slot(PAGE_CONTEXT).raw(prefix).raw("/preferences\" data-cookie-warden-open>")
                .text(messages.text(MessageKey.CUSTOMIZE, lang)).raw("</button></form></section>");
    }

    @Override
    public String toString() {
        return "BannerRenderer[languages=" + byLanguage.keySet() + ", prefix=" + prefix
                + ", categories=" + optionalIds + ", settingsLink=" + settingsLink
                + ", policyUrl=" + policyUrl + ", css=" + cssPath + ", prefsCss=" + prefsCssPath
                + ", script=" + scriptPath + "]";
    }
}
