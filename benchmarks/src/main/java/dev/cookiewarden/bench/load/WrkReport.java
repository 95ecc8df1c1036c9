package dev.cookiewarden.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns the load rounds' wrk outputs into ratios. Reads
 * {@code <dir>/<container>/<scenario>-<on|off>-r<round>.txt} (wrk run with {@code --latency}),
 * pairs the two variants of each round, and writes {@code load-rounds.csv} (every run) and
 * {@code load-summary.md} (per container and scenario: the median over rounds of the per-round
 * ratios with the filter over without it, with their range, for throughput, p50 and p99 latency
 * and the server's CPU time per request) into {@code <dir>}. Pairing within a
 * round cancels most of the drift of a shared machine between rounds.
 *
 * <p>Usage: {@code WrkReport <dir>}. Exits 1 when a run had errors or non-2xx answers.
 */
public final class WrkReport {
    /** A wrk run's file: scenario, side, the fork (its load server; none before forks, as one) and the round. */
    private static final Pattern FILE = Pattern.compile("(.+)-(on|off)(?:-f(\\d+))?-r(\\d+)\\.txt");
    private static final Pattern INTERLEAVED_FILE = Pattern.compile("(.+)-interleaved(?:-f(\\d+))?-r(\\d+)\\.txt");
    /** Appended by run.sh to an interleaved run: the CpuMeter's totals for each context. */
    private static final Pattern METER = Pattern.compile("meter: on (\\d+) (\\d+) off (\\d+) (\\d+) clock (\\d+)( pages flushed)?");
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|75|90|99)%\\s+([0-9.]+)(us|ms|s|m)\\s*$",
            Pattern.MULTILINE);
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in ([0-9.]+)(us|ms|s|m)");
    /** Appended by run.sh: the server's CPU time during the run, in clock ticks. */
    private static final Pattern SERVER_CPU = Pattern.compile("server-cpu-ticks: (\\d+) hz: (\\d+)");
    /** Appended by run.sh: the machine's busy time and wrk's CPU time during the run. */
    private static final Pattern MACHINE = Pattern.compile(
            "machine-busy-ticks: (\\d+) wrk-cpu-seconds: ([0-9.]+) cpus: (\\d+)");

    /** Targets from the issue: throughput with the filter over without, at least. */
    private static final Map<String, Double> TARGETS = Map.of("json", 0.97, "page", 0.93, "page-8k", 0.93,
            "page-token", 0.93, "page-writer", 0.93, "page-writer-token", 0.93, "page-template", 0.93,
            "json-returning", 0.97);

    /**
     * Set by run.sh when {@code ALT_LIBRARY} names another build: the side called "off" is then
     * that build ({@code /alt}), not the bare application, and no target applies.
     */
    private static final String OTHER_BUILD = System.getProperty(AltLibrary.PROPERTY);

    /**
     * Checks of the measurement itself, whose "on" side is not Cookie Warden: what they measure,
     * in place of a target.
     */
    private static final Map<String, String> CHECKS = Map.of(
            "json-noop", "a filter that only passes the request on, against none",
            "json-aa", "no filter against none (A/A): the measurement's own bias",
            "json-floor", "the least a filter enforcing consent costs a returning visitor's JSON request (LoadServer.Floor)");

    /**
     * One interleaved round: the mean CPU time a request spent in its context's filter chain,
     * with the filter and without it, measured on requests alternating on the same connections;
     * {@code pagesFlushed} when the meter sent each page inside its window (its own answer says so).
     */
    record Interleaved(String container, String scenario, int fork, int round, long requestsOn, double chainMicrosOn,
                       long requestsOff, double chainMicrosOff, long errors, boolean pagesFlushed) {
        double deltaMicros() {
            return chainMicrosOn - chainMicrosOff;
        }
    }

    record Run(String container, String scenario, String variant, int fork, int round, double rps, double p50Micros,
               double p99Micros, long requests, long errors, double cpuMicrosPerRequest, double othersShare) {
    }

    private WrkReport() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/results/load");
        List<Run> runs = new ArrayList<>();
        List<Interleaved> interleaved = new ArrayList<>();
        try (Stream<Path> containers = Files.list(dir)) {
            for (Path container : containers.filter(Files::isDirectory).sorted().toList()) {
                try (Stream<Path> files = Files.list(container)) {
                    for (Path file : files.sorted().toList()) {
                        Matcher m = FILE.matcher(file.getFileName().toString());
                        Matcher i = INTERLEAVED_FILE.matcher(file.getFileName().toString());
                        if (m.matches()) {
                            runs.add(parse(container.getFileName().toString(), m.group(1), m.group(2),
                                    fork(m.group(3)), Integer.parseInt(m.group(4)),
                                    Files.readString(file, StandardCharsets.UTF_8)));
                        } else if (i.matches()) {
                            interleaved.add(parseInterleaved(container.getFileName().toString(), i.group(1),
                                    fork(i.group(2)), Integer.parseInt(i.group(3)),
                                    Files.readString(file, StandardCharsets.UTF_8)));
                        }
                    }
                }
            }
        }
        if (runs.isEmpty()) {
            System.err.println("No wrk output under " + dir);
            System.exit(1);
        }
        StringBuilder csv = new StringBuilder(
                "container,scenario,variant,fork,round,requests_per_s,p50_us,p99_us,requests,errors,server_cpu_us_per_request,"
                        + "other_processes_cpu_share\n");
        for (Run r : runs) {
            csv.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%d,%.1f,%.1f,%.1f,%d,%d,%.2f,%.3f%n", r.container,
                    r.scenario, r.variant, r.fork, r.round, r.rps, r.p50Micros, r.p99Micros, r.requests, r.errors,
                    r.cpuMicrosPerRequest, r.othersShare));
        }
        Files.writeString(dir.resolve("load-rounds.csv"), csv);
        String summary = otherBuildNote() + summary(runs) + interleavedSummary(interleaved, runs);
        Files.writeString(dir.resolve("load-summary.md"), summary);
        System.out.print(summary);
        long errors = runs.stream().mapToLong(Run::errors).sum() + interleaved.stream().mapToLong(Interleaved::errors).sum();
        if (errors > 0) {
            System.err.println("WrkReport: " + errors + " errors or non-2xx responses: see " + dir);
            System.exit(1);
        }
    }

    /** A fork's number from a file name, 1 for results written before there were forks. */
    private static int fork(String group) {
        return group == null ? 1 : Integer.parseInt(group);
    }

    /** The scenario's target, none when the baseline is another build. */
    private static Double target(String scenario) {
        return OTHER_BUILD == null ? TARGETS.get(scenario) : null;
    }

    private static String otherBuildNote() {
        if (OTHER_BUILD == null) {
            return "";
        }
        String on = System.getProperty(AltLibrary.ON_PROPERTY);
        String thisBuild = on == null ? "this build" : "the library built from `" + on + "`";
        // Both builds filter, so both send a page after the chain: a cost below zero is one
        // build's saving, and a capacity is given for every scenario.
        return "**Two builds, not the filter against none:** \"without\" and \"off\" below are the library built"
                + " from `" + OTHER_BUILD + "` (the context /alt, in the same server), \"with\" and \"on\" " + thisBuild
                + "; a cost is what the one costs more than the other, a ratio above 1 that it costs less. The"
                + " issue's targets do not apply.\n\n";
    }

    static Run parse(String container, String scenario, String variant, int fork, int round, String text) {
        Matcher rps = RPS.matcher(text);
        if (!rps.find()) {
            throw new IllegalArgumentException("No Requests/sec in the output of " + container + " " + scenario
                    + " " + variant + " round " + round + ":\n" + text);
        }
        Map<String, Double> percentiles = new TreeMap<>();
        for (Matcher m = PERCENTILE.matcher(text); m.find();) {
            percentiles.put(m.group(1), micros(Double.parseDouble(m.group(2)), m.group(3)));
        }
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(text);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher socket = SOCKET_ERRORS.matcher(text);
        if (socket.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(socket.group(g));
            }
        }
        Matcher requests = REQUESTS.matcher(text);
        long count = 0;
        double seconds = Double.NaN;
        if (requests.find()) {
            count = Long.parseLong(requests.group(1));
            seconds = micros(Double.parseDouble(requests.group(2)), requests.group(3)) / 1e6;
        }
        Matcher cpu = SERVER_CPU.matcher(text);
        double serverSeconds = Double.NaN;
        double hz = Double.NaN;
        if (cpu.find()) {
            hz = Double.parseDouble(cpu.group(2));
            serverSeconds = Long.parseLong(cpu.group(1)) / hz;
        }
        double cpuPerRequest = count > 0 ? serverSeconds / count * 1e6 : Double.NaN;
        // The share of the machine's CPU that neither the server nor wrk used: other processes.
        Matcher machine = MACHINE.matcher(text);
        double othersShare = Double.NaN;
        if (machine.find()) {
            double busy = Long.parseLong(machine.group(1)) / hz;
            double others = busy - serverSeconds - Double.parseDouble(machine.group(2));
            othersShare = Math.max(0, others) / (seconds * Integer.parseInt(machine.group(3)));
        }
        return new Run(container, scenario, variant, fork, round, Double.parseDouble(rps.group(1)),
                percentiles.getOrDefault("50", Double.NaN), percentiles.getOrDefault("99", Double.NaN), count, errors,
                cpuPerRequest, othersShare);
    }

    static Interleaved parseInterleaved(String container, String scenario, int fork, int round, String text) {
        Matcher meter = METER.matcher(text);
        if (!meter.find()) {
            throw new IllegalArgumentException("No meter line in the interleaved run of " + container + " " + scenario
                    + " round " + round + ":\n" + text);
        }
        long requestsOn = Long.parseLong(meter.group(1));
        long requestsOff = Long.parseLong(meter.group(3));
        if (requestsOn == 0 || requestsOff == 0) {
            throw new IllegalArgumentException("The interleaved run of " + container + " " + scenario + " round " + round
                    + " measured no request in one context: " + meter.group());
        }
        // The errors and non-2xx answers of both contexts, as wrk counts them.
        Run asRun = parse(container, scenario, "interleaved", fork, round, text);
        return new Interleaved(container, scenario, fork, round, requestsOn,
                Long.parseLong(meter.group(2)) / 1e3 / requestsOn, requestsOff,
                Long.parseLong(meter.group(4)) / 1e3 / requestsOff, asRun.errors(), meter.group(6) != null);
    }

    /** What the chain's time holds of a page's sending, when the meter flushes pages in its window. */
    private static final String PAGES_FLUSHED = "The meter flushes a page (`text/html`) before it reads the clock"
            + " again (`METER_FLUSH`, on by default): every byte of the page reaches the socket inside the timed"
            + " window on both sides, so the cost includes sending the banner's bytes, and not where the"
            + " container's buffers happen to cut the page's writes. A JSON answer is sent after the chain on"
            + " both sides, whole, with its length.";
    /** The same, when the meter times the chain only (`METER_FLUSH=false`, as before the twenty-fifth session). */
    private static final String PAGES_AS_SENT = "The chain includes only the writes sent before the application"
            + " returns: the application's `page` is one 30 KB write, which Jetty sends at once, inside the"
            + " chain, while the filter passes it on in 8 KiB pieces that Jetty gathers and sends after the chain"
            + " returns; there a cost below zero says that, not what the filter costs. Tomcat sends some of a"
            + " page's 8 KiB writes inside the chain and some after, and the split moves with the page's length"
            + " and from run to run.";

    /**
     * Per container and scenario: the filter's cost per request from the interleaved rounds, and
     * what it makes of the server's capacity, taking the server's whole CPU per request without
     * the filter from the ordinary rounds.
     */
    static String interleavedSummary(List<Interleaved> rounds, List<Run> runs) {
        if (rounds.isEmpty()) {
            return "";
        }
        Map<String, List<Interleaved>> byKey = new TreeMap<>();
        for (Interleaved r : rounds) {
            byKey.computeIfAbsent(r.container + "\t" + r.scenario, k -> new ArrayList<>()).add(r);
        }
        StringBuilder md = new StringBuilder("\n### Interleaved: the filter's CPU per request, drift cancelled\n\n");
        header(md, "container", "scenario", "rounds (forks)", "filter chain with / without", "filter's cost per request",
                "server CPU per request without", "capacity with / without", "target");
        for (Map.Entry<String, List<Interleaved>> e : byKey.entrySet()) {
            String[] key = e.getKey().split("\t");
            List<Interleaved> list = e.getValue();
            List<Double> delta = list.stream().map(Interleaved::deltaMicros).toList();
            List<Double> without = cpuWithout(runs, key[0], key[1], 0);
            double d = median(delta);
            String capacity = "";
            String verdict = "";
            boolean pagesFlushed = list.stream().allMatch(Interleaved::pagesFlushed);
            if (min(delta) < 0 && !pagesFlushed && !CHECKS.containsKey(key[1]) && OTHER_BUILD == null) {
                // The chain with the filter cost less than without it: what it timed differs
                // (on Jetty, the bare page's one large write is sent inside the chain, the
                // filter's pieces after it). No capacity can be read from that. With the pages
                // flushed in the window both sides send all of a page there, and a round below
                // zero is the rounds' spread.
                capacity = "not comparable: see below";
                verdict = "see the ordinary rounds";
            } else if (!without.isEmpty()) {
                double base = median(without);
                double ratio = base / (base + d);
                capacity = String.format(Locale.ROOT, "**%.3f** (%.3f–%.3f)", ratio, base / (base + max(delta)),
                        base / (base + min(delta)));
                Double target = target(key[1]);
                verdict = target == null ? CHECKS.getOrDefault(key[1], "") : String.format(Locale.ROOT, "≥ %.2f %s",
                        target, ratio >= target ? "met" : "NOT met");
            }
            md.append(String.format(Locale.ROOT, "| %s | %s | %d (%d) | %.2f µs / %.2f µs | **%.2f µs** (%.2f–%.2f) | %s | %s | %s |%n",
                    key[0], key[1], list.size(), list.stream().map(Interleaved::fork).distinct().count(),
                    median(list.stream().map(Interleaved::chainMicrosOn).toList()),
                    median(list.stream().map(Interleaved::chainMicrosOff).toList()), d, min(delta), max(delta),
                    without.isEmpty() ? "" : String.format(Locale.ROOT, "%.1f µs", median(without)), capacity, verdict));
        }
        md.append("\nEach interleaved round sends the scenario's request to /on and /off in turn on the same"
                + " connections, and times each request's filter chain (Cookie Warden and the application with the"
                + " writes it makes) in CPU time on its own thread (CpuMeter). Both contexts go through the same"
                + " moments of the machine, so the difference of their means, the filter's cost per request, is"
                + " free of the drift that moves the ordinary rounds. Capacity with / without is the server's CPU"
                + " per request without the filter (median of the ordinary rounds) over the same plus the filter's"
                + " cost: the throughput ratio of a server that is CPU-bound (range from the rounds' smallest and"
                + " largest cost). " + (rounds.stream().allMatch(Interleaved::pagesFlushed) ? PAGES_FLUSHED : PAGES_AS_SENT)
                + " The rounds of every fork (a load server of its own, a fresh JVM) are pooled.\n");
        md.append(forkByFork(byKey, runs));
        return md.toString();
    }

    /** The server's CPU per request without the filter in the ordinary rounds of one fork, or of all for 0. */
    private static List<Double> cpuWithout(List<Run> runs, String container, String scenario, int fork) {
        return runs.stream()
                .filter(r -> r.container.equals(container) && r.scenario.equals(scenario) && r.variant.equals("off")
                        && (fork == 0 || r.fork == fork))
                .map(Run::cpuMicrosPerRequest).filter(v -> !v.isNaN()).toList();
    }

    /**
     * Each fork's own median cost and capacity, when a scenario ran in more than one: the JIT
     * compiles each JVM differently, and the forks show how far apart the same code reads.
     */
    private static String forkByFork(Map<String, List<Interleaved>> byKey, List<Run> runs) {
        if (byKey.values().stream().allMatch(list -> list.stream().map(Interleaved::fork).distinct().count() < 2)) {
            return "";
        }
        StringBuilder md = new StringBuilder("\n#### Fork by fork\n\n");
        header(md, "container", "scenario", "fork", "rounds", "filter's cost per request", "server CPU per request without",
                "capacity with / without");
        for (Map.Entry<String, List<Interleaved>> e : byKey.entrySet()) {
            String[] key = e.getKey().split("\t");
            Map<Integer, List<Interleaved>> forks = new TreeMap<>();
            for (Interleaved r : e.getValue()) {
                forks.computeIfAbsent(r.fork, k -> new ArrayList<>()).add(r);
            }
            for (Map.Entry<Integer, List<Interleaved>> f : forks.entrySet()) {
                List<Double> delta = f.getValue().stream().map(Interleaved::deltaMicros).toList();
                List<Double> without = cpuWithout(runs, key[0], key[1], f.getKey());
                double d = median(delta);
                String base = "";
                String capacity = "";
                if (!without.isEmpty()) {
                    double b = median(without);
                    base = String.format(Locale.ROOT, "%.1f µs", b);
                    capacity = String.format(Locale.ROOT, "%.3f", b / (b + d));
                }
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.2f µs (%.2f–%.2f) | %s | %s |%n", key[0],
                        key[1], f.getKey(), f.getValue().size(), d, min(delta), max(delta), base, capacity));
            }
        }
        return md.toString();
    }

    private static double micros(double value, String unit) {
        return switch (unit) {
            case "us" -> value;
            case "ms" -> value * 1e3;
            case "s" -> value * 1e6;
            case "m" -> value * 60e6;
            default -> throw new IllegalArgumentException(unit);
        };
    }

    static String summary(List<Run> runs) {
        Map<String, Map<List<Integer>, Run[]>> pairs = new TreeMap<>();
        for (Run r : runs) {
            Run[] pair = pairs.computeIfAbsent(r.container + "\t" + r.scenario, k -> new HashMap<>())
                    .computeIfAbsent(List.of(r.fork, r.round), k -> new Run[2]);
            pair[r.variant.equals("on") ? 0 : 1] = r;
        }
        StringBuilder md = new StringBuilder();
        header(md, "container", "scenario", "rounds", "req/s with", "req/s without", "throughput ratio", "target",
                "p50 with / without", "p50 ratio", "p99 with / without", "p99 ratio", "server CPU per request with / without",
                "CPU ratio");
        for (Map.Entry<String, Map<List<Integer>, Run[]>> e : pairs.entrySet()) {
            String[] key = e.getKey().split("\t");
            List<Run[]> complete = e.getValue().values().stream().filter(p -> p[0] != null && p[1] != null).toList();
            if (complete.isEmpty()) {
                continue;
            }
            List<Double> tput = new ArrayList<>();
            List<Double> p50 = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            List<Double> rpsOn = new ArrayList<>();
            List<Double> rpsOff = new ArrayList<>();
            List<Double> p50On = new ArrayList<>();
            List<Double> p50Off = new ArrayList<>();
            List<Double> p99On = new ArrayList<>();
            List<Double> p99Off = new ArrayList<>();
            List<Double> cpu = new ArrayList<>();
            List<Double> cpuOn = new ArrayList<>();
            List<Double> cpuOff = new ArrayList<>();
            for (Run[] p : complete) {
                cpu.add(p[0].cpuMicrosPerRequest / p[1].cpuMicrosPerRequest);
                cpuOn.add(p[0].cpuMicrosPerRequest);
                cpuOff.add(p[1].cpuMicrosPerRequest);
                tput.add(p[0].rps / p[1].rps);
                p50.add(p[0].p50Micros / p[1].p50Micros);
                p99.add(p[0].p99Micros / p[1].p99Micros);
                rpsOn.add(p[0].rps);
                rpsOff.add(p[1].rps);
                p50On.add(p[0].p50Micros);
                p50Off.add(p[1].p50Micros);
                p99On.add(p[0].p99Micros);
                p99Off.add(p[1].p99Micros);
            }
            Double target = target(key[1]);
            double ratio = median(tput);
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.0f | %.0f | **%.3f** (%.3f–%.3f) | %s | %s / %s |"
                            + " %.2f (%.2f–%.2f) | %s / %s | %.2f (%.2f–%.2f) | %.1f µs / %.1f µs | %.2f (%.2f–%.2f) |%n",
                    key[0], key[1], complete.size(), median(rpsOn), median(rpsOff), ratio, min(tput), max(tput),
                    target == null ? CHECKS.getOrDefault(key[1], "")
                            : String.format(Locale.ROOT, "≥ %.2f %s", target, ratio >= target ? "met" : "NOT met"),
                    time(median(p50On)), time(median(p50Off)), median(p50), min(p50), max(p50),
                    time(median(p99On)), time(median(p99Off)), median(p99), min(p99), max(p99),
                    median(cpuOn), median(cpuOff), median(cpu), min(cpu), max(cpu)));
        }
        md.append("\nRatios are with the filter over without it, per round, then the median over rounds (range in"
                + " parentheses); absolute figures are medians over rounds. Latency ratios above 1 mean slower with"
                + " the filter. Server CPU per request is the server process's user + system CPU time during the run"
                + " (from /proc, 10 ms ticks) over the requests wrk completed: the whole server's cost per request,"
                + " container included, and far less sensitive than throughput to whatever else shares the machine.\n");
        List<Double> others = runs.stream().map(Run::othersShare).filter(v -> !v.isNaN()).sorted().toList();
        if (!others.isEmpty()) {
            md.append(String.format(Locale.ROOT, "%nOther processes (neither the server nor wrk) used %.1f%% of the machine's"
                            + " CPU in the median run, %.1f%% at most, during the %d runs.%n",
                    median(others) * 100, others.get(others.size() - 1) * 100, others.size()));
        }
        return md.toString();
    }

    /** A markdown table's header row and the line under it. */
    private static void header(StringBuilder md, String... columns) {
        md.append("| ").append(String.join(" | ", columns)).append(" |\n|").append("---|".repeat(columns.length)).append('\n');
    }

    private static String time(double micros) {
        return micros >= 1000 ? String.format(Locale.ROOT, "%.2f ms", micros / 1000)
                : String.format(Locale.ROOT, "%.0f µs", micros);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double min(List<Double> values) {
        return values.stream().min(Comparator.naturalOrder()).orElse(Double.NaN);
    }

    private static double max(List<Double> values) {
        return values.stream().max(Comparator.naturalOrder()).orElse(Double.NaN);
    }
}
