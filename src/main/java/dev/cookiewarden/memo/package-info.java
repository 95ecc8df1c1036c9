/**
 * Small, bounded, lock-free memories of answers the request path would otherwise compute again
 * (or read from a cache whose reads write): used by the consent, enforcement and banner steps
 * alike, and depending on none of them.
 */
package dev.cookiewarden.memo;
