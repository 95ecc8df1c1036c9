package dev.cookiewarden.inventory;

import dev.cookiewarden.config.Category;
import dev.cookiewarden.config.CookieDeclaration;
import dev.cookiewarden.config.CookieNames;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.enforce.CookieClassifier;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Period;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * Writes, for a cookie the configuration does not declare, the {@code cookie.<key>.*} lines an
 * operator can paste into {@code cookie-warden.properties}, for the configuration the filter runs.
 *
 * <p>When the {@link CookieCatalog} knows the cookie, the suggestion declares the catalog's name
 * (a glob such as {@code _ga_*} covers the whole family), category, provider, purposes and
 * retention, ready to paste: the lines are accepted by
 * {@link dev.cookiewarden.config.WardenConfigParser} as they are. The retention is cut to what the
 * filter lets the cookie live ({@code cookies.max-lifetime-days} for a non-required category, 400
 * days otherwise), so that visitors are told the lifetime they get. A language the catalog lacks
 * gets the English purpose, with a comment asking for a translation.
 *
 * <p>Otherwise, and whenever the catalog's answer does not fit the configuration (its category is
 * not one of {@code categories}, or it would cover the consent cookie), every line is a comment:
 * pasting it changes nothing, and the cookie stays undeclared (blocked by default) until the
 * operator has found out who sets it. A suggestion never guesses a category for an unknown cookie.
 *
 * <p>Values are escaped by {@link Properties#store(java.io.Writer, String)}; comment lines carry
 * cookie names only in their display form (printable ASCII), so a hostile name cannot inject a
 * line. Immutable and thread-safe.
 */
public final class DeclarationSuggester {
    /** The browsers' cap on any cookie's lifetime (RFC 6265bis), applied to required categories. */
    static final int BROWSER_CAP_DAYS = 400;
    static final int MAX_KEY = 64;

    private final CookieCatalog catalog;
    private final WardenConfig config;
    private final CookieClassifier declared;
    private final Set<String> existingKeys;

    /**
     * @param catalog where known cookies are looked up, usually {@link CookieCatalog#builtIn()}
     * @param config the configuration the suggestions must fit
     */
    public DeclarationSuggester(CookieCatalog catalog, WardenConfig config) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.config = Objects.requireNonNull(config, "config");
        this.declared = new CookieClassifier(config.cookies());
        Set<String> keys = new HashSet<>();
        for (CookieDeclaration d : config.cookies()) {
            keys.add(d.key());
        }
        this.existingKeys = Set.copyOf(keys);
    }

    /**
     * A suggestion for one cookie name.
     *
     * @param cookieName the name as seen (a display name from {@link CookieInventory} will do)
     */
    public Suggestion suggest(String cookieName) {
        return suggest(cookieName, new HashSet<>(existingKeys));
    }

    /**
     * Suggestions for several names, whose lines can be pasted together: declaration keys are
     * distinct, and names that the same catalog entry covers get one suggestion (for the first).
     */
    public List<Suggestion> suggestAll(Collection<String> cookieNames) {
        Set<String> keys = new HashSet<>(existingKeys);
        Set<String> entriesDone = new HashSet<>();
        List<Suggestion> out = new ArrayList<>();
        for (String name : cookieNames) {
            Optional<CatalogEntry> entry = catalog.suggest(name);
            if (entry.isPresent() && declared.classify(name).isEmpty() && !entriesDone.add(entry.get().name())) {
                continue;
            }
            out.add(suggest(name, keys));
        }
        return List.copyOf(out);
    }

    private Suggestion suggest(String cookieName, Set<String> usedKeys) {
        String shown = DisplayName.of(cookieName);
        Lines lines = new Lines();
        if (cookieName == null || cookieName.isEmpty()) {
            lines.comment("A cookie without a name cannot be declared.");
            return new Suggestion(shown, Optional.empty(), null, false, lines.list());
        }
        Optional<CookieDeclaration> existing = declared.classify(cookieName);
        if (existing.isPresent()) {
            lines.comment(shown + " is already declared by cookie." + existing.get().key() + ".*");
            return new Suggestion(shown, Optional.empty(), null, false, lines.list());
        }
        if (coversConsentCookie(cookieName)) {
            lines.comment(shown + " is Cookie Warden's own consent cookie: it is always allowed and must not be declared.");
            return new Suggestion(shown, Optional.empty(), null, false, lines.list());
        }
        Optional<CatalogEntry> found = catalog.suggest(cookieName);
        if (found.isEmpty()) {
            unknown(cookieName, shown, lines);
            return new Suggestion(shown, Optional.empty(), null, false, lines.list());
        }
        CatalogEntry entry = found.get();
        String key = allocateKey(entry.name(), usedKeys);
        Optional<String> category = category(entry.category());
        boolean ready = category.isPresent() && !coversConsentCookie(entry.name());

        lines.comment(shown + (entry.name().equals(cookieName) ? "" : " (declared as " + entry.name() + ")")
                + ": " + entry.provider() + ", from Cookie Warden's catalog. Check it against your site before relying on it.");
        lines.comment("Source: " + entry.source() + ".");
        entry.note().ifPresent(n -> lines.comment("Note: " + n + "."));
        if (category.isEmpty()) {
            lines.comment("The catalog files it under [" + entry.category() + "], which is not one of categories "
                    + Category.ids(config.categories()) + ": choose one, then uncomment these lines.");
        } else if (!ready) {
            lines.comment("Its pattern would also cover the consent cookie [" + config.consentCookieName()
                    + "]: declare the exact name instead, then uncomment these lines.");
        }
        String prefix = "cookie." + key + ".";
        lines.property(prefix + "name", entry.name(), !ready);
        lines.property(prefix + "category", category.orElse(entry.category()), !ready);
        lines.property(prefix + "provider", entry.provider(), !ready);
        for (String lang : config.languages()) {
            if (!entry.purposes().containsKey(lang)) {
                lines.comment("The catalog has no [" + lang + "] purpose: the English one below needs translating.");
            }
            lines.property(prefix + "purpose." + lang, entry.purpose(lang), !ready);
        }
        retention(entry, category.orElse(entry.category()), prefix, lines, !ready);
        if (entry.thirdParty()) {
            lines.property(prefix + "third-party", "true", !ready);
        }
        lines.comment("If it is set with a Domain attribute or a Path other than /, add " + prefix + "domain or "
                + prefix + "path: Cookie Warden needs them to delete it.");
        return new Suggestion(shown, Optional.of(entry), key, ready, lines.list());
    }

    private void unknown(String cookieName, String shown, Lines lines) {
        lines.comment("Unknown cookie: find who sets it and what for, then fill in and uncomment these lines.");
        lines.comment("Name as seen: [" + shown + "]. Until it is declared, it is treated as not exempt.");
        if (!DisplayName.isClean(cookieName) || !CookieNames.isToken(cookieName)) {
            lines.comment("Its name is not a valid cookie name (RFC 9110 token), so it cannot be declared as it is: "
                    + "whatever sets it sends malformed cookies.");
        }
        String key = "cookie." + sanitiseKey(cookieName) + ".";
        lines.comment(key + "name=" + (CookieNames.isToken(cookieName) && DisplayName.isClean(cookieName) ? cookieName : ""));
        lines.comment(key + "category=" + String.join(" | ", Category.ids(config.categories())));
        lines.comment(key + "provider=");
        for (String lang : config.languages()) {
            lines.comment(key + "purpose." + lang + "=");
        }
        lines.comment(key + "retention=session | P1D | P6M | P13M");
    }

    /**
     * The catalog's category, if the configuration has it. A catalog {@code necessary} cookie goes
     * to the configuration's only required category when it has exactly one under another name.
     */
    private Optional<String> category(String catalogCategory) {
        List<String> ids = Category.ids(config.categories());
        if (ids.contains(catalogCategory)) {
            return Optional.of(catalogCategory);
        }
        if (catalogCategory.equals("necessary")) {
            List<String> required = config.categories().stream().filter(Category::required).map(Category::id).toList();
            if (required.size() == 1) {
                return Optional.of(required.get(0));
            }
        }
        return Optional.empty();
    }

    private void retention(CatalogEntry entry, String category, String prefix, Lines lines, boolean commented) {
        if (entry.retention().isEmpty()) {
            lines.property(prefix + "retention", "session", commented);
            return;
        }
        Period asked = entry.retention().get();
        boolean required = config.category(category).map(Category::required).orElse(false);
        long capDays = required ? BROWSER_CAP_DAYS : Math.min(BROWSER_CAP_DAYS, config.maxCookieLifetime().toDays());
        if (approximateDays(asked) <= capDays) {
            lines.property(prefix + "retention", asked.toString(), commented);
            return;
        }
        Period capped = period(capDays);
        lines.comment(entry.provider() + " sets it for " + asked + "; Cookie Warden "
                + (required ? "(like browsers) keeps no cookie longer than " + BROWSER_CAP_DAYS + " days"
                        : "cuts non-essential cookies to cookies.max-lifetime-days (" + capDays + " days)")
                + ", so it is declared with the lifetime it gets.");
        lines.property(prefix + "retention", capped.toString(), commented);
    }

    /** Days a period lasts at most in an average calendar, floored: P13M is 395 days, P1Y 365. */
    static long approximateDays(Period p) {
        return (long) Math.floor(p.toTotalMonths() * (365.25 / 12)) + p.getDays();
    }

    /** A readable period of {@code days}: P13M for the CNIL's 395 days, whole years, else days. */
    static Period period(long days) {
        if (days == 395) {
            return Period.ofMonths(13);
        }
        if (days % 365 == 0) {
            return Period.ofYears((int) (days / 365));
        }
        return Period.ofDays((int) days);
    }

    private boolean coversConsentCookie(String pattern) {
        String consent = config.consentCookieName();
        for (String prefix : List.of("", "__Host-", "__Secure-", "__host-", "__secure-")) {
            if (CookieNames.matches(pattern, prefix + consent)) {
                return true;
            }
        }
        return false;
    }

    /** A key for {@code catalogName} not in {@code used} (and then added to it): {@code ga}, else {@code ga-2}, {@code ga-3}... */
    static String allocateKey(String catalogName, Set<String> used) {
        String base = sanitiseKey(catalogName);
        String key = base;
        for (int n = 2; !used.add(key); n++) {
            String suffix = "-" + n;
            key = trimEnd(base.substring(0, Math.min(base.length(), MAX_KEY - suffix.length()))) + suffix;
        }
        return key;
    }

    /**
     * A declaration key ({@code [a-z0-9][a-z0-9_-]{0,63}}) that recalls {@code name}: lower case,
     * other characters as {@code -}, no leading or trailing separator; {@code cookie} when nothing is left.
     */
    static String sanitiseKey(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < name.length() && out.length() < MAX_KEY; i++) {
            char c = Character.toLowerCase(name.charAt(i));
            boolean alnum = c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
            if (alnum || c == '_' || c == '-') {
                if (out.length() > 0 || alnum) {
                    out.append(c);
                }
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != '-') {
                out.append('-');
            }
        }
        String key = trimEnd(out.toString());
        return key.isEmpty() ? "cookie" : key;
    }

    private static String trimEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '-' || s.charAt(end - 1) == '_')) {
            end--;
        }
        return s.substring(0, end);
    }

    @Override
    public String toString() {
        return "DeclarationSuggester[" + catalog + ", " + existingKeys.size() + " declared keys]";
    }

    /**
     * One suggestion. Immutable.
     *
     * @param cookieName the name it was made for, in display form
     * @param entry the catalog entry it is based on, or empty when the catalog does not know the cookie
     * @param key the declaration key it uses, or null when it declares nothing
     * @param ready true when the lines declare the cookie and can be pasted as they are; false
     *     when every line is a comment the operator must complete
     * @param lines the properties lines, without line terminators
     */
    public record Suggestion(String cookieName, Optional<CatalogEntry> entry, String key, boolean ready,
                             List<String> lines) {
        public Suggestion {
            Objects.requireNonNull(cookieName, "cookieName");
            Objects.requireNonNull(entry, "entry");
            lines = List.copyOf(lines);
        }

        /** The lines joined, each ended by {@code \n}. */
        public String text() {
            StringBuilder out = new StringBuilder();
            for (String line : lines) {
                out.append(line).append('\n');
            }
            return out.toString();
        }
    }

    /** Collects comment and property lines. */
    private static final class Lines {
        private final List<String> lines = new ArrayList<>();

        void comment(String text) {
            lines.add("# " + DisplayName.ofText(text));
        }

        /** One {@code key=value} line escaped by {@link Properties#store}, commented out when asked. */
        void property(String key, String value, boolean commented) {
            Properties one = new Properties();
            one.setProperty(key, value);
            StringWriter out = new StringWriter();
            try {
                one.store(out, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a StringWriter does not fail
            }
            // store() writes a date comment first; the entry itself is one line (it escapes line breaks).
            for (String line : out.toString().split("\r\n|\r|\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    lines.add(commented ? "# " + line : line);
                }
            }
        }

        List<String> list() {
            return lines;
        }
    }
}
