package dev.cookiewarden.it;

import jakarta.servlet.ServletContainerInitializer;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Jetty and Tomcat side by side, each running its own copy of the same application, for wire
 * tests parameterized over both containers. A JUnit extension: registered on a static field
 * ({@code @RegisterExtension}), it starts both before the class's tests and stops both after.
 */
final class BothContainers implements BeforeAllCallback, AfterAllCallback {
    private final Callable<ServletContainerInitializer> setup;
    private final String contextPath;
    private final Container jetty = Container.jetty();
    private final Container tomcat = Container.tomcat();
    private int jettyPort;
    private int tomcatPort;

    /**
     * @param setup makes the application; called once for each container
     * @param contextPath where it runs ({@code ""} for the root)
     */
    BothContainers(Callable<ServletContainerInitializer> setup, String contextPath) {
        this.setup = setup;
        this.contextPath = contextPath;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        jettyPort = jetty.start(setup.call(), 0, null, contextPath);
        tomcatPort = tomcat.start(setup.call(), 0, null, contextPath);
    }

    /** The arguments of a test parameterized over both: a name and the port, once started. */
    Stream<Arguments> ports() {
        return Stream.of(Arguments.of("Jetty", (Supplier<Integer>) () -> jettyPort),
                Arguments.of("Tomcat", (Supplier<Integer>) () -> tomcatPort));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            jetty.close();
        } finally {
            tomcat.close();
        }
    }

    @Override
    public String toString() {
        return "BothContainers[jetty=" + jettyPort + ", tomcat=" + tomcatPort + "]";
    }
}
