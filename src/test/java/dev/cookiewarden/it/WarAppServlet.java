package dev.cookiewarden.it;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

/**
 * The application of the WAR-style deployments ({@link ExplodedWar}), declared in web.xml at
 * {@code /app/*}. It knows nothing of Cookie Warden: it sets its cookies the ordinary way and
 * answers {@value #BODY} when a request reaches it.
 * <ul>
 *   <li>{@code /app/cookies}: sets {@code _ga} and {@code lang} with {@code addCookie} and creates
 *   a session (so the container adds {@code JSESSIONID});</li>
 *   <li>{@code /app/filters}: lists the filter registrations of the context, one
 *   {@code name=class} line each;</li>
 *   <li>{@code /app/library}: where the context's class loader loads the Cookie Warden filter
 *   class from.</li>
 * </ul>
 * Public with a public constructor: the containers instantiate it from the class name.
 */
public final class WarAppServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** What a request that reached the application answers. */
    static final String BODY = "app:ok";

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        PrintWriter out = resp.getWriter();
        switch (path) {
            case "/cookies" -> {
                Cookie ga = new Cookie("_ga", "GA1.1.42");
                ga.setPath("/");
                ga.setMaxAge(3600);
                resp.addCookie(ga);
                Cookie lang = new Cookie("lang", "fr");
                lang.setPath("/");
                lang.setMaxAge(3600);
                resp.addCookie(lang);
                req.getSession(true);
                out.print(BODY);
            }
            case "/filters" -> {
                Map<String, String> sorted = new TreeMap<>();
                for (Map.Entry<String, ? extends FilterRegistration> e
                        : getServletContext().getFilterRegistrations().entrySet()) {
                    sorted.put(e.getKey(), e.getValue().getClassName());
                }
                sorted.forEach((name, cls) -> out.print(name + "=" + cls + "\n"));
            }
            case "/library" -> {
                try {
                    Class<?> filter = Class.forName("dev.cookiewarden.CookieWardenFilter", false,
                            getServletContext().getClassLoader());
                    out.print(filter.getProtectionDomain().getCodeSource().getLocation());
                } catch (ClassNotFoundException e) {
                    out.print("not found");
                }
            }
            default -> resp.sendError(404);
        }
    }

    /**
     * An application filter declared in web.xml that reports, in the response header
     * {@value #SAW_HEADER}, the names of the request cookies it can read (sorted, comma-separated):
     * run after Cookie Warden it cannot read a cookie whose category is not granted.
     */
    public static final class CookieReadingFilter implements Filter {
        static final String SAW_HEADER = "X-App-Filter-Saw";

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            Cookie[] cookies = ((HttpServletRequest) request).getCookies();
            String names = cookies == null ? "" : java.util.Arrays.stream(cookies).map(Cookie::getName).sorted()
                    .collect(java.util.stream.Collectors.joining(","));
            ((HttpServletResponse) response).setHeader(SAW_HEADER, names);
            chain.doFilter(request, response);
        }
    }
}
