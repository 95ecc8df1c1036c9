package dev.cookiewarden.it;

import java.util.Set;

/** Registration and startup on Tomcat 11 ({@code Tomcat.addWebapp}). */
class TomcatRegistrationTest extends RegistrationSuite {
    @Override
    WarServer newServer() {
        return WarServer.tomcat();
    }

    @Override
    Set<Integer> unavailableStatuses() {
        // A context that failed to start is unmapped (404); a paused one answers 503.
        return Set.of(404, 503);
    }

}
