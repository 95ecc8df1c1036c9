package dev.cookiewarden.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every key the configuration accepts, with its default as documented: the single source of truth
 * that {@link WardenConfigParser} recognises keys and fills in defaults from, and that
 * {@code docs/CONFIGURATION.md} is checked against by a test.
 *
 * <p>Patterns use four placeholders: {@code <id>} (a category id), {@code <key>} (a cookie
 * declaration key), {@code <name>} (a {@link MessageKey} name) and {@code <lang>} (a language tag
 * of {@code languages}).
 */
enum ConfigKey {
    POLICY_REVISION("policy.revision", "1",
            "Whole number from 1 to 1000000000. Increase it whenever purposes, categories or cookies change: "
                    + "a choice made under an older revision counts as no choice, so the banner comes back."),
    LANGUAGES("languages", "en,fr",
            "Comma-separated two-letter lowercase language tags, each once. Every text below must be given in each."),
    LANGUAGE_DEFAULT("language.default", "en",
            "The language used when the visitor's languages match none; one of `languages`. "
                    + "When unset and `en` is not in `languages`, the first of `languages`."),
    CONSENT_VALIDITY_DAYS("consent.validity-days", "182",
            "How long a choice (acceptance or refusal) holds, in days, 1 to 400; then the visitor is asked again. "
                    + "182 days is the 6 months the CNIL recommends."),
    CONSENT_COOKIE_NAME("consent.cookie-name", "cookie_warden",
            "Name of the consent cookie: an RFC 9110 token of at most 64 characters, without `__Host-` or "
                    + "`__Secure-` (the filter adds `__Host-` itself when Secure). No `cookie.<key>.name` may declare it."),
    CONSENT_SECURE("consent.secure", "auto",
            "`auto`: the consent cookie is Secure with the `__Host-` prefix when the request is secure; `always`: "
                    + "always (behind a TLS-terminating proxy); `never`: never (plain-HTTP development only)."),
    COOKIES_MAX_LIFETIME_DAYS("cookies.max-lifetime-days", "395",
            "Cap on the lifetime of non-essential cookies, in days, 1 to 400. "
                    + "395 days is the 13 months the CNIL recommends."),
    COOKIES_UNDECLARED("cookies.undeclared", "block",
            "What happens to a cookie no declaration matches: `block` (treated as non-exempt, never granted), "
                    + "`report-only` (passes, but is logged: for rollout on a live site) or `allow` (passes)."),
    KEYS("keys", null,
            "Comma-separated `id:base64` signing keys for the consent cookie; id is 1 to 16 of `A-Z a-z 0-9 _ -`, "
                    + "base64 is standard or URL-safe, padding optional, at least 32 bytes once decoded. The first "
                    + "signs, all verify: to rotate, put the new key first and drop the old one after "
                    + "`consent.validity-days`. When unset, a key is generated at startup (kept in `data-dir` if set)."),
    DATA_DIR("data-dir", null,
            "A directory where Cookie Warden keeps its own files (a generated key, consent records). "
                    + "Prefer an absolute path: a relative one depends on the container's working directory. "
                    + "When unset, the filter uses `cookie-warden` in the container's temporary directory, "
                    + "which may not survive a redeployment."),
    ENDPOINT_PREFIX("endpoint.prefix", "/cookie-consent",
            "Path prefix of the filter's own endpoints: starts with `/`, no trailing `/`, only "
                    + "`A-Z a-z 0-9 / _ . -`, no empty, `.` or `..` segment."),
    GPC_HONOR("gpc.honor", "true",
            "`true` or `false`. When `true`, a request with `Sec-GPC: 1` refuses the GPC-sensitive categories "
                    + "until the visitor explicitly opts in. When every optional category is GPC-sensitive, the "
                    + "first page view with the signal records a `gpc-refusal` and stores it as the visitor's choice."),
    CATEGORIES("categories", ConfigKey.REQUIRED,
            "Comma-separated category ids in display order, each once, each matching `[a-z][a-z0-9-]{0,31}`. "
                    + "At least one, at most 64."),
    CATEGORY_REQUIRED("category.<id>.required", "false",
            "`true` for a strictly necessary category: always granted, never offered as a choice. "
                    + "Only for cookies exempt from consent (session, security, cart, load balancing, consent cookie)."),
    CATEGORY_GPC("category.<id>.gpc", "(`true` unless required)",
            "`true` or `false`: whether `Sec-GPC: 1` refuses this category. `true` on a required category is an error."),
    CATEGORY_LABEL("category.<id>.label.<lang>", ConfigKey.REQUIRED,
            "Short title of the category, in every language of `languages`; at most 2000 characters."),
    CATEGORY_DESCRIPTION("category.<id>.description.<lang>", ConfigKey.REQUIRED,
            "What the category's cookies are for and what accepting means, in every language; at most 2000 characters."),
    COOKIE_NAME("cookie.<key>.name", ConfigKey.REQUIRED,
            "The cookie's exact name (RFC 9110 token characters), or a glob where `*` matches any run of "
                    + "characters (`_ga_*`) with at least one literal character. Each name is declared once. "
                    + "`<key>` matches `[a-z0-9][a-z0-9_-]{0,63}`; declarations are listed in the order of their keys."),
    COOKIE_CATEGORY("cookie.<key>.category", ConfigKey.REQUIRED,
            "The id of the category the cookie belongs to; one of `categories`."),
    COOKIE_PROVIDER("cookie.<key>.provider", ConfigKey.REQUIRED,
            "Who sets or receives the cookie (the site's own name for a first-party cookie); at most 200 characters."),
    COOKIE_PURPOSE("cookie.<key>.purpose.<lang>", ConfigKey.REQUIRED,
            "What the cookie is for, in every language; at most 2000 characters."),
    COOKIE_RETENTION("cookie.<key>.retention", ConfigKey.REQUIRED,
            "`session`, or how long the cookie lives as a positive ISO-8601 period: `P30D`, `P13M`, `P1Y`."),
    COOKIE_PATH("cookie.<key>.path", "/",
            "The Path the cookie is set with, needed to expire it; starts with `/`, visible ASCII without `;`, "
                    + "at most 1024 characters."),
    COOKIE_DOMAIN("cookie.<key>.domain", null,
            "The Domain the cookie is set with (a host name; a leading `.` is ignored, letters are lowercased), "
                    + "needed to expire it. Unset for a host-only cookie."),
    COOKIE_THIRD_PARTY("cookie.<key>.third-party", "false",
            "`true` or `false`: whether a third party receives or reads the cookie."),
    BANNER_ENABLED("banner.enabled", "true",
            "`true` or `false`: whether Cookie Warden puts its banner (markup, stylesheet and scripts) into "
                    + "HTML pages. With `false` the site must offer the choice itself, through the consent endpoint, "
                    + "and a way to change it on every page."),
    BANNER_ERROR_PAGES("banner.error-pages", "false",
            "`true` or `false`: whether the banner also goes into `text/html` error pages (status 4xx and 5xx); "
                    + "otherwise only into pages with status 200."),
    BANNER_SETTINGS_LINK("banner.settings-link", "true",
            "`true` or `false`: whether every page gets the floating \"Cookie settings\" link that reopens the "
                    + "choices. Set `false` only when every page has an element of your own with the "
                    + "`data-cookie-warden-open` attribute: withdrawing must stay possible from every page."),
    BANNER_POLICY_URL("banner.policy-url", null,
            "The site's cookie policy, linked from the banner and the preference center: a path on this site "
                    + "starting with a single `/` (as the browser sees it, context path included), or an absolute "
                    + "`https://` URL; printable ASCII, at most 2048 characters. When unset, the banner links "
                    + "to the preference center only."),
    TEXT("text.<name>.<lang>", "(built-in English and French)",
            "Replaces one text of the banner in one language of `languages`; `<name>` is one of the names "
                    + "listed under [Banner](#banner); at most 2000 characters, shown as plain text."),
    CONSENT_MODE_ENABLED("consent-mode.enabled", "false",
            "`true` or `false`: whether pages set Google Consent Mode v2 defaults (every type denied unless "
                    + "granted) before any Google tag, and send an update after every choice."),
    CONSENT_MODE_WAIT_FOR_UPDATE("consent-mode.wait-for-update", "500",
            "Consent Mode's `wait_for_update`: how long Google tags wait for an update, in milliseconds, "
                    + "0 to 10000."),
    CONSENT_MODE_AD_STORAGE("consent-mode.ad_storage", "marketing",
            ConfigKey.CONSENT_TYPE + "`ad_storage` (advertising cookies)."),
    CONSENT_MODE_AD_USER_DATA("consent-mode.ad_user_data", "marketing",
            ConfigKey.CONSENT_TYPE + "`ad_user_data` (sending user data to Google for advertising)."),
    CONSENT_MODE_AD_PERSONALIZATION("consent-mode.ad_personalization", "marketing",
            ConfigKey.CONSENT_TYPE + "`ad_personalization` (personalised advertising)."),
    CONSENT_MODE_ANALYTICS_STORAGE("consent-mode.analytics_storage", "analytics",
            ConfigKey.CONSENT_TYPE + "`analytics_storage` (audience measurement cookies)."),
    CONSENT_MODE_FUNCTIONALITY_STORAGE("consent-mode.functionality_storage", "preferences",
            ConfigKey.CONSENT_TYPE + "`functionality_storage` (features such as the language)."),
    CONSENT_MODE_PERSONALIZATION_STORAGE("consent-mode.personalization_storage", "preferences",
            ConfigKey.CONSENT_TYPE + "`personalization_storage` (personalised content such as recommendations)."),
    CONSENT_MODE_SECURITY_STORAGE("consent-mode.security_storage", "granted",
            ConfigKey.CONSENT_TYPE + "`security_storage` (security, such as fraud prevention)."),
    POLICY_EFFECTIVE_DATE("policy.effective-date", null,
            "The date the current `policy.revision` took effect, `YYYY-MM-DD`; shown on the cookie policy page."),
    CONSENT_LOG_STORE("consent-log.store", "jsonl",
            "Where every choice is recorded as proof of consent: `jsonl` (append-only JSON Lines files in "
                    + "`data-dir`, zero setup), `jdbc` (PostgreSQL, for several nodes) or `none` (nothing is kept; "
                    + "a warning is logged at startup)."),
    CONSENT_LOG_RETENTION_DAYS("consent-log.retention-days", "1825",
            "How long consent records are kept, in days, 1 to 36500; older ones are purged daily. How long to keep "
                    + "proof of consent is the operator's decision: the default, 5 years, is the French civil "
                    + "limitation period during which the proof may be asked for."),
    CONSENT_LOG_IP_HASH("consent-log.ip-hash", "false",
            "`true` or `false`: whether each record keeps a keyed hash of the visitor's truncated IP address "
                    + "(IPv4 /24, IPv6 /48). A clear IP address is never stored."),
    CONSENT_LOG_JDBC_URL("consent-log.jdbc.url", null,
            "With `consent-log.store=jdbc`: the PostgreSQL JDBC URL, such as "
                    + "`jdbc:postgresql://db.internal:5432/shop`. Required then."),
    CONSENT_LOG_JDBC_USER("consent-log.jdbc.user", null,
            "With `consent-log.store=jdbc`: the database user. Required then."),
    CONSENT_LOG_JDBC_PASSWORD("consent-log.jdbc.password", null,
            "With `consent-log.store=jdbc`: the database password. Never logged."),
    CONSENT_LOG_JDBC_POOL_SIZE("consent-log.jdbc.pool-size", "4",
            "With `consent-log.store=jdbc`: connections in the pool, 1 to 64."),
    CONSENT_LOG_JDBC_QUEUE_SIZE("consent-log.jdbc.queue-size", "10000",
            "With `consent-log.store=jdbc`: records waiting for the database in memory, 100 to 1000000; records "
                    + "are also on local disk first, so a full queue loses nothing."),
    ADMIN_TOKEN("admin.token", null,
            "A secret of at least 32 printable ASCII characters that enables the admin endpoint (consent "
                    + "records and the cookie inventory), sent as the `X-Cookie-Warden-Token` header. Unset: the "
                    + "admin endpoint does not exist, and no request counts the cookies it sees for the "
                    + "inventory, which nothing else reads, nor does the banner's script report the names its guard "
                    + "refuses. Never logged.");

