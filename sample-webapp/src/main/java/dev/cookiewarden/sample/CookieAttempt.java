package dev.cookiewarden.sample;

/**
 * A cookie a page tries to set, as the "Your cookies" panel lists it. Immutable.
 *
 * @param name the cookie's name
 * @param category its category in {@code cookie-warden.properties}, or {@code undeclared}
 * @param how how it is set, in a few words
 */
record CookieAttempt(String name, String category, String how) {
}
