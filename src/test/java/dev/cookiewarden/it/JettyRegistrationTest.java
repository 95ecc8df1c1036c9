package dev.cookiewarden.it;

import java.util.Set;

/** Registration and startup on Jetty 12 (ee10 {@code WebAppContext}). */
class JettyRegistrationTest extends RegistrationSuite {
    @Override
    WarServer newServer() {
        return WarServer.jetty();
    }

    @Override
    Set<Integer> unavailableStatuses() {
        // Jetty keeps an unavailable context mapped and answers for it.
        return Set.of(503);
    }
}
