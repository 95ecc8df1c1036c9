package dev.cookiewarden.it;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Runs the {@link CookieProgram} given in the request header {@value #PROGRAM}, and records what
 * the application could read of the request's cookies in every dispatch it runs in (REQUEST,
 * FORWARD, INCLUDE, ASYNC, ERROR, and async threads) under the request header {@value #TRY}, for
 * the test to read from {@link #seen(String)}: the test and the container share the JVM, so what
 * the application saw need not survive a {@code reset()} or an error page to be checked.
 *
 * <p>Operations that the servlet API refuses in the current state ({@code reset()} after the
 * commit, a forward after the commit, a second {@code startAsync}) are skipped, as an application
 * catching the exception would, and so is going async after {@code sendError} (a race with the
 * container's error handling that garbles Tomcat's response even without the filter); anything
 * else that goes wrong is a 500, which must not leak cookies either.
 */
public final class ProgramServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The request header carrying the program. */
    static final String PROGRAM = "X-Program";
    /** The request header naming one try, under which the observations are kept. */
    static final String TRY = "X-Try";

    private static final String FROM = "cw.test.from";
    private static final String TO = "cw.test.to";
    private static final String ASYNC = "cw.test.async";
    private static final String ERROR_SENT = "cw.test.error";
    private static final byte[] KIB = new byte[1024];
    private static final String HTML_START = "<!DOCTYPE html><html><head><title>p</title></head><body><p>";

    static {
        Arrays.fill(KIB, (byte) 'k');
    }

    /** What the application could read of the cookies in one dispatch. */
    record Seen(String where, List<String> getCookies, String getHeader, List<String> getHeaders, boolean inHeaderNames) {
    }

    private static final Map<String, Queue<Seen>> SEEN = new ConcurrentHashMap<>();

    /** What the application saw during the try {@code id}; forgotten once read. */
    static List<Seen> seen(String id) {
        Queue<Seen> q = SEEN.remove(id);
        return q == null ? List.of() : new ArrayList<>(q);
    }

    static void record(HttpServletRequest req, String where) {
        String id = req.getHeader(TRY);
        if (id == null) {
            return;
        }
        List<String> names = new ArrayList<>();
        Cookie[] cookies = req.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                names.add(c.getName());
            }
        }
        boolean inNames = Collections.list(req.getHeaderNames()).stream().anyMatch("cookie"::equalsIgnoreCase);
        SEEN.computeIfAbsent(id, k -> new ConcurrentLinkedQueue<>()).add(new Seen(where, names, req.getHeader("Cookie"),
                Collections.list(req.getHeaders("cookie")), inNames));
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        List<String[]> program = CookieProgram.read(req.getHeader(PROGRAM));
        Object from = req.getAttribute(FROM);
        Object to = req.getAttribute(TO);
        req.removeAttribute(FROM);
        req.removeAttribute(TO);
        DispatcherType type = req.getDispatcherType();
        record(req, type.name());
        run(req, resp, program, from == null ? 0 : (Integer) from, to == null ? program.size() : (Integer) to,
                type == DispatcherType.INCLUDE, false);
    }

    /**
     * Runs operations {@code from} (inclusive) to {@code to}; returns early when an operation hands
     * the rest of the program to another dispatch or thread.
     */
    private void run(HttpServletRequest req, HttpServletResponse resp, List<String[]> program, int from, int to,
                     boolean included, boolean asyncThread) throws ServletException, IOException {
        for (int i = from; i < to; i++) {
            String[] op = program.get(i);
            boolean dispatchAllowed = !included && !asyncThread;
            try {
                switch (op[0]) {
                    case "c" -> resp.addCookie(cookie(arg(op, 1), arg(op, 2)));
                    case "a" -> resp.addHeader(spelling(op), raw(op));
                    case "s" -> resp.setHeader(spelling(op), raw(op));
                    case "x" -> resp.setHeader(CookieProgram.HEADER_SPELLINGS.get(arg(op, 1)), null);
                    case "n" -> numeric(resp, arg(op, 1), CookieProgram.HEADER_SPELLINGS.get(arg(op, 2)));
                    case "g" -> req.getSession(true);
                    case "v" -> {
                        HttpSession s = req.getSession(false);
                        if (s != null) {
                            s.invalidate();
                        }
                    }
                    case "z" -> {
                        if (req.getSession(false) != null) {
                            req.changeSessionId();
                        }
                    }
                    case "r" -> resp.reset();
                    case "b" -> resp.resetBuffer();
                    case "f" -> resp.flushBuffer();
                    case "t" -> {
                        resp.setContentType("text/html;charset=UTF-8");
                        write(resp, HTML_START.getBytes(StandardCharsets.UTF_8), false);
                    }
                    case "w", "o" -> {
                        for (int k = 0; k < arg(op, 1); k++) {
                            write(resp, KIB, op[0].equals("o"));
                        }
                    }
                    case "B" -> resp.setBufferSize(arg(op, 1) * 1024);
                    case "S" -> resp.setStatus(arg(op, 1));
                    case "e" -> {
                        req.setAttribute(ERROR_SENT, Boolean.TRUE);
                        resp.sendError(arg(op, 1));
                    }
                    case "R" -> resp.sendRedirect("/elsewhere");
                    case "!" -> throw new IllegalArgumentException("the application failed (operation " + i + ")");
                    case "I" -> {
                        int end = Math.min(to, i + 1 + arg(op, 1));
                        if (dispatchAllowed) {
                            req.setAttribute(FROM, i + 1);
                            req.setAttribute(TO, end);
                            req.getRequestDispatcher("/p/included").include(req, resp);
                            i = end - 1;
                        }
                    }
                    case "F" -> {
                        if (dispatchAllowed && !resp.isCommitted()) {
                            req.setAttribute(FROM, i + 1);
                            req.setAttribute(TO, to);
                            req.getRequestDispatcher("/p/forwarded").forward(req, resp);
                            return;
                        }
                    }
                    case "A", "T", "D" -> {
                        // Going async after sendError races the container's own error handling:
                        // Tomcat then garbles the response now and then, with or without the filter.
                        if (dispatchAllowed && req.getAttribute(ASYNC) == null && req.getAttribute(ERROR_SENT) == null) {
                            req.setAttribute(ASYNC, op[0]);
                            startAsync(req, resp, program, i + 1, to, op[0]);
                            return;
                        }
                    }
                    default -> throw new ServletException("Unknown operation [" + String.join(":", op) + "]");
                }
            } catch (IllegalStateException refused) {
                // What the servlet API refuses in this state; an application would catch and go on.
            }
        }
    }

    private void startAsync(HttpServletRequest req, HttpServletResponse resp, List<String[]> program, int from, int to,
                            String how) {
        AsyncContext ac = how.equals("T") ? req.startAsync(req, resp) : req.startAsync();
        ac.setTimeout(10_000);
        try {
            switch (how) {
                case "D" -> {
                    req.setAttribute(FROM, from);
                    req.setAttribute(TO, to);
                    ac.dispatch(); // the rest runs in the ASYNC dispatch; the container completes after it
                }
                case "A" -> ac.start(() -> runAsync(ac, program, from, to));
                default -> {
                    Thread t = new Thread(() -> runAsync(ac, program, from, to), "program-async");
                    t.start();
                }
            }
        } catch (RuntimeException e) {
            ac.complete();
            throw e;
        }
    }

    private void runAsync(AsyncContext ac, List<String[]> program, int from, int to) {
        try {
            HttpServletRequest q = (HttpServletRequest) ac.getRequest();
            record(q, "async thread");
            run(q, (HttpServletResponse) ac.getResponse(), program, from, to, false, true);
        } catch (IOException | ServletException | RuntimeException e) {
            // The response may already be gone; what was set so far is what the test checks.
        } finally {
            try {
                ac.complete();
            } catch (IllegalStateException alreadyCompleted) {
                // The container completed it itself (an error in this thread, say): nothing to do.
            }
        }
    }

    private static Cookie cookie(int name, int variant) {
        Cookie c = new Cookie(CookieProgram.NAMES.get(name), "v-" + name);
        switch (variant) {
            case 0 -> { }
            case 1 -> {
                c.setMaxAge(3600);
                c.setPath("/");
            }
            case 2 -> c.setMaxAge(0);
            case 3 -> c.setMaxAge(Integer.MAX_VALUE);
            case 4 -> c.setAttribute("Expires", "Thu, 01 Jan 1970 00:00:00 GMT");
            case 5 -> c.setAttribute("Max-Age", "0");
            case 6 -> {
                c.setHttpOnly(true);
                c.setSecure(true);
                c.setAttribute("SameSite", "Strict");
            }
            default -> c.setPath("/deep");
        }
        return c;
    }

    private static void numeric(HttpServletResponse resp, int which, String header) {
        switch (which) {
            case 0 -> resp.setIntHeader(header, 1);
            case 1 -> resp.addIntHeader(header, 1);
            case 2 -> resp.setDateHeader(header, 0L);
            default -> resp.addDateHeader(header, 0L);
        }
    }

    private static String spelling(String[] op) {
        return CookieProgram.HEADER_SPELLINGS.get(arg(op, 1));
    }

    private static String raw(String[] op) {
        String name = CookieProgram.NAMES.get(arg(op, 2));
        return String.format(CookieProgram.PAIRS.get(arg(op, 3)), name) + CookieProgram.ATTRIBUTES.get(arg(op, 4));
    }

    private static int arg(String[] op, int index) {
        return Integer.parseInt(op[index]);
    }

    /** Through the writer, or the stream, whichever this response still allows. */
    private static void write(HttpServletResponse resp, byte[] bytes, boolean stream) throws IOException {
        if (stream) {
            try {
                OutputStream out = resp.getOutputStream();
                out.write(bytes);
                return;
            } catch (IllegalStateException writerTaken) {
                // fall through to the writer
            }
        }
        try {
            PrintWriter w = resp.getWriter();
            w.write(new String(bytes, StandardCharsets.ISO_8859_1));
        } catch (IllegalStateException streamTaken) {
            resp.getOutputStream().write(bytes);
        }
    }

    /** The error page for 404: it reads the cookies too, and tries to set every cookie there is. */
    public static final class ErrorPage extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            record(req, req.getDispatcherType().name() + " page");
            for (int n = 0; n < CookieProgram.NAMES.size(); n++) {
                resp.addCookie(new Cookie(CookieProgram.NAMES.get(n), "from-error-page"));
                resp.addHeader("set-cookie", CookieProgram.NAMES.get(n) + "=raw-from-error-page; Max-Age=60");
            }
            req.getSession(true);
            resp.setContentType("text/plain");
            resp.getWriter().print("error page");
        }
    }
}
