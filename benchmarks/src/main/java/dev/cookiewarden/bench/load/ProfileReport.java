package dev.cookiewarden.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a loaded server's CPU goes, with the filter and without it, from a sampling profiler's
 * stacks. Reads {@code <dir>/<container>/<scenario>-<on|off>-p<run>.collapsed} (async-profiler's
 * collapsed stacks, one line per distinct stack and its sample count) and beside each the wrk
 * output of the same run ({@code .txt}, with the server's CPU ticks that run.sh appends), and
 * writes {@code profile-summary.md} into {@code <dir>}.
 *
 * <p>Each sample is put in one of four parts by the frames on its stack: the filter's own work
 * (a frame of the library, not under the application's); the filter's wrappers under the
 * application (the application called the wrapper: this includes what the wrapper passes on to
 * the container, which a bare server counts as the application's); the application; and the rest
 * (the container, the JVM, the kernel). A part's cost per request is its share of the samples
 * times the server's CPU time per request, so the profiler's actual sampling interval does not
 * matter. The filter's own part is broken down by what its outermost frame called.
 *
 * <p>Usage: {@code ProfileReport <dir>}.
 */
public final class ProfileReport {
    private static final Pattern FILE = Pattern.compile("(.+)-(on|off)-p(\\d+)\\.collapsed");
    private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");
    private static final Pattern SERVER_CPU = Pattern.compile("server-cpu-ticks: (\\d+) hz: (\\d+)");
    private static final String LIBRARY = "dev/cookiewarden/";
    private static final String BENCH = "dev/cookiewarden/bench/";
    private static final String APPLICATION = "dev/cookiewarden/bench/ShopApp";
    private static final int ITEMS = 15;

    enum Part { OWN, UNDER_APPLICATION, APPLICATION, REST }

    /** The samples of one side (with or without the filter) of one scenario, over its runs. */
    static final class Side {
        long requests;
        double cpuSeconds;
        final Map<Part, Long> samples = new HashMap<>();
        final Map<String, Long> ownItems = new HashMap<>();
        /** The server's CPU per request in each run, by the run's number. */
        final Map<Integer, Double> runs = new TreeMap<>();

        long totalSamples() {
            return samples.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Microseconds per request of {@code count} samples. */
        double micros(long count) {
            return requests == 0 || totalSamples() == 0 ? Double.NaN
                    : cpuSeconds * 1e6 / requests * count / totalSamples();
        }

        double micros(Part part) {
            return micros(samples.getOrDefault(part, 0L));
        }
    }

    private ProfileReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("Usage: ProfileReport <dir>");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Map<String, Side> sides = new TreeMap<>(); // "<container> <scenario> <on|off>"
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Matcher m = FILE.matcher(file.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                String container = file.getParent().getFileName().toString();
                Side side = sides.computeIfAbsent(container + " " + m.group(1) + " " + m.group(2), k -> new Side());
                addRun(side, Integer.parseInt(m.group(3)), file, file.resolveSibling(file.getFileName().toString().replace(".collapsed", ".txt")));
            }
        }
        String report = render(sides);
        Files.writeString(dir.resolve("profile-summary.md"), report, StandardCharsets.UTF_8);
        System.out.print(report);
    }

    static void addRun(Side side, int number, Path collapsed, Path wrk) throws IOException {
        String run = Files.readString(wrk, StandardCharsets.UTF_8);
        Matcher requests = REQUESTS.matcher(run);
        Matcher cpu = SERVER_CPU.matcher(run);
        if (!requests.find() || !cpu.find()) {
            throw new IOException("No request count or server CPU ticks in " + wrk);
        }
        long count = Long.parseLong(requests.group(1));
        double seconds = Double.parseDouble(cpu.group(1)) / Double.parseDouble(cpu.group(2));
        side.requests += count;
        side.cpuSeconds += seconds;
        side.runs.put(number, count == 0 ? Double.NaN : seconds * 1e6 / count);
        try (Stream<String> lines = Files.lines(collapsed, StandardCharsets.UTF_8)) {
            lines.forEach(line -> addStack(side, line));
        }
    }

    /** One line of collapsed stacks: frames from the outermost, separated by ';', then the count. */
    static void addStack(Side side, String line) {
        int space = line.lastIndexOf(' ');
        if (space < 0) {
            return;
        }
        long count = Long.parseLong(line.substring(space + 1).trim());
        String[] frames = line.substring(0, space).split(";");
        int application = -1;
        int filter = -1;
        for (int i = 0; i < frames.length; i++) {
            if (application < 0 && frames[i].contains(APPLICATION)) {
                application = i;
            } else if (isLibrary(frames[i]) && (filter < 0 || application >= 0 && filter < application)) {
                filter = i;
            }
        }
        Part part;
        if (application >= 0) {
            part = filter > application ? Part.UNDER_APPLICATION : Part.APPLICATION;
        } else if (filter >= 0) {
            part = Part.OWN;
            side.ownItems.merge(filter + 1 < frames.length ? shortName(frames[filter + 1]) : "(the filter itself)",
                    count, Long::sum);
        } else {
            part = Part.REST;
        }
        side.samples.merge(part, count, Long::sum);
    }

    private static boolean isLibrary(String frame) {
        return frame.contains(LIBRARY) && !frame.contains(BENCH);
    }

    /** {@code a/b/C$D.m} as {@code C$D.m}. */
    private static String shortName(String frame) {
        return frame.substring(frame.lastIndexOf('/') + 1);
    }

    /**
     * The filter's own part, plus what the application's calls cost more through its wrappers
     * than the bare application's calls cost: the container's work before and after the chain,
     * which the filter may also change, is left out.
     */
    static double filterInAll(Side on, Side off) {
        return on.micros(Part.OWN) + on.micros(Part.UNDER_APPLICATION) + on.micros(Part.APPLICATION)
                - off.micros(Part.APPLICATION);
    }

    /** Each run's CPU per request, in the order of the runs. */
    private static String runs(Side side) {
        return side.runs.values().stream()
                .map(micros -> String.format(Locale.ROOT, "%.1f", micros))
                .collect(Collectors.joining(", "));
    }

    static String render(Map<String, Side> sides) {
        StringBuilder out = new StringBuilder("# Where the server's CPU goes (async-profiler)\n\n")
                .append("Microseconds of server CPU per request: a part's share of the samples times the server's\n")
                .append("CPU per request. \"Under the application\" includes the container's work that the filter's\n")
                .append("wrappers pass on, which a bare server counts as the application's; \"the filter in all\" is\n")
                .append("the filter's own part plus what the application costs more with it than without it. The\n")
                .append("runs' own CPU per request shows how far a run's figures may move.\n\n")
                .append("| container | scenario | requests with / without | CPU per request with / without | each run's, with / without | difference | filter's own | wrappers under the application | application with / without | the filter in all | container and JVM with / without |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        List<String> items = new ArrayList<>();
        for (Map.Entry<String, Side> e : sides.entrySet()) {
            if (!e.getKey().endsWith(" on")) {
                continue;
            }
            String key = e.getKey().substring(0, e.getKey().length() - " on".length());
            Side on = e.getValue();
            Side off = sides.get(key + " off");
            if (off == null) {
                continue;
            }
            String[] parts = key.split(" ");
            double perOn = on.micros(on.totalSamples());
            double perOff = off.micros(off.totalSamples());
            out.append(String.format(Locale.ROOT,
                    "| %s | %s | %,d / %,d | %.2f / %.2f µs | %s / %s µs | %+.2f µs | %.3f µs | %.3f µs | %.3f / %.3f µs | %.3f µs | %.2f / %.2f µs |%n",
                    parts[0], parts[1], on.requests, off.requests, perOn, perOff, runs(on), runs(off), perOn - perOff,
                    on.micros(Part.OWN), on.micros(Part.UNDER_APPLICATION), on.micros(Part.APPLICATION),
                    off.micros(Part.APPLICATION), filterInAll(on, off), on.micros(Part.REST), off.micros(Part.REST)));
            StringBuilder list = new StringBuilder(String.format(Locale.ROOT,
                    "%n## %s %s: the filter's own part, by what its outermost frame called%n%n| called | µs per request |%n|---|---|%n",
                    parts[0], parts[1]));
            on.ownItems.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(ITEMS)
                    .forEach(item -> list.append(String.format(Locale.ROOT, "| `%s` | %.3f |%n",
                            item.getKey(), on.micros(item.getValue()))));
            items.add(list.toString());
        }
        items.forEach(out::append);
        return out.toString();
    }
}
