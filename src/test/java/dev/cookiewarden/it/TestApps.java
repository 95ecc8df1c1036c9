package dev.cookiewarden.it;

import dev.cookiewarden.CookieWardenFilter;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.config.WardenConfigParser;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Shared set-up for the smaller wire tests: a configuration variant and the scenario app. */
final class TestApps {
    private TestApps() {
    }

    /** Both containers, as arguments for a {@code @MethodSource}. */
    static Stream<Arguments> containers() {
        return Stream.of(Arguments.of((Supplier<Container>) Container::jetty),
                Arguments.of((Supplier<Container>) Container::tomcat));
    }

    /** The conformance configuration with some keys changed ({@code key, value, key, value...}). */
    static WardenConfig conformanceWith(String... keyValues) throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (InputStream in = TestApps.class.getResourceAsStream("/conformance.properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return WardenConfigParser.parse(p);
    }

    /** Starts the scenario servlet at {@code /s/*} behind {@code filter}; returns the port. */
    static int startScenarioApp(Container container, CookieWardenFilter filter) throws Exception {
        ServletContainerInitializer setup = (classes, ctx) -> {
            addFilter(ctx, filter);
            ctx.addServlet("scenario", new ScenarioServlet()).addMapping("/s/*");
        };
        return container.start(setup, 0, null);
    }

    /** Registers {@code filter} as documented: every path, every dispatcher type, async supported. */
    static void addFilter(ServletContext ctx, CookieWardenFilter filter) {
        FilterRegistration.Dynamic f = ctx.addFilter("cookieWarden", filter);
        f.setAsyncSupported(true);
        f.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
    }

    /** Registers {@code servlet}, async supported, at {@code mapping}. */
    static void addServlet(ServletContext ctx, String name, Servlet servlet, String mapping) {
        ServletRegistration.Dynamic s = ctx.addServlet(name, servlet);
        s.setAsyncSupported(true);
        s.addMapping(mapping);
    }
}
