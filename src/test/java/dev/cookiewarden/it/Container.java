package dev.cookiewarden.it;

import jakarta.servlet.ServletContainerInitializer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ErrorPage;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContainerInitializerHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A real embedded servlet container on a loopback port. The web application is set up by a
 * {@link ServletContainerInitializer}, so the same setup code runs on Jetty and Tomcat.
 */
abstract class Container implements AutoCloseable {
    /** Starts the container with an application at the root context. */
    int start(ServletContainerInitializer setup, int errorCode, String errorPage) throws Exception {
        return start(setup, errorCode, errorPage, "");
    }

    /** Starts the container with an application at {@code contextPath} ({@code ""} for the root). */
    abstract int start(ServletContainerInitializer setup, int errorCode, String errorPage, String contextPath)
            throws Exception;

    abstract String name();

    @Override
    public abstract void close() throws Exception;

    static Container jetty() {
        return new JettyContainer();
    }

    static Container tomcat() {
        return new TomcatContainer();
    }

    @Override
    public String toString() {
        return name();
    }

    static final class JettyContainer extends Container {
        private Server server;

        @Override
        int start(ServletContainerInitializer setup, int errorCode, String errorPage, String contextPath)
                throws Exception {
            server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler handler = new ServletContextHandler(ServletContextHandler.SESSIONS);
            handler.setContextPath(contextPath.isEmpty() ? "/" : contextPath);
            handler.addServletContainerInitializer(new ServletContainerInitializerHolder(setup));
            if (errorPage != null) {
                ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
                errors.addErrorPage(errorCode, errorPage);
                handler.setErrorHandler(errors);
            }
            server.setHandler(handler);
            server.start();
            if (!handler.isAvailable()) {
                throw new IllegalStateException("Jetty context is unavailable");
            }
            return connector.getLocalPort();
        }

        @Override
        String name() {
            return "Jetty 12 ee10";
        }

        @Override
        public void close() throws Exception {
            if (server != null) {
                server.stop();
            }
        }
    }

    static final class TomcatContainer extends Container {
        private Tomcat tomcat;
        private Context context;

        @Override
        int start(ServletContainerInitializer setup, int errorCode, String errorPage, String contextPath)
                throws Exception {
            Path base = Files.createDirectories(Path.of("target", "tomcat"));
            Path dir = Files.createTempDirectory(base, "base");
            tomcat = new Tomcat();
            tomcat.setBaseDir(dir.toAbsolutePath().toString());
            tomcat.setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            Path docBase = Files.createDirectories(dir.resolve("docbase"));
            context = tomcat.addContext(contextPath, docBase.toAbsolutePath().toString());
            context.addServletContainerInitializer(setup, null);
            // A real deployment always has a default servlet; without one Tomcat answers 404
            // before any filter runs.
            Tomcat.addServlet(context, "default", new org.apache.catalina.servlets.DefaultServlet());
            context.addServletMappingDecoded("/", "default");
            if (errorPage != null) {
                ErrorPage page = new ErrorPage();
                page.setErrorCode(errorCode);
                page.setLocation(errorPage);
                context.addErrorPage(page);
            }
            tomcat.start();
            if (!context.getState().isAvailable()) {
                throw new IllegalStateException("Tomcat context did not start: " + context.getState());
            }
            return tomcat.getConnector().getLocalPort();
        }

        @Override
        String name() {
            return "Tomcat 11";
        }

        @Override
        public void close() throws Exception {
            if (tomcat != null) {
                tomcat.stop();
                tomcat.destroy();
            }
        }
    }
}
