package dev.cookiewarden.sample;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The visitor's cart, kept in the container session. Thread-safe: two tabs of one visitor may
 * post to the cart at once.
 */
public final class Cart implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String ATTRIBUTE = Cart.class.getName();
    /** The most bags of one tea in a cart. */
    public static final int MAX_QUANTITY = 20;

    private final Map<String, Integer> quantities = new LinkedHashMap<>();

    /** The cart of this request's session, or {@code null} when there is no session or no cart. */
    public static Cart of(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        return session == null ? null : (Cart) session.getAttribute(ATTRIBUTE);
    }

    /** The cart of this request's session, creating the session and the cart when needed. */
    public static Cart create(HttpServletRequest request) {
        HttpSession session = request.getSession(true);
        synchronized (session) {
            Cart cart = (Cart) session.getAttribute(ATTRIBUTE);
            if (cart == null) {
                cart = new Cart();
                session.setAttribute(ATTRIBUTE, cart);
            }
            return cart;
        }
    }

    /** Adds {@code quantity} bags of {@code product}, up to {@link #MAX_QUANTITY} in all. */
    public synchronized void add(Product product, int quantity) {
        quantities.merge(product.id(), quantity, (a, b) -> Math.min(MAX_QUANTITY, a + b));
    }

    /** Empties the cart. */
    public synchronized void clear() {
        quantities.clear();
    }

    /** A copy of the lines: product id to number of bags, in the order they were added. */
    public synchronized Map<String, Integer> lines() {
        return new LinkedHashMap<>(quantities);
    }

    /** How many bags in all. */
    public synchronized int count() {
        return quantities.values().stream().mapToInt(Integer::intValue).sum();
    }

    @Override
    public synchronized String toString() {
        return "Cart" + quantities;
    }
}
