package dev.cookiewarden.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole Cookie Warden configuration: parsed and validated once, then immutable and
 * thread-safe. Build one with {@link WardenConfigParser}; every key and its default is listed in
 * {@code docs/CONFIGURATION.md}.
 */
public final class WardenConfig {
    private final int policyRevision;
    private final List<String> languages;
    private final String defaultLanguage;
    private final Duration consentValidity;
    private final String consentCookieName;
    private final SecureMode consentSecure;
    private final Duration maxCookieLifetime;
    private final UndeclaredMode undeclaredMode;
    private final List<SigningKey> signingKeys;
    private final Path dataDirectory;
    private final String endpointPrefix;
    private final boolean honorGpc;
    private final List<Category> categories;
    private final Map<String, Category> categoriesById;
    private final List<CookieDeclaration> cookies;
    private final boolean bannerEnabled;
    private final boolean bannerErrorPages;
    private final boolean bannerSettingsLink;
    private final String bannerPolicyUrl;
    private final LocalDate policyEffectiveDate;
    private final ConsentLogStore consentLogStore;
    private final Duration consentLogRetention;
    private final boolean consentLogIpHash;
    private final String jdbcUrl;
    private final String jdbcUser;
    private final String jdbcPassword;
    private final int jdbcPoolSize;
    private final int jdbcQueueSize;
    private final String adminToken;
    private final Map<String, Map<String, String>> textOverrides;
    private final boolean consentMode;
    private final int consentModeWaitMillis;
    private final Map<String, String> consentModeMapping;

    WardenConfig(Builder b) {
        this.policyRevision = b.policyRevision;
        this.languages = List.copyOf(b.languages);
        this.defaultLanguage = b.defaultLanguage;
        this.consentValidity = b.consentValidity;
        this.consentCookieName = b.consentCookieName;
        this.consentSecure = b.consentSecure;
        this.maxCookieLifetime = b.maxCookieLifetime;
        this.undeclaredMode = b.undeclaredMode;
        this.signingKeys = List.copyOf(b.signingKeys);
        this.dataDirectory = b.dataDirectory;
        this.endpointPrefix = b.endpointPrefix;
        this.honorGpc = b.honorGpc;
        this.categories = List.copyOf(b.categories);
        Map<String, Category> byId = new LinkedHashMap<>();
        for (Category c : categories) {
            byId.put(c.id(), c);
        }
        this.categoriesById = Map.copyOf(byId);
        this.cookies = List.copyOf(b.cookies);
        this.bannerEnabled = b.bannerEnabled;
        this.bannerErrorPages = b.bannerErrorPages;
        this.bannerSettingsLink = b.bannerSettingsLink;
        this.bannerPolicyUrl = b.bannerPolicyUrl;
        this.policyEffectiveDate = b.policyEffectiveDate;
        this.consentLogStore = b.consentLogStore;
        this.consentLogRetention = b.consentLogRetention;
        this.consentLogIpHash = b.consentLogIpHash;
        this.jdbcUrl = b.jdbcUrl;
        this.jdbcUser = b.jdbcUser;
        this.jdbcPassword = b.jdbcPassword;
        this.jdbcPoolSize = b.jdbcPoolSize;
        this.jdbcQueueSize = b.jdbcQueueSize;
        this.adminToken = b.adminToken;
        Map<String, Map<String, String>> texts = new LinkedHashMap<>();
        b.textOverrides.forEach((name, perLanguage) ->
                texts.put(name, Collections.unmodifiableMap(new LinkedHashMap<>(perLanguage))));
        this.textOverrides = Collections.unmodifiableMap(texts);
        this.consentMode = b.consentMode;
        this.consentModeWaitMillis = b.consentModeWaitMillis;
        this.consentModeMapping = Collections.unmodifiableMap(new LinkedHashMap<>(b.consentModeMapping));
    }

    /** {@code policy.revision}: bumping it asks every visitor again. Default 1. */
    public int policyRevision() {
        return policyRevision;
    }

    /** {@code languages}: the language tags every text is given in. Default {@code en,fr}. */
    public List<String> languages() {
        return languages;
    }

    /** {@code language.default}: used when the visitor's languages match none. Default {@code en}. */
    public String defaultLanguage() {
        return defaultLanguage;
    }

    /** {@code consent.validity-days}: how long a choice holds. Default 182 days. */
    public Duration consentValidity() {
        return consentValidity;
    }

    /** {@code consent.cookie-name}: the consent cookie's name before any {@code __Host-} prefix. */
    public String consentCookieName() {
        return consentCookieName;
    }