    /** Default text of a key that must be set. */
    static final String REQUIRED = "(required)";
    /** Default text of an optional key without a default. */
    static final String NONE = "(none)";

    /** The start of the description of every {@code consent-mode.<type>} key. */
    static final String CONSENT_TYPE = "What Google's consent type follows: a category id (granted when that "
            + "category is), `granted` (always) or `denied` (always); with `consent-mode.enabled=true` the category "
            + "must be listed in `categories`. Type: ";
    static final String CONSENT_MODE_PREFIX = "consent-mode.";

    static final String CATEGORY_PREFIX = "category.<id>.";
    static final String TEXT_PREFIX = "text.<name>.";
    static final String COOKIE_PREFIX = "cookie.<key>.";
    static final String LANG_SUFFIX = ".<lang>";

    private final String pattern;
    private final String defaultText;
    private final String description;

    ConfigKey(String pattern, String defaultText, String description) {
        this.pattern = pattern;
        this.defaultText = defaultText == null ? NONE : defaultText;
        this.description = description;
    }

    /** The key, with {@code <id>}, {@code <key>} and {@code <lang>} placeholders. */
    String pattern() {
        return pattern;
    }

    /**
     * The default exactly as the documentation's table shows it: {@code (required)}, {@code (none)},
     * a parenthesised remark, or a literal value (shown in backticks).
     */
    String defaultText() {
        return defaultText;
    }

