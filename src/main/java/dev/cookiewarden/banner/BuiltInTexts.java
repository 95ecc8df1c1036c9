package dev.cookiewarden.banner;

import dev.cookiewarden.config.MessageKey;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The banner's own texts in English and French. The first layer says who sets cookies, what
 * accepting and refusing do, and that the choice can be changed at any time (CNIL délibération
 * 2020-091, articles 2 and 3; EDPB guidelines 05/2020); the French is written as a French site
 * would word it, with French typography (no-break spaces before {@code :} and inside guillemets).
 * The button labels quoted in {@code banner-text} and {@code prefs-text} are those of
 * {@code accept-all}, {@code reject-all}, {@code customize} and {@code settings-link}.
 */
final class BuiltInTexts {
    /** No-break space, required by French typography before ':' and inside guillemets. */
    private static final String NBSP = "\u00a0";
    private static final String OPEN = "\u00ab" + NBSP;
    private static final String CLOSE = NBSP + "\u00bb";

    static final Map<MessageKey, String> ENGLISH = english();
    static final Map<MessageKey, String> FRENCH = french();

    private BuiltInTexts() {
    }

    /** The built-in texts of {@code language}: every key for {@code en} and {@code fr}, else none. */
    static Map<MessageKey, String> of(String language) {
        return switch (language) {
            case "en" -> ENGLISH;
            case "fr" -> FRENCH;
            default -> Map.of();
        };
    }

    private static Map<MessageKey, String> english() {
        Map<MessageKey, String> m = new EnumMap<>(MessageKey.class);
        m.put(MessageKey.BANNER_TITLE, "Your choices about cookies");
        m.put(MessageKey.BANNER_TEXT, "This site and its partners use cookies and similar technologies on your "
                + "device. Some are strictly necessary for the site to work and are always on. The others are only "
                + "set with your consent: \u201cAccept all\u201d allows them, \u201cReject all\u201d refuses them "
                + "without limiting your use of the site, and \u201cCustomize\u201d lets you choose purpose by "
                + "purpose. You can change your mind at any time through \u201cCookie settings\u201d.");
        m.put(MessageKey.BANNER_PURPOSES, "Purposes that need your consent:");
        m.put(MessageKey.DETAILS_LINK, "See the cookies used");
        m.put(MessageKey.POLICY_LINK, "Cookie policy");
        m.put(MessageKey.ACCEPT_ALL, "Accept all");
        m.put(MessageKey.REJECT_ALL, "Reject all");
        m.put(MessageKey.CUSTOMIZE, "Customize");
        m.put(MessageKey.SETTINGS_LINK, "Cookie settings");
        m.put(MessageKey.PREFS_TITLE, "Your cookie preferences");
        m.put(MessageKey.PREFS_TEXT, "Choose, purpose by purpose, which cookies you allow. Strictly necessary "
                + "cookies are always on; the others are only set if you switch them on, and nothing is switched "
                + "on until you say so. You can come back here at any time through \u201cCookie settings\u201d: "
                + "withdrawing your consent is as easy as giving it.");
        m.put(MessageKey.SAVE, "Save my choices");
        m.put(MessageKey.ALWAYS_ON, "Always on");
        m.put(MessageKey.COOKIES_SUMMARY, "Cookies used");
        m.put(MessageKey.COLUMN_NAME, "Name");
        m.put(MessageKey.COLUMN_PROVIDER, "Set by");
        m.put(MessageKey.COLUMN_PURPOSE, "Purpose");
        m.put(MessageKey.COLUMN_RETENTION, "Lifetime");
        m.put(MessageKey.THIRD_PARTY, "(third party)");
        m.put(MessageKey.CLOSE, "Close");
        m.put(MessageKey.BACK_LINK, "Back to the site");
        m.put(MessageKey.POLICY_TITLE, "Cookie policy");
        m.put(MessageKey.POLICY_INTRO, "This page lists the cookies and similar technologies this site uses, "
                + "grouped by purpose: who sets each one, what it is for and how long it lasts. Strictly necessary "
                + "cookies are exempt from consent. The others are only set if you accept them, and you can change "
                + "your choices at any time.");
        m.put(MessageKey.POLICY_REVISION, "Policy revision:");
        m.put(MessageKey.POLICY_EFFECTIVE, "In effect since");
        m.put(MessageKey.POLICY_CHOICES_LINK, "Change my cookie choices");
        m.put(MessageKey.LEGAL_BASIS, "Legal basis:");
        m.put(MessageKey.BASIS_EXEMPT, "strictly necessary, exempt from consent (Directive 2002/58/EC "
                + "\u201cePrivacy\u201d, art. 5(3); French Data Protection Act \u201cInformatique et Libert\u00e9s\u201d, "
                + "art. 82)");
        m.put(MessageKey.BASIS_CONSENT, "your consent (GDPR, art. 6(1)(a)), which you can withdraw at any time");
        m.put(MessageKey.POLICY_NO_COOKIES, "No cookie is declared for this purpose.");
        m.put(MessageKey.COLUMN_PARTY, "First or third party");
        m.put(MessageKey.PARTY_FIRST, "First party");
        m.put(MessageKey.PARTY_THIRD, "Third party");
        m.put(MessageKey.CONSENT_COOKIE_PROVIDER, "This site");
        m.put(MessageKey.CONSENT_COOKIE_PURPOSE, "Stores your cookie choices, so that they are respected on every "
                + "page.");
        m.put(MessageKey.CONSENT_TOOL, "The tool that asks for and keeps your cookie choices. Its cookie is "
                + "strictly necessary and exempt from consent.");
        m.put(MessageKey.POLICY_VERSION, "Version of this page:");
        m.put(MessageKey.RETENTION_SESSION, "Session (until you close your browser)");
        m.put(MessageKey.RETENTION_YEAR, "year");
        m.put(MessageKey.RETENTION_YEARS, "years");
        m.put(MessageKey.RETENTION_MONTH, "month");
        m.put(MessageKey.RETENTION_MONTHS, "months");
        m.put(MessageKey.RETENTION_DAY, "day");
        m.put(MessageKey.RETENTION_DAYS, "days");
        m.put(MessageKey.RETENTION_AND, "and");
        return Collections.unmodifiableMap(m);
    }

