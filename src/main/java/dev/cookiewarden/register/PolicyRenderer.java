package dev.cookiewarden.register;

import dev.cookiewarden.banner.Messages;
import dev.cookiewarden.config.WardenConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The cookie policy, generated from the configuration: every category with its purpose and legal
 * basis, every declared cookie (name, provider, purpose, retention in words, first or third
 * party) and the consent cookie itself, the policy revision and the date it took effect, a link
 * to the preference center and, in small print, the {@link ConfigHash} of what is shown.
 *
 * <p>Four representations, all computed in the constructor for every configured language:
 * <ul>
 *   <li>{@link #page}: a complete HTML page, styled by the banner's stylesheet;</li>
 *   <li>{@link #fragment}: the same content as a {@code <section class="cw cw-policy">} to embed
 *       in a site's own privacy page;</li>
 *   <li>{@link #json}: the register for tools;</li>
 *   <li>{@link #csv}: the register for a spreadsheet, the input of the register of processing
 *       (GDPR art. 30; compliance item 19).</li>
 * </ul>
 * The HTML is pure ASCII (every text escaped by {@code banner.Html}, non-ASCII as character
 * references) with no inline script, no inline style and no {@code style} attribute. A request
 * only fills in the context path. A language that is not configured gets the default one.
 *
 * <p>Legal bases: a required category is strictly necessary, exempt from consent (ePrivacy
 * Directive art. 5(3), Informatique et Libertés art. 82); an optional one rests on consent
 * (GDPR art. 6(1)(a)). The wording is the {@code basis-exempt} and {@code basis-consent} texts.
 *
 * <p>Immutable and thread-safe; build one at startup.
 */
public final class PolicyRenderer {
    private static final Pattern ASSET_PATH = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");

    /** The representations, for {@link #entityTag}. */
    public enum Representation {
        /** {@link #page}. */
        PAGE,
        /** {@link #fragment}. */
        FRAGMENT,
        /** {@link #json}: the same in every language. */
        JSON,
        /** {@link #csv}. */
        CSV
    }

    private final Messages messages;
    private final ConfigHash hash;
    private final Map<String, Rendered> byLanguage;
    private final byte[] json;
    private final String jsonTag;

    /** What one language renders to. */
    private record Rendered(Slotted page, Slotted fragment, byte[] csv, Map<Representation, String> tags) {
    }

    /**
     * @param config the configuration (categories, cookies, revision, effective date, texts)
     * @param messages the texts, as the banner resolves them from {@code config}
     * @param cssPath the banner stylesheet's path below the endpoint prefix, such as
     *     {@code /assets/cw.1a2b.css}
     * @param prefsCssPath the preference center's stylesheet's path below the endpoint prefix
     *     (categories and cookie tables are styled there), such as {@code /assets/cw-prefs.3c4d.css}
     * @throws IllegalArgumentException when a path is not {@code /} followed by segments of
     *     {@code A-Z a-z 0-9 . _ -} (none starting with a dot)
     */
    public PolicyRenderer(WardenConfig config, Messages messages, String cssPath, String prefsCssPath) {
        Objects.requireNonNull(config, "config");
        this.messages = Objects.requireNonNull(messages, "messages");
        checkAssetPath("cssPath", cssPath);
        checkAssetPath("prefsCssPath", prefsCssPath);
        this.hash = ConfigHash.of(config, messages);
        Register register = new Register(config, messages);
        this.json = PolicyJson.of(register, config.policyRevision(), config.policyEffectiveDate(), hash);
        this.jsonTag = tag(null, digest(json));
        Map<String, Rendered> all = new LinkedHashMap<>();
        for (String lang : config.languages()) {
            PolicyHtml html = new PolicyHtml(register, messages, lang, config.endpointPrefix(),
                    config.policyRevision(), config.policyEffectiveDate(), hash);
            Slotted page = html.page(cssPath, prefsCssPath);
            Slotted fragment = html.fragment(prefsCssPath);
            byte[] csv = RegisterCsv.of(register, messages, lang);
            Map<Representation, String> tags = new EnumMap<>(Representation.class);
            tags.put(Representation.PAGE, tag(lang, digest(page.markup().getBytes(StandardCharsets.UTF_8))));
            tags.put(Representation.FRAGMENT, tag(lang, digest(fragment.markup().getBytes(StandardCharsets.UTF_8))));
            tags.put(Representation.JSON, jsonTag);
            tags.put(Representation.CSV, tag(lang, digest(csv)));
            all.put(lang, new Rendered(page, fragment, csv, Collections.unmodifiableMap(tags)));
        }
        this.byLanguage = Collections.unmodifiableMap(all);
    }

    private static void checkAssetPath(String what, String path) {
        if (path == null || !ASSET_PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("The asset path [" + path + "] of [" + what + "] is not valid: "
                    + "expected / followed by segments of A-Z a-z 0-9 . _ - such as /assets/cw.1a2b.css");
        }
    }

    /** The hash of the configuration and texts shown. */
    public ConfigHash configHash() {
        return hash;
    }

    /** The languages the policy is rendered in, in configured order. */
    public List<String> languages() {
        return List.copyOf(byLanguage.keySet());
    }

    /**
     * The complete policy page. Its preference-center link returns to this page in this language.
     *
     * @param contextPath the request's context path ({@code ""} for the root context)
     */
    public String page(String contextPath, String language) {
        return rendered(language).page.render(contextPath);
    }

    /**
     * The policy as a {@code <section class="cw cw-policy">} for a site's own page. Its link to
     * the preference center has {@code data-cookie-warden-open}: on a page with the banner it
     * opens the dialog; without JavaScript it leads to the preference page.
     *
     * @param contextPath the request's context path, for that link ({@code ""} for the root context)
     */
    public String fragment(String contextPath, String language) {
        return rendered(language).fragment.render(contextPath);
    }

    /** The register as JSON (UTF-8); a copy. */
    public byte[] json() {
        return json.clone();
    }

    /** The register as CSV in {@code language}: UTF-8 with a byte order mark, CRLF lines; a copy. */
    public byte[] csv(String language) {
        return rendered(language).csv.clone();
    }

    /**
     * A strong entity tag for a representation in a language, quoted:
     * {@code "<config hash>-<language>-<content digest>"} ({@code "<config hash>-<content digest>"}
     * for JSON). The content digest covers what the configuration does not: the markup of this
     * release and the stylesheet's hashed name, so an upgrade is never answered {@code 304}.
     */
    public String entityTag(Representation representation, String language) {
        return rendered(language).tags.get(representation);
    }

    /** The language actually rendered for {@code language}: itself when configured, else the default. */
    public String language(String language) {
        return byLanguage.containsKey(language) ? language : messages.defaultLanguage();
    }

    private Rendered rendered(String language) {
        Rendered r = byLanguage.get(language);
        return r != null ? r : byLanguage.get(messages.defaultLanguage());
    }

    private String tag(String lang, String digest) {
        return "\"" + hash.value() + (lang == null ? "" : "-" + lang) + "-" + digest + "\"";
    }

    /** The first 10 characters of the unpadded base64url SHA-256. */
    private static String digest(byte[] data) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(data);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "PolicyRenderer[languages=" + byLanguage.keySet() + ", hash=" + hash.shortValue() + "]";
    }
}