    /** The documentation's table cell for the default. */
    String defaultCell() {
        return defaultText.startsWith("(") ? defaultText : "`" + defaultText + "`";
    }

    /** The literal default value, parsed like a configured one; empty when there is none. */
    Optional<String> literalDefault() {
        return defaultText.startsWith("(") ? Optional.empty() : Optional.of(defaultText);
    }

    String description() {
        return description;
    }

    boolean isCategoryKey() {
        return pattern.startsWith(CATEGORY_PREFIX);
    }

    boolean isCookieKey() {
        return pattern.startsWith(COOKIE_PREFIX);
    }

    boolean isTextKey() {
        return pattern.startsWith(TEXT_PREFIX);
    }

    boolean isPerLanguage() {
        return pattern.endsWith(LANG_SUFFIX);
    }

    /** The part after {@code category.<id>.} or {@code cookie.<key>.}, without {@code .<lang>}. */
    String attribute() {
        String rest = isCategoryKey() ? pattern.substring(CATEGORY_PREFIX.length())
                : isCookieKey() ? pattern.substring(COOKIE_PREFIX.length()) : pattern;
        return isPerLanguage() ? rest.substring(0, rest.length() - LANG_SUFFIX.length()) : rest;
    }

    /** The key for one category or cookie (and language, for a per-language key). */
    String of(String owner, String lang) {
        String k = pattern.replace("<id>", owner).replace("<key>", owner).replace("<name>", owner);
        return lang == null ? k : k.replace("<lang>", lang);
    }

