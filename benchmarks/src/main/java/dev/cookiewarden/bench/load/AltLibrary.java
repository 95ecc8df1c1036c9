package dev.cookiewarden.bench.load;

import jakarta.servlet.Filter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Another build of the library, loaded beside this one in the load server, so that two builds
 * are compared by the interleaved rounds in one JVM: the server's own cost moves by far more from
 * one JVM to the next than a small change to the filter does (BENCHMARKS.md, the seventeenth
 * session), and within one JVM both builds pay the same container, on the same connections.
 *
 * <p>The library's classes and resources ({@code dev/cookiewarden/}, but not the benchmarks'
 * own) come from the other build's jar first; everything else (the Servlet API, Jackson,
 * Caffeine, SLF4J) from this server's class path, so the other build must use the same
 * versions of them. Its filter is made the way a programmatic registration makes it:
 * {@code WardenConfigParser.parse(Properties)}, then {@code new CookieWardenFilter(config)}.
 */
final class AltLibrary extends URLClassLoader {
    /** The system property naming the other build's jar. */
    static final String PROPERTY = "bench.alt.library";
    /** The system property naming a jar for the context on as well (a check of the comparison itself). */
    static final String ON_PROPERTY = "bench.on.library";
    private static final String OWN = "dev.cookiewarden.";
    private static final String OWN_RESOURCES = "dev/cookiewarden/";
    private static final String BENCHMARKS = "dev.cookiewarden.bench.";

    static {
        registerAsParallelCapable();
    }

    private AltLibrary(Path jar) throws IOException {
        super("alt-library", new URL[] {jar.toUri().toURL()}, AltLibrary.class.getClassLoader());
    }

    /**
     * The filter for {@code properties} of the build in the jar the system property
     * {@code property} names ({@value #PROPERTY} or {@value #ON_PROPERTY}).
     *
     * @throws IllegalStateException when the property is not set or the jar cannot make a filter
     */
    static Filter filter(String property, Properties properties) {
        String location = System.getProperty(property);
        if (location == null || location.isBlank()) {
            throw new IllegalStateException("No jar: -D" + property + "=<a build of the library> is not set");
        }
        Path jar = Path.of(location);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("-D" + property + " names no file: [" + location + "]");
        }
        try {
            AltLibrary loader = new AltLibrary(jar);
            Class<?> parser = loader.loadClass(OWN + "config.WardenConfigParser");
            Class<?> configType = loader.loadClass(OWN + "config.WardenConfig");
            Object config = parser.getMethod("parse", Properties.class).invoke(null, properties);
            // The library's classes come from the jar or not at all (ClassNotFoundException).
            Class<?> filterType = loader.loadClass(OWN + "CookieWardenFilter");
            return (Filter) filterType.getConstructor(configType).newInstance(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("The other build refused the configuration: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("[" + location + "] is not a build of the library this server can load: " + e, e);
        }
    }

    private static boolean ownClass(String name) {
        return name.startsWith(OWN) && !name.startsWith(BENCHMARKS);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!ownClass(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = findClass(name); // the other build's, never this server's copy
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        if (name.startsWith(OWN_RESOURCES)) {
            URL own = findResource(name);
            if (own != null) {
                return own;
            }
        }
        return super.getResource(name);
    }
}
