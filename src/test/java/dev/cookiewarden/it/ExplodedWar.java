package dev.cookiewarden.it;

import dev.cookiewarden.CookieWardenFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * An exploded web application directory, built under {@code target/registration-it/} at test
 * time, laid out the way a WAR built with Cookie Warden as a dependency would be:
 * <pre>
 * WEB-INF/web.xml                      the servlet; the filter only when the test declares it
 * WEB-INF/lib/cookie-warden.jar        the library, with its META-INF/services entry
 * WEB-INF/cookie-warden.properties     when the test adds it
 * </pre>
 *
 * <p>Why the library goes into {@code WEB-INF/lib} although its classes are also on the test
 * class path: that is where an application ships it, and it is what the containers look at. Both
 * Tomcat and Jetty treat a {@code ServletContainerInitializer} found in a {@code WEB-INF/lib}
 * jar differently from one found on the container's own class path (a web.xml
 * {@code <absolute-ordering>} can exclude the former, not the latter, Servlet 6.0 section 8.2.4;
 * Jetty's {@code AnnotationConfiguration} classifies each initializer by where its class was
 * loaded from), so testing through the parent class loader alone would test a deployment no user
 * has. Both containers load web application classes child-first by default
 * (Tomcat's {@code delegate=false}, Jetty's {@code parentLoaderPriority=false}), so the filter,
 * the initializer and everything they reference in {@code dev.cookiewarden} come from that jar,
 * consistently; the parent's copy is only used by the test code itself, and the two never meet
 * (the test talks to the application over HTTP only). The dependencies (Jackson, Caffeine,
 * SLF4J) and the test servlet ({@link WarAppServlet}) come from the parent class loader, which
 * both containers consult after the web application's own classes. {@link WarAppServlet}'s
 * {@code /app/library} path reports where the filter class was loaded from, and the drop-in test
 * asserts it is the jar.
 */
final class ExplodedWar {
    static final Path ROOT = Path.of("target", "registration-it").toAbsolutePath();
    /** Set-Cookie name of the consent cookie with the default configuration. */
    static final String CONSENT_COOKIE = "cookie_warden";

    private final Path dir;
    private final Map<String, String> contextParams = new LinkedHashMap<>();
    private final List<String> filters = new ArrayList<>();

    private ExplodedWar(Path dir) {
        this.dir = dir;
    }