    /** {@code consent.secure}: when the consent cookie is Secure and {@code __Host-}. Default auto. */
    public SecureMode consentSecure() {
        return consentSecure;
    }

    /** {@code cookies.max-lifetime-days}: cap on non-essential cookie lifetimes. Default 395 days. */
    public Duration maxCookieLifetime() {
        return maxCookieLifetime;
    }

    /** {@code cookies.undeclared}: what happens to undeclared cookies. Default block. */
    public UndeclaredMode undeclaredMode() {
        return undeclaredMode;
    }

    /** {@code keys}: the configured signing keys, the first signs; empty when none is configured. */
    public List<SigningKey> signingKeys() {
        return signingKeys;
    }

    /** {@code data-dir}: where generated keys (and later records) are kept, if configured. */
    public Optional<Path> dataDirectory() {
        return Optional.ofNullable(dataDirectory);
    }

    /** {@code endpoint.prefix}: the path prefix of the filter's own endpoints. Default {@code /cookie-consent}. */
    public String endpointPrefix() {
        return endpointPrefix;
    }

    /** {@code gpc.honor}: whether {@code Sec-GPC: 1} refuses GPC-sensitive categories. Default true. */
    public boolean honorGpc() {
        return honorGpc;
    }

    /** The categories in display order. */
    public List<Category> categories() {
        return categories;
    }

    /** The category with this id. */
    public Optional<Category> category(String id) {
        return Optional.ofNullable(categoriesById.get(id));
    }

    /** Every declared cookie, in the order of their keys. */
    public List<CookieDeclaration> cookies() {
        return cookies;
    }

    /**
     * {@code banner.enabled}: whether the banner (markup, stylesheet, scripts) is put into HTML
     * pages. Default true.
     */
    public boolean bannerEnabled() {
        return bannerEnabled;
    }

    /**
     * {@code banner.error-pages}: whether the banner also goes into {@code text/html} pages with
     * a 4xx or 5xx status. Default false.
     */
    public boolean bannerErrorPages() {
        return bannerErrorPages;
    }

    /**
     * {@code banner.settings-link}: whether every page gets the floating "Cookie settings" link;
     * false when the site has its own element with {@code data-cookie-warden-open}. Default true.
     */
    public boolean bannerSettingsLink() {
        return bannerSettingsLink;
    }

    /**
     * {@code banner.policy-url}: the site's cookie policy, a path on this site (context path
     * included) or an absolute {@code https://} URL. Default none.
     */
    public Optional<String> bannerPolicyUrl() {
        return Optional.ofNullable(bannerPolicyUrl);
    }

    /**
     * {@code text.<name>.<lang>}: the banner texts the site replaces, message name (a
     * {@link MessageKey#key()}) to language to text, in {@link MessageKey} order and then the order
     * of {@link #languages()}; only the texts configured. Default none: every text built in.
     */
    public Map<String, Map<String, String>> textOverrides() {
        return textOverrides;
    }

    /**
     * {@code consent-mode.enabled}: whether pages set Google Consent Mode v2 defaults and send
     * updates. Default false.
     */
    public boolean consentMode() {
        return consentMode;
    }

    /** {@code consent-mode.wait-for-update}: Consent Mode's {@code wait_for_update}, in ms. Default 500. */
    public int consentModeWaitMillis() {
        return consentModeWaitMillis;
    }

    /**
     * {@code consent-mode.<type>}: for each of Google's seven consent types, in the documented order
     * ({@code ad_storage, ad_user_data, ad_personalization, analytics_storage,
     * functionality_storage, personalization_storage, security_storage}), the category id it
     * follows, or {@code granted} or {@code denied}. Defaults: the three {@code ad_*} types
     * {@code marketing}, {@code analytics_storage} {@code analytics}, {@code functionality_storage}
     * and {@code personalization_storage} {@code preferences}, {@code security_storage}
     * {@code granted}. Only checked against the categories when {@link #consentMode()} is true.
     */
    public Map<String, String> consentModeMapping() {
        return consentModeMapping;
    }

    /** {@code policy.effective-date}: when the current revision took effect, if configured. */
    public Optional<LocalDate> policyEffectiveDate() {
        return Optional.ofNullable(policyEffectiveDate);
    }

    /** {@code consent-log.store}: where proof of consent is kept. Default jsonl. */
    public ConsentLogStore consentLogStore() {
        return consentLogStore;
    }

    /** {@code consent-log.retention-days}: how long consent records are kept. Default 1825 days. */
    public Duration consentLogRetention() {
        return consentLogRetention;
    }

