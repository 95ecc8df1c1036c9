package dev.cookiewarden.enforce;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Servlet 6.1's methods of {@link HttpServletResponse}, for the filter's wrappers: the library
 * compiles against Servlet 6.0, so a wrapper declares them without {@code @Override} (on a 6.1
 * container they override the wrapper's own) and passes them on to the response it wraps here,
 * through method handles found once.
 */
public final class Servlet61 {
    private static final MethodHandle REDIRECT = find("sendRedirect",
            MethodType.methodType(void.class, String.class, int.class, boolean.class));
    private static final MethodHandle EARLY_HINTS = find("sendEarlyHints", MethodType.methodType(void.class));

    private Servlet61() {
    }

    private static MethodHandle find(String name, MethodType type) {
        try {
            return MethodHandles.publicLookup().findVirtual(HttpServletResponse.class, name, type);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null;
        }
    }

    /**
     * {@code response.sendRedirect(location, sc, clearBuffer)}; on a 6.0 container, which has no
     * such method, {@code response.sendRedirect(location)}.
     *
     * @throws IOException as the container's
     */
    public static void sendRedirect(HttpServletResponse response, String location, int sc, boolean clearBuffer)
            throws IOException {
        if (REDIRECT == null) {
            response.sendRedirect(location);
            return;
        }
        try {
            REDIRECT.invoke(response, location, sc, clearBuffer);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code response.sendEarlyHints()}; nothing on a 6.0 container, which has no such method. */
    public static void sendEarlyHints(HttpServletResponse response) {
        if (EARLY_HINTS == null) {
            return;
        }
        try {
            EARLY_HINTS.invoke(response);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