    private static Map<MessageKey, String> french() {
        Map<MessageKey, String> m = new EnumMap<>(MessageKey.class);
        m.put(MessageKey.BANNER_TITLE, "Vos choix en mati\u00e8re de cookies");
        m.put(MessageKey.BANNER_TEXT, "Ce site et ses partenaires utilisent des cookies et des technologies "
                + "similaires sur votre appareil. Certains sont strictement n\u00e9cessaires au fonctionnement du "
                + "site et toujours actifs. Les autres ne sont d\u00e9pos\u00e9s qu\u2019avec votre accord" + NBSP
                + ": " + OPEN + "Tout accepter" + CLOSE + " les autorise, " + OPEN + "Tout refuser" + CLOSE
                + " les refuse sans limiter votre acc\u00e8s au site, et " + OPEN + "Personnaliser" + CLOSE
                + " vous permet de choisir finalit\u00e9 par finalit\u00e9. Vous pouvez changer d\u2019avis \u00e0 "
                + "tout moment depuis " + OPEN + "Param\u00e8tres des cookies" + CLOSE + ".");
        m.put(MessageKey.BANNER_PURPOSES, "Finalit\u00e9s soumises \u00e0 votre consentement" + NBSP + ":");
        m.put(MessageKey.DETAILS_LINK, "Voir les cookies utilis\u00e9s");
        m.put(MessageKey.POLICY_LINK, "Politique relative aux cookies");
        m.put(MessageKey.ACCEPT_ALL, "Tout accepter");
        m.put(MessageKey.REJECT_ALL, "Tout refuser");
        m.put(MessageKey.CUSTOMIZE, "Personnaliser");
        m.put(MessageKey.SETTINGS_LINK, "Param\u00e8tres des cookies");
        m.put(MessageKey.PREFS_TITLE, "Vos pr\u00e9f\u00e9rences en mati\u00e8re de cookies");
        m.put(MessageKey.PREFS_TEXT, "Choisissez, finalit\u00e9 par finalit\u00e9, les cookies que vous "
                + "autorisez. Les cookies strictement n\u00e9cessaires sont toujours actifs" + NBSP + "; les autres "
                + "ne sont d\u00e9pos\u00e9s que si vous les activez, et rien n\u2019est activ\u00e9 sans votre "
                + "accord. Vous pouvez revenir ici \u00e0 tout moment depuis " + OPEN + "Param\u00e8tres des cookies"
                + CLOSE + NBSP + ": retirer votre consentement est aussi simple que de le donner.");
        m.put(MessageKey.SAVE, "Enregistrer mes choix");
        m.put(MessageKey.ALWAYS_ON, "Toujours actifs");
        m.put(MessageKey.COOKIES_SUMMARY, "Cookies utilis\u00e9s");
        m.put(MessageKey.COLUMN_NAME, "Nom");
        m.put(MessageKey.COLUMN_PROVIDER, "\u00c9metteur");
        m.put(MessageKey.COLUMN_PURPOSE, "Finalit\u00e9");
        m.put(MessageKey.COLUMN_RETENTION, "Dur\u00e9e de vie");
        m.put(MessageKey.THIRD_PARTY, "(tiers)");
        m.put(MessageKey.CLOSE, "Fermer");
        m.put(MessageKey.BACK_LINK, "Retour au site");
        m.put(MessageKey.POLICY_TITLE, "Politique relative aux cookies");
        m.put(MessageKey.POLICY_INTRO, "Cette page recense les cookies et technologies similaires utilis\u00e9s par "
                + "ce site, regroup\u00e9s par finalit\u00e9" + NBSP + ": qui d\u00e9pose chacun d\u2019eux, \u00e0 quoi "
                + "il sert et combien de temps il est conserv\u00e9. Les cookies strictement n\u00e9cessaires sont "
                + "exempt\u00e9s de consentement. Les autres ne sont d\u00e9pos\u00e9s que si vous les acceptez, et vous "
                + "pouvez modifier vos choix \u00e0 tout moment.");
        m.put(MessageKey.POLICY_REVISION, "R\u00e9vision de la politique" + NBSP + ":");
        m.put(MessageKey.POLICY_EFFECTIVE, "En vigueur depuis le");
        m.put(MessageKey.POLICY_CHOICES_LINK, "Modifier mes choix en mati\u00e8re de cookies");
        m.put(MessageKey.LEGAL_BASIS, "Base l\u00e9gale" + NBSP + ":");
        m.put(MessageKey.BASIS_EXEMPT, "cookies strictement n\u00e9cessaires, exempt\u00e9s de consentement (article 82 "
                + "de la loi Informatique et Libert\u00e9s" + NBSP + "; article 5, paragraphe 3, de la directive "
                + "2002/58/CE dite " + OPEN + "ePrivacy" + CLOSE + ")");
        m.put(MessageKey.BASIS_CONSENT, "votre consentement (RGPD, article 6, paragraphe 1, point a), que vous "
                + "pouvez retirer \u00e0 tout moment");
        m.put(MessageKey.POLICY_NO_COOKIES, "Aucun cookie n\u2019est d\u00e9clar\u00e9 pour cette finalit\u00e9.");
        m.put(MessageKey.COLUMN_PARTY, "Interne ou tiers");
        m.put(MessageKey.PARTY_FIRST, "Interne");
        m.put(MessageKey.PARTY_THIRD, "Tiers");
        m.put(MessageKey.CONSENT_COOKIE_PROVIDER, "Ce site");
        m.put(MessageKey.CONSENT_COOKIE_PURPOSE, "Conserve vos choix en mati\u00e8re de cookies, pour qu\u2019ils soient "
                + "respect\u00e9s sur chaque page.");
        m.put(MessageKey.CONSENT_TOOL, "L\u2019outil qui recueille et conserve vos choix en mati\u00e8re de cookies. "
                + "Son cookie est strictement n\u00e9cessaire et exempt\u00e9 de consentement.");
        m.put(MessageKey.POLICY_VERSION, "Version de cette page" + NBSP + ":");
        m.put(MessageKey.RETENTION_SESSION, "Session (jusqu\u2019\u00e0 la fermeture du navigateur)");
        m.put(MessageKey.RETENTION_YEAR, "an");
        m.put(MessageKey.RETENTION_YEARS, "ans");
        m.put(MessageKey.RETENTION_MONTH, "mois");
        m.put(MessageKey.RETENTION_MONTHS, "mois");
        m.put(MessageKey.RETENTION_DAY, "jour");
        m.put(MessageKey.RETENTION_DAYS, "jours");
        m.put(MessageKey.RETENTION_AND, "et");
        return Collections.unmodifiableMap(m);
    }
}
