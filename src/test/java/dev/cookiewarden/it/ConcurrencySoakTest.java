package dev.cookiewarden.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import dev.cookiewarden.CookieWardenFilter;
import dev.cookiewarden.banner.BannerRenderer;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.consent.ConsentCache;
import dev.cookiewarden.enforce.CookieLineMemo;
import dev.cookiewarden.inventory.CookieInventory;
import dev.cookiewarden.memo.RecentAnswers;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Many visitors at once, on Jetty 12 and Tomcat 11 at the same time: {@value #DEFAULT_VISITORS}
 * virtual visitors, each with a consent state of its own (undecided, undecided with
 * {@code Sec-GPC: 1}, refused, everything, or one of the eight subsets of the optional
 * categories) and a cookie jar per container, share a fixed pool of {@value #DEFAULT_THREADS}
 * threads for {@value #DEFAULT_SECONDS} seconds over keep-alive loopback connections. A visitor
 * chooses through the real consent endpoint, renews the choice now and then, loads pages (the
 * banner is injected) and calls a servlet that sets a cookie of every category (through
 * {@code addCookie}, {@code addHeader}, the session, on the container thread, asynchronously, or
 * past the buffer), each value being the visitor's marker. Every answer is checked against that visitor and no other:
 * <ul>
 *   <li>no error: every status is the expected one, no I/O failure;</li>
 *   <li>the Set-Cookie names are exactly those the visitor's grants allow, every value carries the
 *       visitor's marker, and the page echoes the visitor's marker header and marker cookie;</li>
 *   <li>the banner's state ({@code data-cw-granted}, {@code data-cw-decided}, {@code data-cw-gpc})
 *       is the visitor's, and the endpoint answers with the visitor's own consent id;</li>
 *   <li>each filter's consent cache holds no more than the values it verified (read through
 *       reflection, the cache not being reachable otherwise; skipped, and said so, if the fields
 *       move) and stays under its bound;</li>
 *   <li>the kept page snippets, the kept {@code Cookie} lines and the cookie inventory (its names
 *       and its sets of names counted together, fed because the admin endpoint exists) stay under
 *       their bounds, read likewise;</li>
 *   <li>once both containers are stopped, no thread they or the filter started is left.</li>
 * </ul>
 * A summary line goes to standard output and {@code target/soak-report.txt}.
 *
 * <p>Scale with {@code -Dcookiewarden.soak.seconds=600}, {@code -Dcookiewarden.soak.visitors=2000}
 * and {@code -Dcookiewarden.soak.threads=64}. Traffic only ever goes to 127.0.0.1.
 */
class ConcurrencySoakTest {
    static final int DEFAULT_SECONDS = 10;
    static final int DEFAULT_VISITORS = 300;
    static final int DEFAULT_THREADS = 32;

    private static final String CONSENT = "cookie_warden";
    private static final List<String> OPTIONAL = List.of("preferences", "analytics", "marketing");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern GUARD = Pattern.compile(
            "data-cw-granted=\"([^\"]*)\" data-cw-decided=\"(true|false)\" data-cw-gpc=\"(true|false)\"");
    private static final Pattern ECHO = Pattern.compile("data-visitor=\"([^\"]*)\" data-jsession=\"([^\"]*)\"");
    /** Threads of the JVM, surefire and JUnit: not ours to account for. */
    private static final Pattern JVM_THREAD = Pattern.compile("Reference Handler|Finalizer|Signal Dispatcher"
            + "|Attach Listener|Common-Cleaner|Notification Thread|process reaper|ForkJoinPool\\.commonPool-.*"
            + "|C[12] CompilerThread.*|Sweeper thread|JFR .*|surefire-.*|junit-.*|Keep-Alive-.*|DestroyJavaVM");

    private static int intProperty(String name, int fallback) {
        return Integer.getInteger(name, fallback);
    }

    // ---- visitors ------------------------------------------------------------------------------

    /** One virtual visitor: a consent intention, and per container a cookie jar and what it was told. */
    static final class Visitor {
        final int number;
        final String marker;
        /** Null: never chooses. Otherwise the categories granted through the endpoint. */
        final Set<String> choice;
        final String action;
        final boolean gpc;
        final Map<Integer, Map<String, String>> jars = new ConcurrentHashMap<>();
        final Map<Integer, String> consentIds = new ConcurrentHashMap<>();

        Visitor(int number) {
            this.number = number;
            this.marker = "visitor-" + number;
            int kind = number % 12;
            switch (kind) {
                case 0, 1 -> {
                    choice = null;
                    action = null;
                }
                case 2 -> {
                    choice = Set.of();
                    action = "reject-all";
                }
                case 3 -> {
                    choice = Set.copyOf(OPTIONAL);
                    action = "accept-all";
                }
                default -> {
                    int bits = kind - 4; // 0..7: every subset, the empty and the full one included
                    Set<String> s = new TreeSet<>();
                    for (int b = 0; b < 3; b++) {
                        if ((bits & (1 << b)) != 0) {
                            s.add(OPTIONAL.get(b));
                        }
                    }
                    choice = Set.copyOf(s);
                    action = "save";
                }
            }
            this.gpc = kind == 1 || number % 5 == 0;
        }

        Set<String> granted() {
            return choice == null ? Set.of() : choice;
        }

        Map<String, String> jar(int port) {
            return jars.computeIfAbsent(port, p -> {
                // What the browser holds from before the filter was installed: all of it stale.
                Map<String, String> jar = new LinkedHashMap<>();
                jar.put("JSESSIONID", marker);
                jar.put("lang", "stale");
                jar.put("_ga", "stale");
                jar.put("_fbp", "stale");
                return jar;
            });
        }

        String expectedGuard() {
            String granted = OPTIONAL.stream().filter(granted()::contains).collect(Collectors.joining(" "));
            boolean decided = choice != null;
            return granted + "|" + decided + "|" + (gpc && !decided);
        }

        @Override
        public String toString() {
            return marker + "[" + (choice == null ? "undecided" : action + " " + choice) + (gpc ? ", Sec-GPC" : "") + "]";
        }
    }

    static boolean allowed(String name, Set<String> granted) {
        String category = name.equals("trk_session") ? "analytics" : SoakApp.SET_BY_SERVLETS.get(name);
        return category != null && (category.equals("necessary") || granted.contains(category));
    }


    // ---- the soak ------------------------------------------------------------------------------

    /** Requests sent again on a fresh connection because the server had closed the kept-alive one. */
    static final AtomicLong RETRIES = new AtomicLong();

    /** What was checked and what went wrong, counted, with the first few examples kept for the report. */
    static final class Findings {
        final AtomicLong pages = new AtomicLong();
        final AtomicLong cookieCalls = new AtomicLong();
        final AtomicLong choices = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong violations = new AtomicLong();
        final Examples examples = new Examples();

        void error(String what) {
            errors.incrementAndGet();
            examples.add("ERROR " + what);
        }

        void violation(String what) {
            violations.incrementAndGet();
            examples.add("VIOLATION " + what);
        }

        static final class Examples {
            private final ConcurrentLinkedQueue<String> items = new ConcurrentLinkedQueue<>();
            private final AtomicInteger size = new AtomicInteger();

            void add(String s) {
                if (size.incrementAndGet() <= 20) {
                    items.add(s.length() > 1500 ? s.substring(0, 1500) + "..." : s);
                }
            }

            List<String> list() {
                return new ArrayList<>(items);
            }
        }
    }

    /** One container under load, with its filter and its counters. */
    static final class Target {
        final Container container;
        final CookieWardenFilter filter;
        final int port;
        final AtomicLong requests = new AtomicLong();
        final Set<String> consentValuesIssued = ConcurrentHashMap.newKeySet();
        OptionalLong cacheSize = OptionalLong.empty();
        OptionalLong snippetCacheSize = OptionalLong.empty();
        /** Lines the Cookie line memo holds, names and sets the inventory keeps; sets empty if out of reach. */
        OptionalLong cookieLinesKept = OptionalLong.empty();
        OptionalLong inventoryNames = OptionalLong.empty();
        OptionalLong inventorySets = OptionalLong.empty();

        Target(Container container, WardenConfig config) throws Exception {
            this.container = container;
            this.filter = new CookieWardenFilter(config);
            this.port = container.start(SoakApp.behind(filter), 0, null);
        }
    }

    @Test
    void manyVisitorsAtOnceNeverSeeAnotherVisitorsCookiesOrBannerState() throws Exception {
        int seconds = intProperty("cookiewarden.soak.seconds", DEFAULT_SECONDS);
        int visitorCount = intProperty("cookiewarden.soak.visitors", DEFAULT_VISITORS);
        int threadCount = intProperty("cookiewarden.soak.threads", DEFAULT_THREADS);
        Set<Thread> before = Thread.getAllStackTraces().keySet();

        // With the admin endpoint, the inventory's one reader: without it no request feeds the
        // inventory, and its bounds would hold trivially.
        WardenConfig config = TestApps.conformanceWith("admin.token", "soak-admin-token-0123456789abcdefghij");
        List<Target> targets = List.of(new Target(Container.jetty(), config), new Target(Container.tomcat(), config));
        ConcurrentLinkedQueue<Visitor> idle = new ConcurrentLinkedQueue<>();
        for (int v = 0; v < visitorCount; v++) {
            idle.add(new Visitor(v));
        }
        Findings findings = new Findings();
        List<long[]> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger workerNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threadCount,
                r -> new Thread(r, "soak-worker-" + workerNumber.incrementAndGet()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long started = System.nanoTime();
        for (int t = 0; t < threadCount; t++) {
            pool.execute(() -> work(targets, idle, deadline, findings, latencies));
        }
        pool.shutdown();
        boolean finished = pool.awaitTermination(seconds + 60L, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - started;
        for (Target t : targets) {
            t.cacheSize = consentCacheSize(t.filter);
            t.snippetCacheSize = snippetCacheSize(t.filter);
            readLineMemoAndInventory(t);
        }
        for (Target t : targets) {
            t.container.close();
        }
        List<String> leftover = threadsLeftBehind(before);

        long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        long total = targets.stream().mapToLong(t -> t.requests.get()).sum();
        String summary = String.format(Locale.ROOT,
                "soak: %s and %s at once, %d visitors on %d threads for %.1f s: %d requests (%s; %d pages, %d cookie calls,"
                        + " %d choices), %.0f requests/s, errors %d, violations %d, retried connections %d,"
                        + " latency p50 %.1f ms p99 %.1f ms max %.1f ms, "
                        + "consent cache %s, threads left behind %d",
                targets.get(0).container, targets.get(1).container, visitorCount, threadCount, elapsed / 1e9, total,
                targets.stream().map(t -> t.container + " " + t.requests.get()).collect(Collectors.joining(", ")),
                findings.pages.get(), findings.cookieCalls.get(), findings.choices.get(), total / (elapsed / 1e9),
                findings.errors.get(), findings.violations.get(), RETRIES.get(),
                percentile(all, 50), percentile(all, 99), all.length == 0 ? 0 : all[all.length - 1] / 1e6,
                targets.stream().map(t -> t.container + " " + (t.cacheSize.isPresent()
                        ? t.cacheSize.getAsLong() + " entries for " + t.consentValuesIssued.size() + " values issued"
                        : "not measured (its fields are out of reach)")
                        + (t.snippetCacheSize.isPresent() ? ", " + t.snippetCacheSize.getAsLong() + " page snippets kept" : "")
                        + (t.inventorySets.isPresent() ? ", " + t.cookieLinesKept.getAsLong() + " Cookie lines kept, inventory "
                                + t.inventoryNames.getAsLong() + " names and " + t.inventorySets.getAsLong() + " sets"
                                : ", Cookie lines and inventory not measured (their fields are out of reach)"))
                        .collect(Collectors.joining(", ")),
                leftover.size());
        System.out.println(summary);
        Path report = Path.of("target", "soak-report.txt");
        Files.createDirectories(report.getParent());
        List<String> lines = new ArrayList<>(List.of(summary));
        lines.addAll(findings.examples.list());
        lines.addAll(leftover.stream().map(n -> "thread left behind: " + n).toList());
        Files.write(report, lines, StandardCharsets.UTF_8);

        assertTrue(finished, "the workers did not stop: " + summary);
        assertTrue(total > 0, summary);
        assertEquals(0, findings.errors.get(), () -> summary + "\n" + String.join("\n", findings.examples.list()));
        assertEquals(0, findings.violations.get(), () -> summary + "\n" + String.join("\n", findings.examples.list()));
        for (Target t : targets) {
            if (t.cacheSize.isPresent()) {
                long size = t.cacheSize.getAsLong();
                assertTrue(size <= ConsentCache.DEFAULT_MAXIMUM_SIZE, summary);
                // Only values that verify are cached: never more entries than values the endpoint minted.
                assertTrue(size <= t.consentValuesIssued.size(), summary);
            }
            if (t.snippetCacheSize.isPresent()) {
                assertTrue(t.snippetCacheSize.getAsLong() <= maxCachedSnippets(), summary);
            }
            if (t.inventorySets.isPresent()) {
                assertTrue(t.cookieLinesKept.getAsLong() <= constant(CookieLineMemo.class, "SLOTS"), summary);
                assertTrue(t.inventoryNames.getAsLong() <= CookieInventory.MAX_NAMES, summary);
                assertTrue(t.inventorySets.getAsLong() <= CookieInventory.MAX_SETS, summary);
                // Every visitor sends cookies of its own consent state: the sets of names and
                // outcomes are few, whatever the number of visitors.
                assertTrue(t.inventorySets.getAsLong() > 0, summary);
            }
        }
        assertEquals(List.of(), leftover, summary);
    }

    private static void work(List<Target> targets, ConcurrentLinkedQueue<Visitor> idle, long deadline,
                             Findings findings, List<long[]> latencies) {
        Map<Integer, KeepAliveConnection> connections = new LinkedHashMap<>();
        long[] mine = new long[1024];
        int count = 0;
        try {
            while (System.nanoTime() < deadline) {
                Visitor v = idle.poll();
                if (v == null) {
                    Thread.onSpinWait();
                    continue;
                }
                try {
                    Target t = targets.get(ThreadLocalRandom.current().nextInt(targets.size()));
                    KeepAliveConnection c = connections.computeIfAbsent(t.port, port -> new KeepAliveConnection(port, RETRIES));
                    long start = System.nanoTime();
                    step(v, t, c, findings);
                    if (count == mine.length) {
                        mine = Arrays.copyOf(mine, count * 2);
                    }
                    mine[count++] = System.nanoTime() - start;
                } finally {
                    idle.add(v);
                }
            }
        } catch (RuntimeException | Error e) {
            findings.error("worker died: " + e);
        } finally {
            connections.values().forEach(KeepAliveConnection::close);
            latencies.add(Arrays.copyOf(mine, count));
        }
    }

    /** One thing a visitor does on one container, then every check of its answer. */
    private static void step(Visitor v, Target t, KeepAliveConnection c, Findings findings) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Map<String, String> jar = v.jar(t.port);
        String where = v + " on " + t.container;
        try {
            if (v.choice != null && (!jar.containsKey(CONSENT) || random.nextInt(40) == 0)) {
                choose(v, t, c, jar, findings, where);
                return;
            }
            int what = random.nextInt(8);
            String path = switch (what) {
                case 0, 1, 2, 3 -> "/page";
                case 4 -> "/c/plain?session=1";
                case 5 -> "/c/async" + (random.nextBoolean() ? "?session=1" : "");
                case 6 -> "/c/stream";
                default -> "/c/plain";
            };
            boolean page = path.equals("/page");
            String junk = v.choice == null && random.nextInt(10) == 0 ? "junk-" + random.nextLong() : null;
            RawHttp.Response r = send(t, c, "GET " + path + " HTTP/1.1\r\n" + (page ? "Accept: text/html\r\n" : ""),
                    null, v, jar, junk);
            if (r.status() != 200) {
                findings.error(where + " " + path + " -> " + r);
                return;
            }
            checkCookies(v, r, path.contains("session"), where + " " + path, findings);
            (page ? findings.pages : findings.cookieCalls).incrementAndGet();
            if (page) {
                checkPage(v, r, where, findings);
            } else if (!r.body().startsWith("visitor=" + v.marker + " jsession=" + v.marker + "\n")) {
                findings.violation(where + " " + path + " echoed another visitor: " + r);
            }
            apply(jar, r);
        } catch (IOException | RuntimeException e) {
            findings.error(where + ": " + e);
            c.close();
        }
    }

    private static void choose(Visitor v, Target t, KeepAliveConnection c, Map<String, String> jar, Findings findings,
                               String where) throws IOException {
        StringBuilder form = new StringBuilder("action=").append(v.action);
        if (v.action.equals("save")) {
            v.choice.stream().sorted().forEach(cat -> form.append("&category=").append(cat));
        }
        RawHttp.Response r = send(t, c, "POST /cookie-consent HTTP/1.1\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\n", form.toString(), v, jar, null);
        if (r.status() != 200) {
            findings.error(where + " choosing -> " + r);
            return;
        }
        String value = r.cookieValue(CONSENT);
        if (value == null) {
            findings.error(where + " chose but got no consent cookie: " + r);
            return;
        }
        t.consentValuesIssued.add(value);
        findings.choices.incrementAndGet();
        JsonNode state = JSON.readTree(r.body());
        Set<String> granted = new TreeSet<>();
        state.get("categories").forEach(cat -> {
            if (cat.get("granted").asBoolean() && !cat.get("required").asBoolean()) {
                granted.add(cat.get("id").asText());
            }
        });
        if (!granted.equals(new TreeSet<>(v.choice)) || !state.get("decided").asBoolean()) {
            findings.violation(where + " was told another choice: " + r.body());
        }
        String id = state.get("consentId").asText();
        String earlier = v.consentIds.putIfAbsent(t.port, id);
        if (earlier != null && !earlier.equals(id)) {
            findings.violation(where + " renewed its choice and got another visitor's consent id " + id + ", not " + earlier);
        }
        if (!ISSUED_IDS.computeIfAbsent(t.port, p -> new ConcurrentHashMap<>()).computeIfAbsent(id, k -> v.marker)
                .equals(v.marker)) {
            findings.violation(where + " got the consent id of another visitor: " + id);
        }
        for (String name : r.setNames()) {
            if (!name.equals(CONSENT)) {
                findings.violation(where + " choosing set [" + name + "]: " + r);
            }
        }
        apply(jar, r);
    }

    private static final Map<Integer, Map<String, String>> ISSUED_IDS = new ConcurrentHashMap<>();

    private static RawHttp.Response send(Target t, KeepAliveConnection c, String head, String body, Visitor v,
                                         Map<String, String> jar, String junkConsent) throws IOException {
        StringBuilder h = new StringBuilder(head).append("X-Visitor: ").append(v.marker).append("\r\n");
        List<String> pairs = new ArrayList<>();
        jar.forEach((name, value) -> pairs.add(name + "=" + value));
        if (junkConsent != null) {
            pairs.add(CONSENT + "=" + junkConsent);
        }
        if (!pairs.isEmpty()) {
            h.append("Cookie: ").append(String.join("; ", pairs)).append("\r\n");
        }
        if (v.gpc) {
            h.append("Sec-GPC: 1\r\n");
        }
        t.requests.incrementAndGet();
        return c.exchange(h.toString(), body);
    }

    /** The Set-Cookie names are exactly what the visitor's grants allow, each with the visitor's marker. */
    private static void checkCookies(Visitor v, RawHttp.Response r, boolean mayCreateSession, String where,
                                     Findings findings) {
        Set<String> expected = new TreeSet<>();
        for (String name : SoakApp.SET_BY_SERVLETS.keySet()) {
            if (allowed(name, v.granted())) {
                expected.add(name);
            }
        }
        Set<String> set = new TreeSet<>(r.setNames());
        boolean session = set.remove("trk_session");
        if (!set.equals(expected)) {
            findings.violation(where + " set " + set + ", expected " + expected + ": " + r);
        }
        if (session && (!mayCreateSession || !v.granted().contains("analytics"))) {
            findings.violation(where + " got a session cookie: " + r);
        }
        for (String header : r.setCookies()) {
            String name = RawHttp.nameOf(header);
            if (!RawHttp.isDeletion(header) && !name.equals("trk_session") && !header.contains("=" + v.marker + ";")
                    && !header.endsWith("=" + v.marker)) {
                findings.violation(where + " got a cookie value of another visitor: " + header);
            }
            if (RawHttp.isDeletion(header) && allowed(name, v.granted())) {
                findings.violation(where + " had a granted cookie deleted: " + header);
            }
        }
    }

    private static void checkPage(Visitor v, RawHttp.Response r, String where, Findings findings) {
        String body = r.body();
        Matcher guard = GUARD.matcher(body);
        if (!guard.find()) {
            findings.violation(where + " page without the banner's state: " + r);
            return;
        }
        String state = guard.group(1) + "|" + guard.group(2) + "|" + guard.group(3);
        if (!state.equals(v.expectedGuard()) || guard.find()) {
            findings.violation(where + " banner state " + state + ", expected " + v.expectedGuard() + ": " + r);
        }
        if (count(body, "id=\"cw-root\"") != 1) {
            findings.violation(where + " page with " + count(body, "id=\"cw-root\"") + " banners: " + r);
        }
        Matcher echo = ECHO.matcher(body);
        if (!echo.find() || !echo.group(1).equals(v.marker) || !echo.group(2).equals(v.marker)) {
            findings.violation(where + " page echoes another visitor: " + r);
        }
    }

    /** What a browser does with the answer's Set-Cookie headers. */
    private static void apply(Map<String, String> jar, RawHttp.Response r) {
        for (String header : r.setCookies()) {
            String name = RawHttp.nameOf(header);
            if (RawHttp.isDeletion(header)) {
                jar.remove(name);
            } else {
                String pair = header.split(";", 2)[0];
                jar.put(name, pair.substring(pair.indexOf('=') + 1).trim());
            }
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /**
     * The size of the filter's consent cache, read through the private fields that lead to it
     * (the filter exposes no accessor, and this test adds none); empty if they have moved.
     */
    private static OptionalLong consentCacheSize(CookieWardenFilter filter) {
        try {
            Object warden = field(filter, "warden");
            Object consentCookies = field(warden, "consentCookies");
            return OptionalLong.of(((ConsentCache) field(consentCookies, "cache")).estimatedSize());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** The number of page snippets the filter's renderer keeps, read likewise; empty if out of reach. */
    private static OptionalLong snippetCacheSize(CookieWardenFilter filter) {
        try {
            Object renderer = field(field(filter, "warden"), "renderer");
            Cache<?, ?> cache = (Cache<?, ?>) field(renderer, "snippetCache");
            cache.cleanUp();
            return OptionalLong.of(cache.estimatedSize());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * How many lines the filter's Cookie line memo holds, and how many names and sets of names
     * its cookie inventory keeps, read likewise; left empty if out of reach.
     */
    private static void readLineMemoAndInventory(Target t) {
        try {
            Object warden = field(t.filter, "warden");
            long lines = ((RecentAnswers<?, ?>) field(field(warden, "cookieLines"), "lines")).size();
            CookieInventory inventory = (CookieInventory) field(warden, "inventory");
            long sets = ((Map<?, ?>) field(inventory, "sets")).size();
            t.cookieLinesKept = OptionalLong.of(lines);
            t.inventoryNames = OptionalLong.of(inventory.size());
            t.inventorySets = OptionalLong.of(sets); // last: present means all three were read
        } catch (ReflectiveOperationException | RuntimeException e) {
            t.inventorySets = OptionalLong.empty();
        }
    }

    private static long maxCachedSnippets() throws ReflectiveOperationException {
        return constant(BannerRenderer.class, "MAX_CACHED_SNIPPETS");
    }

    private static long constant(Class<?> owner, String name) throws ReflectiveOperationException {
        Field f = owner.getDeclaredField(name);
        f.setAccessible(true);
        return f.getInt(null);
    }

    private static Object field(Object owner, String name) throws ReflectiveOperationException {
        Field f = owner.getClass().getDeclaredField(name);
        f.setAccessible(true);
        return f.get(owner);
    }

    /**
     * Threads started since {@code before} that are still alive once both containers stopped,
     * given a few seconds to wind down, JVM and test-runner threads aside.
     */
    private static List<String> threadsLeftBehind(Set<Thread> before) throws InterruptedException {
        Set<Thread> known = new HashSet<>(before);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> left;
        do {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !known.contains(t) && t.isAlive() && !JVM_THREAD.matcher(t.getName()).matches())
                    .map(Thread::getName).sorted().toList();
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < until);
        return left;
    }
}
