package dev.cookiewarden.enforce;

import dev.cookiewarden.config.Category;
import dev.cookiewarden.config.CookieDeclaration;
import dev.cookiewarden.config.WardenConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, from a cookie's name and the categories the visitor granted, whether the cookie may
 * pass. Immutable and thread-safe: one instance serves every request.
 */
public final class CookiePolicy {
    /** Browsers cap every cookie's lifetime at 400 days (RFC 6265bis 5.6.1); so do we. */
    public static final Duration HARD_LIFETIME_CAP = Duration.ofDays(400);

    private final WardenConfig config;
    private final CookieClassifier classifier;
    private final Set<String> consentCookieNames;
    private final Set<String> requiredCategories;
    private final Verdict undeclared;

    /**
     * @param config the configuration
     * @param consentCookieNames the names the filter's own consent cookie may have (plain and
     *     {@code __Host-}); applications may neither write nor see forged ones
     */
    public CookiePolicy(WardenConfig config, Set<String> consentCookieNames) {
        this.config = config;
        this.classifier = new CookieClassifier(config.cookies());
        this.consentCookieNames = Set.copyOf(consentCookieNames);
        this.requiredCategories = Set.copyOf(config.categories().stream()
                .filter(Category::required).map(Category::id).toList());
        this.undeclared = switch (config.undeclaredMode()) {
            case BLOCK -> Verdict.UNDECLARED_BLOCKED;
            case REPORT_ONLY -> Verdict.UNDECLARED_REPORTED;
            case ALLOW -> Verdict.UNDECLARED_ALLOWED;
        };
    }

    /** The verdict for an application cookie called {@code name} under {@code granted}. */
    public Verdict verdict(String name, Set<String> granted) {
        return verdict(name, classifier.classify(name), granted);
    }

    /**
     * The same, for a caller that already has the name's {@link #declaration}: the request path
     * needs both, and classifying a name twice would cost twice.
     */
    Verdict verdict(String name, Optional<CookieDeclaration> declaration, Set<String> granted) {
        if (name.isEmpty() || consentCookieNames.contains(name)) {
            return Verdict.FORBIDDEN;
        }
        if (declaration.isEmpty()) {
            return undeclared;
        }
        String category = declaration.get().categoryId();
        if (requiredCategories.contains(category)) {
            return Verdict.REQUIRED;
        }
        return granted.contains(category) ? Verdict.GRANTED : Verdict.NOT_GRANTED;
    }

    /** The declaration for {@code name}, if any. */
    public Optional<CookieDeclaration> declaration(String name) {
        return classifier.classify(name);
    }

    /** Whether {@code name} is one of the consent cookie's names. */
    public boolean isConsentCookie(String name) {
        return consentCookieNames.contains(name);
    }

    /**
     * The longest lifetime a cookie with this verdict may have: the configured cap for
     * non-essential cookies (CNIL: 13 months), the browsers' 400 days for the others.
     */
    public Duration lifetimeCap(Verdict verdict) {
        return verdict == Verdict.REQUIRED || verdict == Verdict.UNDECLARED_ALLOWED
                ? HARD_LIFETIME_CAP : config.maxCookieLifetime();
    }

    /** Ids of the required categories. */
    public Set<String> requiredCategories() {
        return requiredCategories;
    }

    @Override
    public String toString() {
        return "CookiePolicy[" + classifier + ", undeclared=" + config.undeclaredMode().value()
                + ", required=" + requiredCategories + "]";
    }
}
