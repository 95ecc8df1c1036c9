package dev.cookiewarden.bench;

import dev.cookiewarden.CookieWardenFilter;
import dev.cookiewarden.banner.BannerRenderer;
import dev.cookiewarden.banner.BannerRequest;
import dev.cookiewarden.banner.InjectingOutputStream;
import dev.cookiewarden.banner.Messages;
import dev.cookiewarden.banner.PageSnippets;
import dev.cookiewarden.config.WardenConfig;
import dev.cookiewarden.consent.ConsentCache;
import dev.cookiewarden.consent.ConsentCookieCodec;
import dev.cookiewarden.consent.ConsentCookies;
import dev.cookiewarden.consent.VisitorConsent;
import dev.cookiewarden.enforce.ConsentRequest;
import dev.cookiewarden.enforce.CookieClassifier;
import dev.cookiewarden.enforce.CookieHeader;
import dev.cookiewarden.enforce.CookieLine;
import dev.cookiewarden.enforce.CookieLineMemo;
import dev.cookiewarden.enforce.CookieObservations;
import dev.cookiewarden.enforce.CookiePolicy;
import dev.cookiewarden.enforce.CookieSightings;
import dev.cookiewarden.enforce.EnforcingResponse;
import dev.cookiewarden.enforce.RequestEnforcement;
import dev.cookiewarden.enforce.Verdict;
import dev.cookiewarden.inventory.CookieInventory;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where the filter's per-request allocation goes: each step {@code doFilter} takes, rebuilt from
 * the library's public parts exactly as {@code CookieWardenFilter} and {@code Warden} wire them,
 * run on its own in a warm loop, with the bytes the thread allocated per call
 * and the CPU time it used ({@code com.sun.management.ThreadMXBean}; CPU time rather than wall
 * clock, so that other processes on a shared machine inflate it less). The JIT may remove an allocation in one of these
 * loops that it keeps inside the real filter (or the reverse), so the steps need not add up to
 * the whole; the whole is measured too, and {@link FilterPathBenchmark} with {@code -prof gc} is
 * the authority. This attributes it. CPU times are rough: timer resolution, and caches shared
 * with whatever else runs.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.cookiewarden.bench.AllocationBreakdown}.
 */
public final class AllocationBreakdown {
    private static final int WARMUP = 200_000;
    private static final int MEASURED = 200_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final List<Object> SINK = new ArrayList<>();
    private static long checksum;

    @FunctionalInterface
    interface Step {
        Object run() throws Exception;
    }

    private AllocationBreakdown() {
    }

