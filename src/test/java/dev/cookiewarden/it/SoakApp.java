package dev.cookiewarden.it;

import dev.cookiewarden.CookieWardenFilter;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The application {@link ConcurrencySoakTest} loads: a page that echoes who asked and sets a
 * cookie of every category, and a servlet that sets them some other way. Every value set is the
 * visitor's marker (header {@code X-Visitor}), so an answer that carries another visitor's
 * cookies shows it.
 */
final class SoakApp {
    /** What the servlets set, and the category of each in {@code conformance.properties} (null: undeclared). */
    static final Map<String, String> SET_BY_SERVLETS = linked("JSESSIONID", "necessary", "lang", "preferences",
            "_ga", "analytics", "_ga_SOAK", "analytics", "_fbp", "marketing", "undeclared_soak", null);

    private SoakApp() {
    }

    private static Map<String, String> linked(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** A page that echoes the visitor's marker header and marker cookie, and sets a cookie of every category. */
    public static final class SoakPage extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String marker = req.getHeader("X-Visitor");
            for (String name : SET_BY_SERVLETS.keySet()) {
                resp.addCookie(new Cookie(name, marker));
            }
            resp.setContentType("text/html;charset=UTF-8");
            resp.getWriter().write("<!DOCTYPE html><html><head><title>soak</title></head><body><main data-visitor=\""
                    + marker + "\" data-jsession=\"" + cookie(req, "JSESSIONID") + "\"><p>Caf\u00e9</p></main></body></html>");
        }
    }

    /** Sets a cookie of every category one of several ways, chosen by the path. */
    public static final class SoakCookies extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String how = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
            switch (how) {
                case "async" -> {
                    AsyncContext ac = req.startAsync();
                    ac.start(() -> {
                        try {
                            write((HttpServletRequest) ac.getRequest(), (HttpServletResponse) ac.getResponse(), false);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        } finally {
                            ac.complete();
                        }
                    });
                }
                case "stream" -> write(req, resp, true);
                default -> write(req, resp, false);
            }
        }

        private static void write(HttpServletRequest req, HttpServletResponse resp, boolean big) throws IOException {
            String marker = req.getHeader("X-Visitor");
            int i = 0;
            for (String name : SET_BY_SERVLETS.keySet()) {
                if (i++ % 2 == 0) {
                    resp.addCookie(new Cookie(name, marker));
                } else {
                    resp.addHeader("set-cookie", name + "=" + marker + "; Path=/; Max-Age=3600");
                }
            }
            if (req.getParameter("session") != null) {
                req.getSession(true);
            }
            resp.setContentType("text/plain;charset=UTF-8");
            byte[] echo = ("visitor=" + marker + " jsession=" + cookie(req, "JSESSIONID") + "\n").getBytes(StandardCharsets.UTF_8);
            OutputStream out = resp.getOutputStream();
            out.write(echo);
            if (big) {
                byte[] block = new byte[16 * 1024];
                Arrays.fill(block, (byte) '.');
                for (int k = 0; k < 4; k++) {
                    out.write(block);
                }
            }
        }
    }

    private static String cookie(HttpServletRequest req, String name) {
        Cookie[] cookies = req.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (c.getName().equals(name)) {
                    return c.getValue();
                }
            }
        }
        return "";
    }

    /** The application behind {@code filter}: the page at {@code /page}, the other at {@code /c/*}. */
    static ServletContainerInitializer behind(CookieWardenFilter filter) {
        return (classes, ctx) -> {
            // The container's session cookie is then one that only analytics visitors may get.
            ctx.getSessionCookieConfig().setName("trk_session");
            FilterRegistration.Dynamic f = ctx.addFilter("cookieWarden", filter);
            f.setAsyncSupported(true);
            f.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
            ctx.addServlet("page", new SoakPage()).addMapping("/page");
            ServletRegistration.Dynamic s = ctx.addServlet("cookies", new SoakCookies());
            s.setAsyncSupported(true);
            s.addMapping("/c/*");
        };
    }
}
