package dev.cookiewarden.it;

import jakarta.servlet.ServletContainerInitializer;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Jetty and Tomcat side by side, each running its own copy of the same application, for wire
 * tests parameterized over both containers.
 */
final class BothContainers implements AutoCloseable {
    private final Container jetty = Container.jetty();
    private final Container tomcat = Container.tomcat();
    private int jettyPort;
    private int tomcatPort;

    /**
     * Starts both containers with the application {@code setup} makes (called once for each) at
     * {@code contextPath} ({@code ""} for the root).
     */
    void start(Callable<ServletContainerInitializer> setup, String contextPath) throws Exception {
        jettyPort = jetty.start(setup.call(), 0, null, contextPath);
        tomcatPort = tomcat.start(setup.call(), 0, null, contextPath);
    }

    /** The arguments of a test parameterized over both: a name and the port, once started. */
    Stream<Arguments> ports() {
        return Stream.of(Arguments.of("Jetty", (Supplier<Integer>) () -> jettyPort),
                Arguments.of("Tomcat", (Supplier<Integer>) () -> tomcatPort));
    }

    @Override
    public void close() throws Exception {
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
