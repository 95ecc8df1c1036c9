package dev.cookiewarden.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns JMH's JSON results ({@code -rf json}) into the tables of BENCHMARKS.md: scores with
 * their 99.9% error, allocation per operation from {@code -prof gc}, the injector's overhead over
 * the plain copy, and what the filter adds per request over the bare application.
 *
 * <p>Usage: {@code JmhReport <jmh.json> <out.md>}.
 */
public final class JmhReport {
    private final Map<String, JsonNode> byKey = new LinkedHashMap<>();
    private final StringBuilder md = new StringBuilder();

    private JmhReport(JsonNode results) {
        for (JsonNode r : results) {
            String name = r.get("benchmark").asText();
            name = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            StringBuilder key = new StringBuilder(name);
            JsonNode params = r.get("params");
            if (params != null) {
                params.fields().forEachRemaining(p -> key.append(' ').append(p.getKey()).append('=').append(p.getValue().asText()));
            }
            byKey.put(key.toString(), r);
        }
    }

    public static void main(String[] args) throws IOException {
        JsonNode results = new ObjectMapper().readTree(Path.of(args[0]).toFile());
        JmhReport report = new JmhReport(results);
        report.write();
        Files.writeString(Path.of(args[1]), report.md);
        System.out.print(report.md);
    }

    private JsonNode get(String key) {
        return byKey.get(key);
    }

    private static double score(JsonNode r) {
        return r.get("primaryMetric").get("score").asDouble();
    }

    private static double error(JsonNode r) {
        double e = r.get("primaryMetric").get("scoreError").asDouble();
        return Double.isNaN(e) ? 0 : e;
    }

    private static String unit(JsonNode r) {
        return r.get("primaryMetric").get("scoreUnit").asText();
    }

    private static double alloc(JsonNode r) {
        JsonNode m = r.get("secondaryMetrics");
        JsonNode norm = m == null ? null : m.get("gc.alloc.rate.norm");
        return norm == null ? Double.NaN : norm.get("score").asDouble();
    }

    private static String withError(JsonNode r) {
        return String.format(Locale.ROOT, "%s ± %s", num(score(r)), num(error(r)));
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : v >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    private void write() {
        consent();
        setCookies();
        classifier();
        injector();
        resync();
        inventory();
        filterPath();
    }

    private void consent() {
        if (get("ConsentVerificationBenchmark.cold") == null) {
            return;
        }
        md.append("### Consent cookie verification\n\n| benchmark | time per op | B/op | target |\n|---|---|---|---|\n");
        String[][] rows = {{"cold", "< 3 µs"}, {"cached", "< 100 ns"}, {"cachedFreshString", "< 100 ns"},
                {"resolveCurrent", "< 100 ns"}, {"resolveStaleRevision", ""}, {"macFreshInstance", ""},
                {"macReusedInstance", ""}};
        for (String[] row : rows) {
            JsonNode r = get("ConsentVerificationBenchmark." + row[0]);
            if (r != null) {
                md.append(String.format(Locale.ROOT, "| %s | %s %s | %s | %s |%n", row[0], withError(r), unit(r),
                        num(alloc(r)), row[1].isEmpty() ? "" : row[1] + " " + met(score(r), unit(r), row[1])));
            }
        }
        md.append('\n');
    }

    private static String met(double score, String unit, String target) {
        double ns = unit.startsWith("ns") ? score : unit.startsWith("us") ? score * 1e3 : score * 1e6;
        double limit = target.contains("µs") ? Double.parseDouble(target.replaceAll("[^0-9.]", "")) * 1e3
                : Double.parseDouble(target.replaceAll("[^0-9.]", ""));
        return ns < limit ? "met" : "**NOT met**";
    }

    private void setCookies() {
        boolean any = byKey.keySet().stream().anyMatch(k -> k.startsWith("SetCookieBenchmark."));
        if (!any) {
            return;
        }
        md.append("### Set-Cookie classification\n\n| value | parse + verdict | B/op | admit (whole path) | B/op |\n"
                + "|---|---|---|---|---|\n");
        for (String kind : new String[] {"SESSION", "ANALYTICS_CAPPED", "ANALYTICS_GLOB", "MARKETING_REFUSED", "UNDECLARED"}) {
            JsonNode pv = get("SetCookieBenchmark.parseAndVerdict kind=" + kind);
            JsonNode ad = get("SetCookieBenchmark.admit kind=" + kind);
            if (pv != null && ad != null) {
                md.append(String.format(Locale.ROOT, "| %s | %s %s | %s | %s %s | %s |%n", kind, withError(pv), unit(pv),
                        num(alloc(pv)), withError(ad), unit(ad), num(alloc(ad))));
            }
        }
        md.append('\n');
    }

    private void classifier() {
        if (get("ClassifierBenchmark.exact") == null) {
            return;
        }
        md.append("### Cookie name classification\n\n| name | time per op | B/op |\n|---|---|---|\n");
        for (String b : new String[] {"exact", "glob", "undeclared"}) {
            JsonNode r = get("ClassifierBenchmark." + b);
            if (r != null) {
                md.append(String.format(Locale.ROOT, "| %s | %s %s | %s |%n", b, withError(r), unit(r), num(alloc(r))));
            }
        }
        md.append('\n');
    }

    private void injector() {
        injector("", "bytes, through an `OutputStream`");
        injector("Chars", "characters, through a `Writer` (sizes and throughput in characters)");
    }

    /** The injector's table for the benchmarks whose names carry {@code units} ("" for bytes). */
    private void injector(String units, String title) {
        String prefix = "InjectorBenchmark.plainCopy" + units + " ";
        if (byKey.keySet().stream().noneMatch(k -> k.startsWith(prefix))) {
            return;
        }
        md.append("### HTML injector against a plain copy: " + title + "\n\n| page | shape | writes | plain copy | injected |"
                + " overhead | injected throughput | injected B/op | injected, every head new | overhead |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        // 8 Ki writes, and any other size the run asked for (-p writeSize=...), largest first.
        List<String> writeSizes = byKey.keySet().stream().filter(k -> k.startsWith(prefix) && k.contains(" writeSize="))
                .map(k -> k.substring(k.indexOf(" writeSize=") + " writeSize=".length()))
                .distinct().sorted(Comparator.comparingInt((String w) -> Integer.parseInt(w)).reversed()).toList();
        for (String writeSize : writeSizes) {
            injectorRows(units, writeSize);
        }
        md.append('\n');
    }

    private void injectorRows(String units, String writeSize) {
        for (String size : new String[] {"10240", "1048576", "104857600"}) {
            for (String shape : new String[] {"PAGE", "NO_BODY_TAG"}) {
                String params = " shape=" + shape + " size=" + size + " writeSize=" + writeSize;
                JsonNode plain = get("InjectorBenchmark.plainCopy" + units + params);
                JsonNode inj = get("InjectorBenchmark.injected" + units + params);
                JsonNode fresh = get("InjectorBenchmark.injected" + units + "NewHead" + params);
                if (plain == null || inj == null) {
                    continue;
                }
                double overhead = (score(inj) - score(plain)) / score(plain) * 100;
                double seconds = score(inj) / (unit(inj).startsWith("us") ? 1e6 : unit(inj).startsWith("ms") ? 1e3 : 1e9);
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s %s | %s %s | %+.0f%% | %,.0f MB/s | %s | %s | %s |%n",
                        pageSize(Long.parseLong(size)), shape, writeSize, withError(plain), unit(plain), withError(inj), unit(inj),
                        overhead, Long.parseLong(size) / seconds / 1e6, num(alloc(inj)),
                        fresh == null ? "" : withError(fresh) + " " + unit(fresh),
                        fresh == null ? "" : String.format(Locale.ROOT, "%+.0f%%",
                                (score(fresh) - score(plain)) / score(plain) * 100)));
            }
        }
    }