    String of(String owner) {
        return of(owner, null);
    }

    /** The keys that are not per category, per cookie or per text, in documentation order. */
    static List<ConfigKey> globals() {
        List<ConfigKey> out = new ArrayList<>();
        for (ConfigKey k : values()) {
            if (!k.isCategoryKey() && !k.isCookieKey() && !k.isTextKey()) {
                out.add(k);
            }
        }
        return out;
    }

    /**
     * The per-category (or per-cookie) key whose attribute part is {@code rest}: for example
     * {@code label.fr} resolves to {@link #CATEGORY_LABEL} with language {@code fr}.
     */
    static Optional<Resolved> resolve(boolean category, String rest) {
        for (ConfigKey k : values()) {
            if (category ? !k.isCategoryKey() : !k.isCookieKey()) {
                continue;
            }
            String attr = k.attribute();
            if (k.isPerLanguage()) {
                if (rest.startsWith(attr + ".") && rest.length() > attr.length() + 1) {
                    return Optional.of(new Resolved(k, rest.substring(attr.length() + 1)));
                }
            } else if (rest.equals(attr)) {
                return Optional.of(new Resolved(k, null));
            }
        }
        return Optional.empty();
    }

    /** The seven {@code consent-mode.<type>} keys, in documentation order. */
    static List<ConfigKey> consentModeTypes() {
        return List.of(CONSENT_MODE_AD_STORAGE, CONSENT_MODE_AD_USER_DATA, CONSENT_MODE_AD_PERSONALIZATION,
                CONSENT_MODE_ANALYTICS_STORAGE, CONSENT_MODE_FUNCTIONALITY_STORAGE,
                CONSENT_MODE_PERSONALIZATION_STORAGE, CONSENT_MODE_SECURITY_STORAGE);
    }

    /** For a {@code consent-mode.<type>} key, Google's name of the type: {@code ad_storage}. */
    String consentModeType() {
        return pattern.substring(CONSENT_MODE_PREFIX.length());
    }

    /** Patterns of the keys in a scope, for error messages: "category.<id>.required, ...". */
    static String patterns(boolean category) {
        List<String> out = new ArrayList<>();
        for (ConfigKey k : values()) {
            if (category ? k.isCategoryKey() : k.isCookieKey()) {
                out.add(k.pattern);
            }
        }
        return String.join(", ", out);
    }

    /** A resolved per-category or per-cookie key; {@code lang} is null unless the key is per language. */
    record Resolved(ConfigKey key, String lang) {
    }
}
