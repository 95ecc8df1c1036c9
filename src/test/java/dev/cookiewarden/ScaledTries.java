package dev.cookiewarden;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Lets one system property scale every jqwik property of a class that registers this hook with
 * {@code @AddLifecycleHook(ScaledTries.class)}: the {@code tries} written on each
 * {@code @Property} is what CI runs, and {@code -Dcookiewarden.tries=100000} (or the Maven
 * profile {@code long-properties}) runs that many tries instead, for a long hunt on a quiet
 * machine.
 *
 * <p>A value that is not a positive integer fails the property rather than silently running the
 * short default: a long run that did not happen must not look like one that passed.
 */
public final class ScaledTries implements AroundPropertyHook {
    /** The system property naming the tries of every property, overriding the annotations. */
    public static final String PROPERTY = "cookiewarden.tries";

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String value = System.getProperty(PROPERTY);
        if (value != null && !value.isBlank()) {
            context.attributes().setTries(parse(value.strip()));
        }
        return property.execute();
    }

    private static int parse(String value) {
        int tries;
        try {
            tries = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            tries = 0;
        }
        if (tries < 1) {
            throw new IllegalArgumentException("The system property [" + PROPERTY + "] has the value [" + value
                    + "]: expected a positive number of tries, such as 100000");
        }
        return tries;
    }

    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public String toString() {
        return "ScaledTries[" + PROPERTY + "=" + System.getProperty(PROPERTY) + "]";
    }
}
