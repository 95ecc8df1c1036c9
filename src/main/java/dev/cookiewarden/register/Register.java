package dev.cookiewarden.register;

import dev.cookiewarden.banner.Messages;
import dev.cookiewarden.config.Category;
import dev.cookiewarden.config.CookieDeclaration;
import dev.cookiewarden.config.MessageKey;
import dev.cookiewarden.config.SecureMode;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.consent.ConsentCookies;
import java.time.Period;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the policy page, the JSON and the CSV all show, built once from the configuration: the
 * categories in display order, each with its cookies in declaration order, and the consent cookie
 * that Cookie Warden itself sets. The consent cookie is listed first under the first required
 * category, the one for exempt cookies (CNIL: the cookie that keeps a choice is exempt); when
 * no category is required it gets a group of its own, {@link #TOOL_GROUP_ID}. Immutable.
 */
final class Register {
    /** The id of the consent cookie's own group: starts with {@code _}, so never a configured category id. */
    static final String TOOL_GROUP_ID = "_cookie-warden";
    /** The label of that group in every language: the name of the tool, not translated. */
    static final String TOOL_GROUP_LABEL = "Cookie Warden";

    /** One cookie as listed; texts per configured language. */
    record Entry(String name, Map<String, String> providers, Map<String, String> purposes,
                 Optional<Period> retention, boolean thirdParty, String path, String domain) {
    }

    /** One category (or the tool's own group) with its cookies; texts per configured language. */
    record Group(String id, boolean required, Map<String, String> labels, Map<String, String> descriptions,
                 List<Entry> entries) {
    }

    private final List<String> languages;
    private final String defaultLanguage;
    private final List<Group> groups;

    Register(WardenConfig config, Messages messages) {
        this.languages = config.languages();
        this.defaultLanguage = config.defaultLanguage();
        Entry consentCookie = consentCookie(config, messages);
        List<Group> all = new ArrayList<>();
        boolean placed = false;
        for (Category c : config.categories()) {
            List<Entry> entries = new ArrayList<>();
            if (c.required() && !placed) {
                entries.add(consentCookie);
                placed = true;
            }
            for (CookieDeclaration d : config.cookies()) {
                if (d.categoryId().equals(c.id())) {
                    entries.add(entry(d));
                }
            }
            all.add(new Group(c.id(), c.required(), perLanguage(c::label), perLanguage(c::description),
                    List.copyOf(entries)));
        }
        if (!placed) {
            all.add(new Group(TOOL_GROUP_ID, true, perLanguage((lang, fallback) -> TOOL_GROUP_LABEL),
                    perLanguage((lang, fallback) -> messages.text(MessageKey.CONSENT_TOOL, lang)),
                    List.of(consentCookie)));
        }
        this.groups = List.copyOf(all);
    }

    /** A text function of (language, fallback language). */
    private interface Localized {
        String in(String language, String fallback);
    }

    private Map<String, String> perLanguage(Localized text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String lang : languages) {
            m.put(lang, text.in(lang, defaultLanguage));
        }
        return Collections.unmodifiableMap(m);
    }

    private Entry entry(CookieDeclaration d) {
        return new Entry(d.namePattern(), perLanguage((lang, fallback) -> d.provider()), perLanguage(d::purpose),
                d.retention(), d.thirdParty(), d.path(), d.domain());
    }

    /**
     * The consent cookie. With {@code consent.secure=always} its name always carries the
     * {@code __Host-} prefix; otherwise the configured name is listed (with {@code auto}, secure
     * requests get the prefixed variant). Host-only, {@code Path=/}, first party, valid for
     * {@code consent.validity-days}.
     */
    private Entry consentCookie(WardenConfig config, Messages messages) {
        String name = config.consentSecure() == SecureMode.ALWAYS
                ? ConsentCookies.HOST_PREFIX + config.consentCookieName() : config.consentCookieName();
        return new Entry(name,
                perLanguage((lang, fallback) -> messages.text(MessageKey.CONSENT_COOKIE_PROVIDER, lang)),
                perLanguage((lang, fallback) -> messages.text(MessageKey.CONSENT_COOKIE_PURPOSE, lang)),
                Optional.of(Period.ofDays(Math.toIntExact(config.consentValidity().toDays()))), false, "/", null);
    }

    List<String> languages() {
        return languages;
    }

    String defaultLanguage() {
        return defaultLanguage;
    }

    List<Group> groups() {
        return groups;
    }

    /** {@code texts} in {@code language}, else in the default language. */
    String in(Map<String, String> texts, String language) {
        String s = texts.get(language);
        return s != null ? s : texts.get(defaultLanguage);
    }
}
