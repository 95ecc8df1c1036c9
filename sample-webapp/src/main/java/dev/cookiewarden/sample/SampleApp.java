package dev.cookiewarden.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Starts the Maison Cookie sample shop on embedded Jetty 12 (EE10): {@code src/main/webapp} as a
 * web application at {@code /}, configured by its own {@code WEB-INF/web.xml}, where Cookie
 * Warden is registered exactly as an application deployed to any container would register it.
 *
 * <pre>
 * mvn -f sample-webapp/pom.xml compile exec:java               # http://localhost:8080/
 * mvn -f sample-webapp/pom.xml compile exec:java -Dport=18080  # another port; 0 picks a free one
 * </pre>
 */
public final class SampleApp {
    /** The port used when the system property {@code port} is not set. */
    public static final int DEFAULT_PORT = 8080;

    private static final Path WEBAPP = Path.of("src", "main", "webapp");

    private SampleApp() {
    }

    /** Starts the shop and serves until the process is stopped. */
    public static void main(String[] args) throws Exception {
        Server server = start(Integer.getInteger("port", DEFAULT_PORT));
        System.out.println("Sample shop at http://localhost:" + localPort(server) + "/");
        server.join();
    }

    /**
     * Starts the shop on {@code localhost}.
     *
     * @param port the port, or 0 for any free one (see {@link #localPort(Server)})
     * @return the started server; the caller stops it
     * @throws Exception when the server, or the web application, cannot start: a Cookie Warden
     *     configuration error stops startup here rather than leaving a site that answers 503
     */
    public static Server start(int port) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("localhost");
        connector.setPort(port);
        server.addConnector(connector);

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        webapp.setBaseResourceAsPath(webappDirectory());
        webapp.setThrowUnavailableOnStartupException(true);
        webapp.setInitParameter("org.eclipse.jetty.servlet.Default.dirAllowed", "false");
        server.setHandler(webapp);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            throw e;
        }
        return server;
    }

    /** The port the server listens on, useful after {@code start(0)}. */
    public static int localPort(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /**
     * Finds {@code src/main/webapp}: under the {@code basedir} system property (set by Maven's
     * surefire and by this project's exec:java configuration), else under the current directory,
     * else under {@code sample-webapp/} of the current directory (run from the repository root).
     */
    static Path webappDirectory() {
        List<Path> bases = new ArrayList<>();
        String basedir = System.getProperty("basedir");
        if (basedir != null && !basedir.isBlank()) {
            bases.add(Path.of(basedir));
        }
        Path cwd = Path.of("").toAbsolutePath();
        bases.add(cwd);
        bases.add(cwd.resolve("sample-webapp"));
        List<Path> tried = new ArrayList<>();
        for (Path base : bases) {
            Path candidate = base.resolve(WEBAPP).toAbsolutePath().normalize();
            if (Files.isRegularFile(candidate.resolve("WEB-INF").resolve("web.xml"))) {
                return candidate;
            }
            tried.add(candidate);
        }
        throw new IllegalStateException("Cannot find the sample's web application (WEB-INF/web.xml) in any of "
                + tried + ": run from the sample-webapp directory or the repository root, or set -Dbasedir");
    }
}
