package dev.cookiewarden.bench.load;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The CPU time each request spends in its context's filter chain (Cookie Warden, when there is
 * one, and the application, with the writes it makes), measured on the request's own thread.
 * With requests to {@code /on} and {@code /off} interleaved one by one on the same connections,
 * both contexts run through the same moments of a shared machine's slowdowns, so the difference
 * of their means is the filter's cost with the machine's drift cancelled; runs of one context
 * after the other cannot cancel it.
 *
 * <p>Off until {@code /meter/start}: the two clock readings per request (a system call each) are
 * not paid by the ordinary load rounds. {@code /meter/stop} turns it off and answers
 * {@code on <requests> <ns> off <requests> <ns> clock <ns per reading>}, then {@code pages flushed}
 * when pages are flushed inside the window ({@code bench.meter.flush}).
 */
final class CpuMeter implements Filter {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final Totals ON = new Totals();
    private static final Totals OFF = new Totals();
    private static volatile boolean enabled;
    /**
     * Whether a page ({@code text/html}) is flushed inside the measured window
     * ({@code bench.meter.flush}): all of its bytes then reach the socket on the measured thread,
     * on both sides, wherever the container's buffers would have cut them. Without it, which of a
     * page's socket writes fall inside the window depends on how its bytes meet the buffers (one
     * more kilobyte, the banner, moves them), and Tomcat's moved from run to run. A JSON answer is
     * never flushed: it is sent whole after the chain on both sides, with its length.
     */
    private static final boolean FLUSH = Boolean.getBoolean("bench.meter.flush");
    /** What one thread CPU clock reading costs, measured once at start-up. */
    private static final long CLOCK_NANOS = calibrate();

    private final Totals totals;

    /** @param filtered whether this context is counted as the filtered side (Cookie Warden's, or a check of the measurement) */
    CpuMeter(boolean filtered) {
        this.totals = filtered ? ON : OFF;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!enabled) {
            chain.doFilter(request, response);
            return;
        }
        long start = THREADS.getCurrentThreadCpuTime();
        try {
            chain.doFilter(request, response);
            if (FLUSH && isPage(response) && !request.isAsyncStarted()) {
                response.flushBuffer();
            }
        } finally {
            totals.nanos.add(THREADS.getCurrentThreadCpuTime() - start);
            totals.requests.increment();
        }
    }

    private static boolean isPage(ServletResponse response) {
        String type = response.getContentType();
        return type != null && type.startsWith("text/html");
    }

    private static long calibrate() {
        long sink = 0;
        for (int i = 0; i < 20_000; i++) {
            sink += THREADS.getCurrentThreadCpuTime();
        }
        int n = 200_000;
        long start = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            sink += THREADS.getCurrentThreadCpuTime();
        }
        long perCall = (THREADS.getCurrentThreadCpuTime() - start) / n;
        return sink == 42 ? perCall + 1 : perCall; // keeps the loop from being removed
    }

    private static final class Totals {
        final LongAdder requests = new LongAdder();
        final LongAdder nanos = new LongAdder();

        void reset() {
            requests.reset();
            nanos.reset();
        }

        String report() {
            return requests.sum() + " " + nanos.sum();
        }
    }

    /** {@code /meter/start} and {@code /meter/stop}, in a context of their own. */
    static final class Control extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/plain");
            switch (String.valueOf(request.getPathInfo())) {
                case "/start" -> {
                    ON.reset();
                    OFF.reset();
                    enabled = true;
                    response.getWriter().println("started");
                }
                case "/stop" -> {
                    enabled = false;
                    response.getWriter().println(String.format(Locale.ROOT, "on %s off %s clock %d%s",
                            ON.report(), OFF.report(), CLOCK_NANOS, FLUSH ? " pages flushed" : ""));
                }
                default -> response.sendError(404);
            }
        }
    }
}