    /** {@code consent-log.ip-hash}: whether records keep a keyed hash of the truncated IP. Default false. */
    public boolean consentLogIpHash() {
        return consentLogIpHash;
    }

    /** {@code consent-log.jdbc.url}, if configured. */
    public Optional<String> jdbcUrl() {
        return Optional.ofNullable(jdbcUrl);
    }

    /** {@code consent-log.jdbc.user}, if configured. */
    public Optional<String> jdbcUser() {
        return Optional.ofNullable(jdbcUser);
    }

    /** {@code consent-log.jdbc.password}, if configured; never logged. */
    public Optional<String> jdbcPassword() {
        return Optional.ofNullable(jdbcPassword);
    }

    /** {@code consent-log.jdbc.pool-size}. Default 4. */
    public int jdbcPoolSize() {
        return jdbcPoolSize;
    }

    /** {@code consent-log.jdbc.queue-size}. Default 10000. */
    public int jdbcQueueSize() {
        return jdbcQueueSize;
    }

    /** {@code admin.token}: enables the admin endpoint when set; never logged. */
    public Optional<String> adminToken() {
        return Optional.ofNullable(adminToken);
    }

    /**
     * Whether the cookie inventory is kept: only with {@code admin.token}, since the admin
     * endpoint is its one reader. Without it no request counts the cookies it sees and the
     * banner's script reports no refused name.
     */
    public boolean keepsInventory() {
        return adminToken != null;
    }

    @Override
    public String toString() {
        return "WardenConfig[revision=" + policyRevision
                + ", categories=" + Category.ids(categories)
                + ", cookies=" + cookies.size()
                + ", undeclared=" + undeclaredMode.value()
                + ", validity=" + consentValidity.toDays() + "d"
                + ", maxLifetime=" + maxCookieLifetime.toDays() + "d"
                + ", keys=" + signingKeys.stream().map(SigningKey::id).toList()
                + ", prefix=" + endpointPrefix
                + ", secure=" + consentSecure.value()
                + ", gpc=" + honorGpc
                + ", languages=" + languages
                + ", banner=" + (bannerEnabled ? "on" : "off")
                + (bannerErrorPages ? "+error-pages" : "")
                + (bannerSettingsLink ? "" : ", settingsLink=off")
                + (bannerPolicyUrl == null ? "" : ", policyUrl=" + bannerPolicyUrl)
                + (textOverrides.isEmpty() ? "" : ", texts=" + textOverrides.keySet())
                + ", consentMode=" + (consentMode ? consentModeMapping + " wait=" + consentModeWaitMillis + "ms" : "off")
                + ", consentLog=" + consentLogStore.value() + " " + consentLogRetention.toDays() + "d"
                + (consentLogIpHash ? "+ipHash" : "")
                + (jdbcUrl == null ? "" : ", jdbc=" + jdbcUrl.replaceAll("\\?.*", ""))
                + ", admin=" + (adminToken == null ? "off" : "on")
                + "]";
    }

    /** Mutable holder filled by the parser; not thread-safe, not public. */
    static final class Builder {
        int policyRevision = 1;
        List<String> languages = List.of("en", "fr");
        String defaultLanguage = "en";
        Duration consentValidity = Duration.ofDays(182);
        String consentCookieName = "cookie_warden";
        SecureMode consentSecure = SecureMode.AUTO;
        Duration maxCookieLifetime = Duration.ofDays(395);
        UndeclaredMode undeclaredMode = UndeclaredMode.BLOCK;
        List<SigningKey> signingKeys = List.of();
        Path dataDirectory;
        String endpointPrefix = "/cookie-consent";
        boolean honorGpc = true;
        List<Category> categories = List.of();
        List<CookieDeclaration> cookies = List.of();
        boolean bannerEnabled = true;
        boolean bannerErrorPages = false;
        boolean bannerSettingsLink = true;
        String bannerPolicyUrl;
        LocalDate policyEffectiveDate;
        ConsentLogStore consentLogStore = ConsentLogStore.JSONL;
        Duration consentLogRetention = Duration.ofDays(1825);
        boolean consentLogIpHash;
        String jdbcUrl;
        String jdbcUser;
        String jdbcPassword;
        int jdbcPoolSize = 4;
        int jdbcQueueSize = 10_000;
        String adminToken;
        Map<String, Map<String, String>> textOverrides = Map.of();
        boolean consentMode = false;
        int consentModeWaitMillis = 500;
        Map<String, String> consentModeMapping = ConsentModeSection.defaults();

        WardenConfig build() {
            return new WardenConfig(this);
        }
    }
}
