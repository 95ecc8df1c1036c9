package dev.cookiewarden.enforce;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Told of every cookie name the filter sees and what it decided, for the inventory of cookies in
 * real traffic. Implementations must be thread-safe, bounded and cheap: they run on every request.
 */
@FunctionalInterface
public interface CookieSightings {
    /** Ignores everything, a prepared set of sightings too. */
    CookieSightings NONE = new CookieSightings() {
        @Override
        public void seen(String name, Verdict verdict, boolean outgoing, String category, Instant now) {
        }

        @Override
        public Prepared prepare(List<Sighting> incoming) {
            return now -> { };
        }
    };

    /**
     * @param name the cookie's name as sent (not cleaned)
     * @param verdict what the policy decided
     * @param outgoing set by the application (true) or sent by the browser (false)
     * @param category the id of the declared category, or null when undeclared
     * @param now the request's clock reading
     */
    void seen(String name, Verdict verdict, boolean outgoing, String category, Instant now);

    /**
     * Prepares the sightings of the cookies one browser sends ({@code outgoing} false), to be
     * told together on each request that sends them again with the same verdicts: a returning
     * visitor's {@code Cookie} line is the same on every request. Telling the result once must
     * count exactly what telling each of {@code incoming} to {@link #seen} would. The default
     * does just that; an implementation may count the whole set at once.
     */
    default Prepared prepare(List<Sighting> incoming) {
        return oneByOne(this, incoming);
    }

    /** Tells each of {@code incoming} to {@code sightings}' {@link #seen}, in order, on each request. */
    static Prepared oneByOne(CookieSightings sightings, List<Sighting> incoming) {
        List<Sighting> copy = List.copyOf(incoming);
        return now -> {
            for (int i = 0; i < copy.size(); i++) {
                Sighting s = copy.get(i);
                sightings.seen(s.name(), s.verdict(), false, s.category(), now);
            }
        };
    }

    /** One incoming cookie of a set to {@link #prepare}: its name as sent, its verdict, its category or null. */
    record Sighting(String name, Verdict verdict, String category) {
        public Sighting {
            Objects.requireNonNull(verdict, "verdict");
        }
    }

    /** A set of sightings that {@link #prepare} made ready; thread-safe. */
    @FunctionalInterface
    interface Prepared {
        /** Counts every sighting of the set once, at {@code now}. */
        void seen(Instant now);
    }
}
