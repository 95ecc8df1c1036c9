package dev.cookiewarden.it;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The application under test: each path sets cookies one particular way, so the suite can check
 * that every way is enforced. Cookie names come from the {@code names} parameter.
 */
public final class ScenarioServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String scenario = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
        List<String> names = names(req);
        switch (scenario) {
            case "addCookie" -> {
                for (String n : names) {
                    Cookie c = new Cookie(n, "v-" + n);
                    c.setPath("/");
                    c.setMaxAge(3600);
                    resp.addCookie(c);
                }
                resp.getWriter().print("ok");
            }
            case "addHeader" -> {
                String headerName = header(req);
                for (String n : names) {
                    resp.addHeader(headerName, n + "=v-" + n + "; Path=/; Max-Age=3600");
                }
                resp.getWriter().print("ok");
            }
            case "setHeader" -> {
                String headerName = header(req);
                for (String n : names) {
                    resp.setHeader(headerName, n + "=v-" + n + "; Path=/");
                }
                resp.getWriter().print("ok");
            }
            case "setNull" -> {
                resp.addCookie(new Cookie("lang", "fr"));
                resp.setHeader("Set-Cookie", null);
                resp.addCookie(new Cookie("_ga", "GA1"));
                resp.addCookie(new Cookie("JSESSIONID", "app-set"));
                resp.getWriter().print("ok");
            }
            case "raw" -> {
                for (String v : req.getParameterValues("v")) {
                    resp.addHeader("Set-Cookie", v);
                }
                resp.getWriter().print("ok");
            }
            case "numeric" -> {
                resp.addIntHeader("Set-Cookie", 42);
                resp.addDateHeader("set-cookie", 0L);
                resp.getWriter().print("ok");
            }
            case "longLived" -> {
                Cookie c = new Cookie("_ga", "GA1");
                c.setMaxAge(5 * 365 * 24 * 3600);
                resp.addCookie(c);
                resp.addHeader("Set-Cookie", "_ga_X=1; Expires=Fri, 31 Dec 2100 23:59:59 GMT; Path=/");
                Cookie s = new Cookie("JSESSIONID", "x");
                s.setMaxAge(Integer.MAX_VALUE);
                resp.addCookie(s);
                resp.getWriter().print("ok");
            }
            case "session" -> {
                setAll(resp, names);
                req.getSession(true).setAttribute("x", "y");
                resp.getWriter().print("ok");
            }
            case "sessionAfterWrite" -> {
                resp.getWriter().print("first part ");
                req.getSession(true);
                resp.getWriter().print("second part");
            }
            case "sessionThenFlush" -> {
                req.getSession(true);
                resp.flushBuffer();
                resp.getWriter().print("after flush");
            }
            case "sessionThenStreamFlush" -> {
                req.getSession(true);
                resp.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
                resp.getOutputStream().flush();
            }
            case "big" -> {
                req.getSession(true);
                setAll(resp, names);
                byte[] block = new byte[8192];
                java.util.Arrays.fill(block, (byte) 'a');
                for (int i = 0; i < 64; i++) {
                    resp.getOutputStream().write(block);
                }
            }
            case "bigWriter" -> {
                req.getSession(true);
                PrintWriter w = resp.getWriter();
                String block = "é".repeat(4096);
                for (int i = 0; i < 64; i++) {
                    w.print(block);
                }
            }
            case "contentLength" -> {
                req.getSession(true);
                resp.setContentLength(5);
                resp.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            }
            case "reset" -> {
                resp.addCookie(new Cookie("_ga", "before-reset"));
                req.getSession(true);
                resp.getWriter().print("discarded");
                resp.reset();
                resp.addCookie(new Cookie("lang", "after-reset"));
                resp.getWriter().print("ok");
            }
            case "resetBuffer" -> {
                setAll(resp, names);
                resp.getWriter().print("discarded");
                resp.resetBuffer();
                req.getSession(true);
                resp.getWriter().print("ok");
            }
            case "sendError" -> {
                setAll(resp, names);
                req.getSession(true);
                resp.sendError(404);
            }
            case "redirect" -> {
                setAll(resp, names);
                req.getSession(true);
                resp.sendRedirect("/elsewhere");
            }
            case "forward" -> req.getRequestDispatcher("/s/session").forward(req, resp);
            case "include" -> {
                resp.getWriter().print("before include ");
                req.getRequestDispatcher("/inc").include(req, resp);
                resp.getWriter().print(" after include");
            }
            case "asyncWrapped" -> {
                AsyncContext ac = req.startAsync();
                ac.start(() -> {
                    try {
                        HttpServletResponse r = (HttpServletResponse) ac.getResponse();
                        HttpServletRequest q = (HttpServletRequest) ac.getRequest();
                        setAll(r, names);
                        q.getSession(true);
                        r.getWriter().print("async ok");
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        ac.complete();
                    }
                });
            }
            case "asyncOwnThread" -> {
                AsyncContext ac = req.startAsync(req, resp);
                Thread t = new Thread(() -> {
                    try {
                        setAll(resp, names);
                        req.getSession(true);
                        resp.getWriter().print("thread ok");
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        ac.complete();
                    }
                });
                t.start();
            }
            case "asyncDispatch" -> {
                if (req.getDispatcherType() == jakarta.servlet.DispatcherType.ASYNC) {
                    setAll(resp, names);
                    req.getSession(true);
                    resp.getWriter().print("dispatched ok");
                } else {
                    req.startAsync().dispatch();
                }
            }
            case "status" -> {
                setAll(resp, names);
                req.getSession(true);
                resp.setStatus(Integer.parseInt(req.getParameter("code")));
            }
            case "echo" -> {
                resp.setContentType("text/plain");
                PrintWriter w = resp.getWriter();
                List<String> cookieNames = new ArrayList<>();
                Cookie[] cookies = req.getCookies();
                if (cookies != null) {
                    for (Cookie c : cookies) {
                        cookieNames.add(c.getName());
                    }
                }
                w.println("getCookies=" + cookieNames);
                w.println("getHeader=" + req.getHeader("cookie"));
                w.println("getHeaders=" + Collections.list(req.getHeaders("COOKIE")));
                w.println("hasCookieName=" + Collections.list(req.getHeaderNames()).stream()
                        .anyMatch(h -> h.equalsIgnoreCase("cookie")));
            }
            default -> resp.sendError(400, "unknown scenario " + scenario);
        }
    }

    static void setAll(HttpServletResponse resp, List<String> names) {
        for (String n : names) {
            resp.addCookie(new Cookie(n, "v-" + n));
        }
    }

    private static String header(HttpServletRequest req) {
        String h = req.getParameter("header");
        return h == null ? "Set-Cookie" : h;
    }

    private static List<String> names(HttpServletRequest req) {
        String p = req.getParameter("names");
        return p == null || p.isEmpty() ? List.of() : List.of(p.split(","));
    }

    /** The included servlet: it creates a session and tries to set cookies from inside an include. */
    public static final class Included extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            req.getSession(true);
            resp.addCookie(new Cookie("_fbp", "from-include"));
            resp.getWriter().print("included");
        }
    }

    /** The error page: sets cookies of its own. */
    public static final class ErrorPage extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.addCookie(new Cookie("_fbp", "from-error-page"));
            resp.addCookie(new Cookie("lang", "from-error-page"));
            resp.setContentType("text/plain");
            resp.getWriter().print("error page");
        }
    }
}
