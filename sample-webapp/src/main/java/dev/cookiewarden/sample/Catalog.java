package dev.cookiewarden.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The shop's teas, in display order. Immutable and thread-safe. */
public final class Catalog {
    private static final List<Product> PRODUCTS = List.of(
            new Product("darjeeling", "Darjeeling First Flush", "Castleton estate, India",
                    "Picked in March, the first harvest of the year: light, floral and a little muscatel."
                            + " Brew at 85 °C for three minutes.", 1450),
            new Product("assam", "Assam Breakfast", "Halmari estate, India",
                    "A round, malty black tea that takes milk well. Our best seller for slow mornings.", 980),
            new Product("sencha", "Sencha Kagoshima", "Kyushu, Japan",
                    "Steamed green tea with a fresh, grassy sweetness. Brew at 70 °C for one minute.", 1200),
            new Product("earl-grey", "Earl Grey à la bergamote", "Blended in Lyon, France",
                    "Ceylon black tea scented with Calabrian bergamot oil and a few cornflower petals.", 1050),
            new Product("rooibos", "Rooibos vanille", "Cederberg, South Africa",
                    "Caffeine-free red bush with Madagascar vanilla: good at any hour of the day.", 890));

    private static final Map<String, Product> BY_ID;

    static {
        Map<String, Product> byId = new LinkedHashMap<>();
        for (Product p : PRODUCTS) {
            byId.put(p.id(), p);
        }
        BY_ID = Map.copyOf(byId);
    }

    private Catalog() {
    }

    /** Every product, in display order. */
    public static List<Product> all() {
        return PRODUCTS;
    }

    /** The product called {@code id}; empty for {@code null} or an unknown id. */
    public static Optional<Product> find(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(BY_ID.get(id));
    }
}