    /** Bytes allocated and CPU nanoseconds used per call, after warm-up. */
    static double[] perCall(Step step) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            consume(step.run());
        }
        long tid = Thread.currentThread().getId();
        long cpuBefore = THREADS.getCurrentThreadCpuTime();
        long before = THREADS.getThreadAllocatedBytes(tid);
        for (int i = 0; i < MEASURED; i++) {
            consume(step.run());
        }
        long after = THREADS.getThreadAllocatedBytes(tid);
        long cpuAfter = THREADS.getCurrentThreadCpuTime();
        return new double[] {(after - before) / (double) MEASURED, (cpuAfter - cpuBefore) / (double) MEASURED};
    }

    private static void consume(Object o) {
        checksum += System.identityHashCode(o) & 1;
        if ((checksum & 0xFFFFF) == 0xFFFFF) {
            SINK.clear(); // never grows: only keeps the JIT from proving the result unused
            SINK.add(o);
        }
    }

    private static void print(String what, Step step) throws Exception {
        double[] r = perCall(step);
        System.out.printf(Locale.ROOT, "%8.0f B %9.0f ns  %s%n", r[0], r[1], what);
    }

    public static void main(String[] args) throws Exception {
        WardenConfig config = BenchConfig.config();
        Clock clock = Clock.systemUTC();
        ConsentCookieCodec codec = new ConsentCookieCodec(BenchConfig.keyRing(config));
        ConsentCookies consentCookies = new ConsentCookies(config, new ConsentCache(codec));
        CookiePolicy policy = new CookiePolicy(config, consentCookies.allNames());
        CookieObservations observations = new CookieObservations();
        CookieInventory inventory = new CookieInventory();
        // The filter tells the inventory only when admin.token makes it readable (finding 49);
        // these steps measure that case, the load's configuration the other.
        CookieSightings sightings = inventory;
        BannerRenderer renderer = BenchConfig.renderer(config);
        CookieClassifier classifier = new CookieClassifier(config.cookies());
        String consent = BenchConfig.consentCookieValue(config);

        InMemoryRequest json = FilterPathBenchmark.request(FilterPathBenchmark.Endpoint.JSON, consent,
                config.consentCookieName());
        InMemoryRequest page = FilterPathBenchmark.request(FilterPathBenchmark.Endpoint.PAGE, null,
                config.consentCookieName());
        InMemoryResponse response = new InMemoryResponse();
        List<CookieHeader.Pair> cookies = CookieHeader.parse(Collections.list(json.getHeaders("Cookie")));
        Instant now = clock.instant();
        VisitorConsent returning = consentCookies.resolve(List.of(consent), false, now);
        if (returning.choice().isEmpty()) {
            throw new IllegalStateException("The consent cookie does not verify");
        }

        System.out.println("Bytes allocated and CPU time (thread CPU time, not wall clock) per call, after " + WARMUP
                + " warm-up calls, over " + MEASURED + " calls.");
        System.out.println();
        System.out.println("Whole requests (application included; compare with the application alone):");
        CookieWardenFilter filter = new CookieWardenFilter(config);
        filter.init(new FilterPathBenchmark.NoParamsFilterConfig());
        FilterChain jsonApp = (req, resp) -> ShopApp.json((HttpServletResponse) resp);
        FilterChain pageApp = (req, resp) -> ShopApp.page((HttpServletResponse) resp);
        InMemoryRequest jsonNew = FilterPathBenchmark.request(FilterPathBenchmark.Endpoint.JSON, null,
                config.consentCookieName());
        print("JSON, new visitor: application alone", () -> {
            response.recycle();
            jsonApp.doFilter(jsonNew, response);
            return response;
        });
        print("JSON, new visitor: through doFilter", () -> {
            response.recycle();
            filter.doFilter(jsonNew, response, jsonApp);
            return response;
        });
        print("JSON, returning visitor (5 cookies): through doFilter", () -> {
            response.recycle();
            filter.doFilter(json, response, jsonApp);
            return response;
        });
        print("page, new visitor: application alone", () -> {
            response.recycle();
            pageApp.doFilter(page, response);
            return response;
        });
        print("page, new visitor (banner): through doFilter", () -> {
            response.recycle();
            filter.doFilter(page, response, pageApp);
            return response;
        });
        filter.destroy();

        System.out.println();
        System.out.println("Steps of a JSON request of a returning visitor (consent cookie + 4 granted cookies):");
        print("the request's clock: Instant.ofEpochMilli(clock.millis()) (finding 50)",
                () -> Instant.ofEpochMilli(clock.millis()));
        print("  Clock.instant(), as before finding 50", clock::instant);
        print("read cookies: Collections.list(getHeaders(\"Cookie\")) + CookieHeader.parse",
                () -> CookieHeader.parse(Collections.list(json.getHeaders("Cookie"))));
        CookieLineMemo lines = new CookieLineMemo();
        String line = json.getHeader("Cookie");
        lines.read(line);
        String sameLineAgain = new String(line.toCharArray()); // equal, not the same instance
        print("  the filter's way: CookieLineMemo.read, a line seen before (hash, compare)",
                () -> lines.read(sameLineAgain));
        CookieLine keptLine = lines.read(line);
        print("consent values: the filter's ArrayList of the consent cookie's values", () -> {
            List<String> values = new ArrayList<>(1);
            String name = consentCookies.name(false);
            for (CookieHeader.Pair pair : cookies) {
                if (pair.name().equals(name)) {
                    values.add(pair.value());
                }
            }
            return values;
        });
        print("ConsentCookies.resolve (cache hit)", () -> consentCookies.resolve(List.of(consent), false, now));
        String consentName = consentCookies.name(false);
        keptLine.keepDerived(consentName, consentCookies.sent(List.of(consent)));
        print("  the filter's way: the kept line's consent (finding 51) resolved", () -> {
            ConsentCookies.Sent sent = (ConsentCookies.Sent) keptLine.derived(consentName);
            return consentCookies.resolve(sent, false, now);
        });
        print("new RequestEnforcement", () -> new RequestEnforcement(policy, returning.granted(), observations,
                sightings, false, now));
        RequestEnforcement enforcement = new RequestEnforcement(policy, returning.granted(), observations,
                sightings, false, now);
        new ConsentRequest(json, enforcement, keptLine); // screens the kept line once
        print("new ConsentRequest, the kept line screened before (the filter's way: one set counted)",
                () -> new ConsentRequest(json, enforcement, keptLine));
        print("new ConsentRequest, a line read for one request (classifies and counts the 5 incoming cookies)",
                () -> new ConsentRequest(json, enforcement, CookieLine.of(cookies)));
        print("  of which one RequestEnforcement.incoming(\"_ga_7XK2P4Q9ZR\") (glob; verdict + note)",
                () -> enforcement.incoming("_ga_7XK2P4Q9ZR"));
        print("  of which one RequestEnforcement.incoming(\"JSESSIONID\") (exact; verdict + note)",
                () -> enforcement.incoming("JSESSIONID"));
        print("  one RequestEnforcement.incoming(\"ab_test_bucket\") (undeclared: blocked, counted, every glob tried)",
                () -> enforcement.incoming("ab_test_bucket"));
        print("    CookiePolicy.verdict(\"_ga_7XK2P4Q9ZR\")", () -> policy.verdict("_ga_7XK2P4Q9ZR", returning.granted()));
        print("    CookieClassifier.classify(\"_ga_7XK2P4Q9ZR\") (glob)", () -> classifier.classify("_ga_7XK2P4Q9ZR"));
        print("    CookieClassifier.classify(\"JSESSIONID\")", () -> classifier.classify("JSESSIONID"));
        print("    CookieInventory.observe via the filter's sightings (with admin.token only)", () -> {
            sightings.seen("JSESSIONID", Verdict.REQUIRED, false, "necessary", now);
            return null;
        });
        print("new EnforcingResponse", () -> new EnforcingResponse(response, enforcement));
        print("BannerRequest.pageWish (JSON request)", () -> BannerRequest.pageWish(json));
        print("app's addCookie on the in-memory response alone (subtract from the next)", () -> {
            response.recycle();
            response.addCookie(cartCookie());
            return response;
        });
        print("addCookie through EnforcingResponse (verdict, note, admitted name)", () -> {
            response.recycle();
            RequestEnforcement e = new RequestEnforcement(policy, returning.granted(), observations, sightings, false, now);
            EnforcingResponse r = new EnforcingResponse(response, e);
            r.addCookie(cartCookie());
            return r;
        });
        print("  the same without addCookie (the two constructors, to subtract)", () -> {
            response.recycle();
            RequestEnforcement e = new RequestEnforcement(policy, returning.granted(), observations, sightings, false, now);
            return new EnforcingResponse(response, e);
        });
        print("sweep at the first write (Set-Cookie re-read, Vary: Cookie check), with the above", () -> {
            response.recycle();
            RequestEnforcement e = new RequestEnforcement(policy, returning.granted(), observations, sightings, false, now);
            EnforcingResponse r = new EnforcingResponse(response, e);
            r.addCookie(cartCookie());
            r.sweepIfDirty();
            return r;
        });

        System.out.println();
        System.out.println("Steps of a page request of a new visitor (the banner):");
        print("Messages.negotiate(\"fr-FR,fr;q=0.9,en;q=0.8\") (remembered after the first call)",
                () -> renderer.messages().negotiate(page.getHeader("Accept-Language")));
        print("  the same parsed every time (Messages.negotiate(header, languages, default), as before)",
                () -> Messages.negotiate(page.getHeader("Accept-Language"), renderer.messages().languages(),
                        renderer.messages().defaultLanguage()));
        print("BannerRenderer.snippets (head + first layer; kept after the first call)",
                () -> renderer.snippets("", "fr", Set.of(), false, false, "/fr/salon"));
        long[] pageNumber = {0};
        print("  the same for a page not seen before (assembled as ASCII bytes and kept; with the path's concatenation)",
                () -> renderer.snippets("", "fr", Set.of(), false, false, "/fr/salon?p=" + pageNumber[0]++));
        PageSnippets snippets = renderer.snippets("", "fr", Set.of(), false, false, "/fr/salon");
        print("new InjectingOutputStream(out, PageSnippets) (takes the arrays as they are)",
                () -> new InjectingOutputStream(response.getOutputStream(), snippets));
        print("BannerRenderer.head (as text, for the writer path and callers)", () -> renderer.head("", Set.of(), false, false));
        print("BannerRenderer.body (first layer, as text)", () -> renderer.body("", "fr", true, "/fr/salon"));
        byte[] headBytes = renderer.head("", Set.of(), false, false).getBytes(StandardCharsets.US_ASCII);
        byte[] bodyBytes = renderer.body("", "fr", true, "/fr/salon").getBytes(StandardCharsets.US_ASCII);
        print("new InjectingOutputStream(out, byte[], byte[]) (checks and copies both snippets)",
                () -> new InjectingOutputStream(response.getOutputStream(), headBytes, bodyBytes));
        print("new BannerRequest", () -> new BannerRequest(page, "cwu3fr"));
        byte[] page30k = new HtmlPages(HtmlPages.Shape.PAGE).page(ShopApp.PAGE_SIZE);
        java.io.OutputStream nowhere = java.io.OutputStream.nullOutputStream();
        print("the 30 KB page written to a null stream (one write)", () -> {
            nowhere.write(page30k);
            return nowhere;
        });
        print("the same through a new InjectingOutputStream (head seen before: no scan; the page passed on in pieces around the snippets)", () -> {
            InjectingOutputStream out = new InjectingOutputStream(nowhere, snippets);
            out.write(page30k);
            return out;
        });
        byte[] varied = page30k.clone();
        int letters = HtmlPages.titleLetters(varied);
        long[] headNumber = {0};
        print("  the same with a head never seen before (scans ~1.9 KB to <body> and hashes it)", () -> {
            HtmlPages.stamp(varied, letters, headNumber[0]++);
            InjectingOutputStream out = new InjectingOutputStream(nowhere, snippets);
            out.write(varied);
            return out;
        });
        System.out.println();
        System.out.println("(checksum " + (checksum & 1) + ")");
    }

    private static Cookie cartCookie() {
        Cookie cart = new Cookie("cart", "c7e1a9f04b2d");
        cart.setPath("/");
        cart.setMaxAge(7 * 24 * 3600);
        cart.setHttpOnly(true);
        cart.setAttribute("SameSite", "Lax");
        return cart;
    }
}
