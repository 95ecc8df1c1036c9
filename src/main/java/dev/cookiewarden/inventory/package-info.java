/**
 * What cookies the site really has, and how to declare the ones it forgot.
 *
 * <p>{@link dev.cookiewarden.inventory.CookieInventory} counts, per cookie name seen in traffic,
 * how often it passed or was stopped and which category declared it; it is thread-safe and
 * bounded, meant to be shared by every request. {@link dev.cookiewarden.inventory.CookieCatalog} is
 * the built-in list of well-known cookies (Google Analytics, Meta, Matomo, frameworks' session
 * cookies, load balancers, consent managers...), and
 * {@link dev.cookiewarden.inventory.DeclarationSuggester} turns a catalog entry into
 * {@code cookie.<key>.*} lines the configuration accepts. Both are immutable and thread-safe.
 *
 * <p>Nothing here decides what a cookie may do: the catalog only suggests, and a suggestion counts
 * once the operator has checked it and put it in the configuration.
 */
package dev.cookiewarden.inventory;
