package dev.cookiewarden.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The name of every text the banner and the preference center show, as written in
 * {@code text.<name>.<lang>} to override it. The built-in English and French texts live with the
 * renderer ({@code dev.cookiewarden.banner.Messages}); the names live here because the parser
 * must refuse an unknown one and the configuration depends on nothing else of ours.
 */
public enum MessageKey {
    /** First layer: the heading. */
    BANNER_TITLE("banner-title"),
    /** First layer: who sets cookies, what accepting and refusing do, how to change one's mind. */
    BANNER_TEXT("banner-text"),
    /** First layer: the words before the list of optional purposes ("Purposes:"). */
    BANNER_PURPOSES("banner-purposes"),
    /** First layer: the link to the preference center, which lists every cookie. */
    DETAILS_LINK("details-link"),
    /** First layer and preference center: the link to {@code banner.policy-url}, when set. */
    POLICY_LINK("policy-link"),
    /** The button that grants every optional category. */
    ACCEPT_ALL("accept-all"),
    /** The button that refuses every optional category. */
    REJECT_ALL("reject-all"),
    /** First layer: the button that opens the preference center. */
    CUSTOMIZE("customize"),
    /** The link on every page that reopens the choices. */
    SETTINGS_LINK("settings-link"),
    /** Preference center: the heading, also the title of the preference page. */
    PREFS_TITLE("prefs-title"),
    /** Preference center: the introduction above the categories. */
    PREFS_TEXT("prefs-text"),
    /** Preference center: the button that saves the switches as they are. */
    SAVE("save"),
    /** Preference center: shown beside a required category's switch. */
    ALWAYS_ON("always-on"),
    /** Preference center: the summary of a category's list of cookies. */
    COOKIES_SUMMARY("cookies-summary"),
    /** Cookie table: the heading of the name column. */
    COLUMN_NAME("column-name"),
    /** Cookie table: the heading of the provider column. */
    COLUMN_PROVIDER("column-provider"),
    /** Cookie table: the heading of the purpose column. */
    COLUMN_PURPOSE("column-purpose"),
    /** Cookie table: the heading of the retention column. */
    COLUMN_RETENTION("column-retention"),
    /** Cookie table: the mark after the provider of a third-party cookie. */
    THIRD_PARTY("third-party"),
    /** Preference center (dialog): the accessible name of the close button. */
    CLOSE("close"),
    /** Preference page: the link back to the page the visitor came from. */
    BACK_LINK("back-link"),
    /** Cookie policy page: the heading, also the page title. */
    POLICY_TITLE("policy-title"),
    /** Cookie policy page: the introduction above the categories. */
    POLICY_INTRO("policy-intro"),
    /** Cookie policy page: the words before the policy revision number ("Policy revision:"). */
    POLICY_REVISION("policy-revision"),
    /** Cookie policy page: the words before the date the revision took effect ("In effect since"). */
    POLICY_EFFECTIVE("policy-effective"),
    /** Cookie policy page: the link to the preference center. */
    POLICY_CHOICES_LINK("policy-choices-link"),
    /** Cookie policy page: the words before a category's legal basis ("Legal basis:"). */
    LEGAL_BASIS("legal-basis"),
    /** Cookie policy page and register: the legal basis of a required (strictly necessary) category. */
    BASIS_EXEMPT("basis-exempt"),
    /** Cookie policy page and register: the legal basis of an optional category (consent). */
    BASIS_CONSENT("basis-consent"),
    /** Cookie policy page: shown for a category that declares no cookie. */
    POLICY_NO_COOKIES("policy-no-cookies"),
    /** Cookie policy table: the heading of the first or third party column. */
    COLUMN_PARTY("column-party"),
    /** Cookie policy table and register: a first-party cookie. */
    PARTY_FIRST("party-first"),
    /** Cookie policy table and register: a third-party cookie. */
    PARTY_THIRD("party-third"),
    /** Cookie policy: who sets the consent cookie ("This site"). */
    CONSENT_COOKIE_PROVIDER("consent-cookie-provider"),
    /** Cookie policy: what the consent cookie is for. */
    CONSENT_COOKIE_PURPOSE("consent-cookie-purpose"),
    /** Cookie policy: the description of the consent tool's own group, when no category is required. */
    CONSENT_TOOL("consent-tool"),
    /** Cookie policy page: the words before the short configuration hash ("Version of this page:"). */
    POLICY_VERSION("policy-version"),
    /** Cookie table: the retention of a session cookie. */
    RETENTION_SESSION("retention-session"),
    /** Retention: one year. */
    RETENTION_YEAR("retention-year"),
    /** Retention: two or more years. */
    RETENTION_YEARS("retention-years"),
    /** Retention: one month. */
    RETENTION_MONTH("retention-month"),
    /** Retention: two or more months. */
    RETENTION_MONTHS("retention-months"),
    /** Retention: one day. */
    RETENTION_DAY("retention-day"),
    /** Retention: two or more days. */
    RETENTION_DAYS("retention-days"),
    /** Retention: the word joining the last two parts ("1 year and 6 months"). */
    RETENTION_AND("retention-and");

    private static final List<MessageKey> ALL = List.of(values());

    private final String key;

    MessageKey(String key) {
        this.key = key;
    }

    /** The name as written in {@code text.<name>.<lang>}: lowercase words joined by {@code -}. */
    public String key() {
        return key;
    }

    /** The message with this name. */
    public static Optional<MessageKey> byKey(String key) {
        for (MessageKey k : ALL) {
            if (k.key.equals(key)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** Every name, in declaration order, for messages: "banner-title, banner-text, ...". */
    static String names() {
        return String.join(", ", Arrays.stream(values()).map(MessageKey::key).toList());
    }

    @Override
    public String toString() {
        return key;
    }
}