    /** A new, empty web application directory with the library in WEB-INF/lib. */
    static ExplodedWar create(String scenario) {
        try {
            Files.createDirectories(ROOT);
            Path dir = Files.createTempDirectory(ROOT, scenario + "-");
            Files.createDirectories(dir.resolve("WEB-INF/lib"));
            Files.copy(libraryJar(), dir.resolve("WEB-INF/lib/cookie-warden.jar"));
            return new ExplodedWar(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dir() {
        return dir;
    }

    /** Declares Cookie Warden in web.xml as the filter's Javadoc shows, first in the chain. */
    ExplodedWar declareFilter(String name, Map<String, String> initParams) {
        StringBuilder b = new StringBuilder();
        b.append("  <filter>\n    <filter-name>").append(name).append("</filter-name>\n")
                .append("    <filter-class>").append(CookieWardenFilter.class.getName()).append("</filter-class>\n")
                .append("    <async-supported>true</async-supported>\n");
        initParams.forEach((k, v) -> b.append("    <init-param><param-name>").append(xml(k))
                .append("</param-name><param-value>").append(xml(v)).append("</param-value></init-param>\n"));
        b.append("  </filter>\n  <filter-mapping>\n    <filter-name>").append(name).append("</filter-name>\n")
                .append("    <url-pattern>/*</url-pattern>\n")
                .append("    <dispatcher>REQUEST</dispatcher>\n    <dispatcher>FORWARD</dispatcher>\n")
                .append("    <dispatcher>INCLUDE</dispatcher>\n    <dispatcher>ERROR</dispatcher>\n")
                .append("    <dispatcher>ASYNC</dispatcher>\n  </filter-mapping>\n");
        filters.add(b.toString());
        return this;
    }

    /** Declares the application's own filter {@link WarAppServlet.CookieReadingFilter} for {@code /*}. */
    ExplodedWar declareCookieReadingFilter() {
        return declareCookieReadingFilter("cookieReader");
    }

    /** The same application filter under another name (such as the one Cookie Warden registers itself under). */
    ExplodedWar declareCookieReadingFilter(String name) {
        filters.add("  <filter>\n    <filter-name>" + name + "</filter-name>\n    <filter-class>"
                + WarAppServlet.CookieReadingFilter.class.getName() + "</filter-class>\n"
                + "    <async-supported>true</async-supported>\n  </filter>\n"
                + "  <filter-mapping>\n    <filter-name>" + name + "</filter-name>\n    <url-pattern>/*</url-pattern>\n"
                + "  </filter-mapping>\n");
        return this;
    }

    ExplodedWar contextParam(String name, String value) {
        contextParams.put(name, value);
        return this;
    }

    /** Writes the wire-test configuration (plus {@code extraLines}) to {@code relative}. */
    ExplodedWar config(String relative, String... extraLines) {
        write(dir.resolve(relative), configText(extraLines));
        return this;
    }

    /** The wire-test configuration ({@code conformance.properties}) with extra lines appended. */
    static String configText(String... extraLines) {
        try (InputStream in = ExplodedWar.class.getResourceAsStream("/conformance.properties")) {
            StringBuilder b = new StringBuilder(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            b.append('\n');
            for (String line : extraLines) {
                b.append(line).append('\n');
            }
            return b.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes WEB-INF/web.xml; returns the application directory. */
    Path build() {
        StringBuilder b = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee"
                         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                         xsi:schemaLocation="https://jakarta.ee/xml/ns/jakartaee https://jakarta.ee/xml/ns/jakartaee/web-app_6_0.xsd"
                         version="6.0">
                """);
        contextParams.forEach((k, v) -> b.append("  <context-param><param-name>").append(xml(k))
                .append("</param-name><param-value>").append(xml(v)).append("</param-value></context-param>\n"));
        filters.forEach(b::append);
        b.append("  <servlet>\n    <servlet-name>app</servlet-name>\n    <servlet-class>")
                .append(WarAppServlet.class.getName()).append("</servlet-class>\n")
                .append("    <async-supported>true</async-supported>\n  </servlet>\n")
                .append("  <servlet-mapping>\n    <servlet-name>app</servlet-name>\n")
                .append("    <url-pattern>/app/*</url-pattern>\n  </servlet-mapping>\n</web-app>\n");
        write(dir.resolve("WEB-INF/web.xml"), b.toString());
        return dir;
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Path libraryJar;

    /**
     * The library as a jar, built once per test run from the compiled main classes (or the jar
     * they already are in).
     */
    static synchronized Path libraryJar() throws IOException {
        if (libraryJar != null) {
            return libraryJar;
        }
        Path classes;
        try {
            classes = Path.of(CookieWardenFilter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Files.createDirectories(ROOT);
        Path jar = Files.createTempFile(ROOT, "cookie-warden-", ".jar");
        if (Files.isRegularFile(classes)) {
            Files.copy(classes, jar, StandardCopyOption.REPLACE_EXISTING);
        } else {
            try (OutputStream out = Files.newOutputStream(jar);
                    JarOutputStream zip = new JarOutputStream(out);
                    Stream<Path> files = Files.walk(classes)) {
                for (Path p : (Iterable<Path>) files.sorted()::iterator) {
                    if (p.equals(classes)) {
                        continue;
                    }
                    String name = classes.relativize(p).toString().replace('\\', '/');
                    if (Files.isDirectory(p)) {
                        zip.putNextEntry(new JarEntry(name + "/"));
                    } else {
                        zip.putNextEntry(new JarEntry(name));
                        Files.copy(p, zip);
                    }
                    zip.closeEntry();
                }
            }
        }
        libraryJar = jar;
        return jar;
    }
}