    /** {@link ResyncBenchmark}: a 10 KiB page with a nonce, new on every page, in several places of its head. */
    private void resync() {
        if (byKey.keySet().stream().noneMatch(k -> k.startsWith("ResyncBenchmark."))) {
            return;
        }
        md.append("### HTML injector, a nonce new on every page in several places of the head (10 KiB)\n\n"
                + "| nonced places | units | plain copy | injected | injector's cost over the copy |\n|---|---|---|---|---|\n");
        List<String> counts = byKey.keySet().stream().filter(k -> k.startsWith("ResyncBenchmark.plainCopy "))
                .map(k -> k.substring(k.indexOf(" scripts=") + " scripts=".length()))
                .sorted(Comparator.comparingInt(Integer::parseInt)).toList();
        for (String scripts : counts) {
            for (String[] units : new String[][] {{"", "nonces", "bytes"}, {"Chars", "noncesChars", "characters"}}) {
                JsonNode plain = get("ResyncBenchmark.plainCopy" + units[0] + " scripts=" + scripts);
                JsonNode inj = get("ResyncBenchmark." + units[1] + " scripts=" + scripts);
                if (plain != null && inj != null) {
                    md.append(String.format(Locale.ROOT, "| %d | %s | %s %s | %s %s | %s %s |%n",
                            Integer.parseInt(scripts) + 3, units[2], withError(plain), unit(plain), withError(inj),
                            unit(inj), num(score(inj) - score(plain)), unit(inj)));
                }
            }
        }
        md.append('\n');
    }

    /** {@link InventoryBenchmark}: counting a returning visitor's request, two threads at once. */
    private void inventory() {
        String[][] rows = {{"incomingSet", "the five cookies the browser sent, as one set"},
                {"outgoing", "the application's cart cookie"}};
        StringBuilder table = new StringBuilder();
        for (String[] row : rows) {
            JsonNode r = get("InventoryBenchmark." + row[0]);
            if (r != null) {
                table.append(String.format(Locale.ROOT, "| %s | %s %s |%n", row[1], withError(r), unit(r)));
            }
        }
        if (table.length() > 0) {
            md.append("### Counting in the cookie inventory, two threads at once\n\n| what is counted | time per call |\n"
                    + "|---|---|\n").append(table).append('\n');
        }
    }

    private static String pageSize(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }

    private void filterPath() {
        boolean any = byKey.keySet().stream().anyMatch(k -> k.startsWith("FilterPathBenchmark."));
        if (!any) {
            return;
        }
        md.append("### One request through doFilter (in-memory request and response)\n\n"
                + "| endpoint | visitor | with filter | without | filter adds | B/op with | B/op without |"
                + " **filter allocates** |\n|---|---|---|---|---|---|---|---|\n");
        for (String endpoint : new String[] {"JSON", "PAGE"}) {
            for (String visitor : new String[] {"NEW", "RETURNING"}) {
                String params = " endpoint=" + endpoint + " visitor=" + visitor;
                JsonNode with = get("FilterPathBenchmark.withFilter" + params);
                JsonNode without = get("FilterPathBenchmark.withoutFilter" + params);
                if (with == null || without == null) {
                    continue;
                }
                md.append(String.format(Locale.ROOT, "| %s | %s | %s %s | %s %s | %s %s | %s | %s | **%s B** |%n",
                        endpoint, visitor, withError(with), unit(with), withError(without), unit(without),
                        num(score(with) - score(without)), unit(with), num(alloc(with)), num(alloc(without)),
                        num(alloc(with) - alloc(without))));
            }
        }
        md.append('\n');
    }
}
