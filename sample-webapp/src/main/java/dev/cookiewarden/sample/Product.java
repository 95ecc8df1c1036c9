package dev.cookiewarden.sample;

import java.util.Locale;

/**
 * One tea of the catalogue. Immutable.
 *
 * @param id the identifier used in URLs ({@code /product?id=assam})
 * @param name the display name
 * @param origin where it comes from
 * @param description a sentence or two for the product page
 * @param priceCents the price of one 100 g bag, in euro cents
 */
public record Product(String id, String name, String origin, String description, int priceCents) {

    /** The price as written on the page, such as {@code €9.80}. */
    public String price() {
        return formatEuros(priceCents);
    }

    /** {@code cents} as euros with two decimals, such as {@code €19.60}. */
    public static String formatEuros(long cents) {
        return String.format(Locale.ROOT, "€%d.%02d", cents / 100, cents % 100);
    }
}
