package dev.cookiewarden.it;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real embedded container serving one exploded web application ({@link ExplodedWar}) at the
 * root context, deployed the way the container deploys a WAR: web.xml parsed, {@code WEB-INF/lib}
 * on the application's class loader, {@code ServletContainerInitializer}s discovered.
 *
 * <p>A deployment that fails does not make {@link #deploy} throw: the container keeps running
 * (that is how both behave in production), {@link #applicationAvailable()} is false and
 * {@link #startupFailure()} holds the messages of the exception that stopped the application,
 * causes included, so that a test can check what an operator would read.
 */
abstract class WarServer {
    /** Deploys {@code dir} at the root context and starts the container. */
    abstract void deploy(Path dir) throws Exception;

    /** The port the container listens on (127.0.0.1). */
    abstract int port();

    /** Whether the container itself started and serves requests (whatever became of the application). */
    abstract boolean containerStarted();

    /** Whether the application started. */
    abstract boolean applicationAvailable();

    /** Messages of the exceptions that stopped the application (each with its causes); empty if it started. */
    abstract List<String> startupFailure();

    abstract String name();

    /** Stops the container. */
    abstract void close() throws Exception;

    @Override
    public String toString() {
        return name();
    }

    static WarServer jetty() {
        return new JettyWar();
    }

    static WarServer tomcat() {
        return new TomcatWar();
    }

    /** The messages of {@code t}, its causes and suppressed exceptions, outermost first. */
    static List<String> messages(Throwable t) {
        List<String> out = new ArrayList<>();
        collect(t, out, Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    private static void collect(Throwable t, List<String> out, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return;
        }
        out.add(t.getClass().getName() + ": " + t.getMessage());
        for (Throwable s : t.getSuppressed()) {
            collect(s, out, seen);
        }
        collect(t.getCause(), out, seen);
    }

    /**
     * Jetty 12 ee10 {@link WebAppContext}, with the annotation configuration that a Jetty
     * distribution enables with its {@code ee10-annotations} module: without it Jetty runs no
     * {@code ServletContainerInitializer} found in the application. (With
     * {@code jetty-ee10-annotations} on the class path, Jetty's {@code Configurations} already
     * finds it through {@code ServiceLoader}; it is added explicitly so that the drop-in tests do
     * not depend on that.) A context that fails to
     * start keeps its exception in {@link WebAppContext#getUnavailableException()} and answers
     * 503 ({@code throwUnavailableOnStartupException} stays at its default, false, as in a
     * distribution, where one broken application must not stop the server).
     */
    static final class JettyWar extends WarServer {
        private Server server;
        private ServerConnector connector;
        private WebAppContext webapp;
        private final List<String> startFailure = new ArrayList<>();

        @Override
        void deploy(Path dir) throws Exception {
            server = new Server();
            connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            webapp = new WebAppContext();
            webapp.setContextPath("/");
            webapp.setWar(dir.toString());
            // Jetty's default is java.io.tmpdir; keep everything under target/.
            File temp = Files.createTempDirectory(Files.createDirectories(ExplodedWar.ROOT.resolve("jetty-tmp")), "ctx")
                    .toFile();
            webapp.setTempDirectory(temp);
            webapp.addConfiguration(new AnnotationConfiguration());
            server.setHandler(webapp);
            try {
                server.start();
            } catch (Exception e) {
                startFailure.addAll(messages(e));
            }
        }

        @Override
        int port() {
            return connector.getLocalPort();
        }

        @Override
        boolean containerStarted() {
            return server.isStarted() && connector.isStarted();
        }

        @Override
        boolean applicationAvailable() {
            return startFailure.isEmpty() && webapp.isAvailable() && webapp.getUnavailableException() == null;
        }

        @Override
        List<String> startupFailure() {
            List<String> out = new ArrayList<>(startFailure);
            if (webapp.getUnavailableException() != null) {
                out.addAll(messages(webapp.getUnavailableException()));
            }
            return out;
        }

        @Override
        String name() {
            return "Jetty 12 ee10 WebAppContext";
        }

        @Override
        void close() throws Exception {
            if (server != null) {
                server.stop();
            }
        }
    }

    /**
     * Tomcat 11 with {@link Tomcat#addWebapp(String, String)}: web.xml, the default servlet and
     * the {@code ServletContainerInitializer} discovery of a standalone Tomcat. A context that
     * fails to start is left stopped (requests get 404) and Tomcat only logs the exception, through
     * java.util.logging: a handler on the {@code org.apache.catalina} loggers collects it.
     */
    static final class TomcatWar extends WarServer {
        /** Held strongly: java.util.logging keeps loggers weakly, and a collected one loses its handler. */
        private static final Logger CATALINA = Logger.getLogger("org.apache.catalina");

        private Tomcat tomcat;
        private Context context;
        private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
        private final Handler collector = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getThrown() != null) {
                    logged.addAll(messages(record.getThrown()));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        @Override
        void deploy(Path dir) throws Exception {
            Path base = Files.createTempDirectory(Files.createDirectories(ExplodedWar.ROOT.resolve("tomcat")), "base");
            tomcat = new Tomcat();
            tomcat.setBaseDir(base.toString());
            tomcat.setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            CATALINA.addHandler(collector);
            context = tomcat.addWebapp("", dir.toString());
            // The embedded defaults declare Tomcat's JSP servlet, but Jasper is not on the test
            // class path: drop it rather than log its load failure for every deployment.
            context.addLifecycleListener(event -> {
                if (Lifecycle.CONFIGURE_START_EVENT.equals(event.getType()) && context.findChild("jsp") != null) {
                    context.removeChild(context.findChild("jsp"));
                }
            });
            // A standalone Tomcat's class path is its own bootstrap jars: do not scan the test
            // class path for web fragments and TLDs (slow, and nothing a real WAR would see).
            ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
            try {
                tomcat.start();
            } catch (LifecycleException e) {
                logged.addAll(messages(e));
            }
        }

        @Override
        int port() {
            return tomcat.getConnector().getLocalPort();
        }

        @Override
        boolean containerStarted() {
            return tomcat.getServer().getState() == LifecycleState.STARTED
                    && tomcat.getConnector().getState() == LifecycleState.STARTED;
        }

        @Override
        boolean applicationAvailable() {
            return context.getState().isAvailable();
        }

        @Override
        List<String> startupFailure() {
            synchronized (logged) {
                return List.copyOf(logged);
            }
        }

        @Override
        String name() {
            return "Tomcat 11 addWebapp";
        }

        @Override
        void close() throws Exception {
            try {
                if (tomcat != null) {
                    tomcat.stop();
                    tomcat.destroy();
                }
            } finally {
                CATALINA.removeHandler(collector);
            }
        }
    }
}
