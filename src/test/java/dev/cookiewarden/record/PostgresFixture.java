package dev.cookiewarden.record;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A real PostgreSQL for the jdbc store's tests: never a mock, never H2. Settings from
 * {@code COOKIE_WARDEN_PG_URL}, {@code COOKIE_WARDEN_PG_USER}, {@code COOKIE_WARDEN_PG_PASSWORD}.
 * When no server answers, the tests are skipped, unless {@code CI=true}: then they fail. Each test
 * class works in a schema of its own, created here and dropped after.
 */
public final class PostgresFixture {
    public static final String URL = env("COOKIE_WARDEN_PG_URL", "jdbc:postgresql://127.0.0.1:5432/cookie_warden_test");
    public static final String USER = env("COOKIE_WARDEN_PG_USER", "cookie_warden");
    public static final String PASSWORD = env("COOKIE_WARDEN_PG_PASSWORD", "cookie_warden");

    /** Short timeouts, so that tests of an unreachable database take seconds, not minutes. */
    static final JdbcConsentLog.Timing FAST = new JdbcConsentLog.Timing(Duration.ofSeconds(1), Duration.ofMillis(50),
            Duration.ofMillis(500), Duration.ofSeconds(2), java.time.Clock.systemUTC());

    private PostgresFixture() {
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? otherwise : value;
    }

    static boolean ci() {
        return "true".equals(System.getenv("CI"));
    }

    /** Skips the calling test (fails it under CI=true) when no PostgreSQL answers at {@link #URL}. */
    public static void requireServer() {
        try (Connection connection = connect(null)) {
            connection.isValid(2);
        } catch (SQLException e) {
            String message = "No PostgreSQL at [" + URL + "] as [" + USER + "] (" + e.getMessage() + "). Start one and"
                    + " set COOKIE_WARDEN_PG_URL, COOKIE_WARDEN_PG_USER, COOKIE_WARDEN_PG_PASSWORD (see .ci/run)";
            if (ci()) {
                fail("CI=true requires the database: " + message);
            }
            abort(message + "; skipping the jdbc store's tests");
        }
    }

    /** A connection (auto-commit) to {@code schema}, or to the URL's default when null. */
    static Connection connect(String schema) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        properties.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(schema == null ? URL : url(schema), properties);
    }

    /** {@link #URL} with {@code currentSchema} set. */
    public static String url(String schema) {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static JdbcConsentLog.Settings settings(String schema, int queueSize) {
        return new JdbcConsentLog.Settings(url(schema), USER, PASSWORD, 4, queueSize);
    }

    /** Creates a new empty schema named {@code cw_<prefix>_<random>}. */
    public static String createSchema(String prefix) throws SQLException {
        String schema = "cw_" + prefix + "_" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 8);
        execute(null, "CREATE SCHEMA " + schema);
        return schema;
    }

    public static void dropSchema(String schema) throws SQLException {
        if (schema != null) {
            execute(null, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    static void execute(String schema, String sql) throws SQLException {
        try (Connection connection = connect(schema); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static long count(String schema, String sql) throws SQLException {
        try (Connection connection = connect(schema); Statement statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    static List<String> strings(String schema, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = connect(schema); Statement statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** Waits until {@code condition} holds; fails after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("Timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /**
     * The local cluster serving {@link #URL}, driven with Debian's {@code pg_ctlcluster} (tests run as
     * root in CI). {@code COOKIE_WARDEN_PG_CLUSTER} ("15 main") overrides the lookup by port.
     */
    record Cluster(String version, String name) {
        /** The cluster, or a skip (a failure under CI=true) saying why it cannot be driven. */
        static Cluster local() throws IOException, InterruptedException {
            String override = env("COOKIE_WARDEN_PG_CLUSTER", "");
            if (!override.isEmpty()) {
                String[] parts = override.trim().split("\\s+|/");
                return new Cluster(parts[0], parts[1]);
            }
            URI uri = URI.create(URL.substring("jdbc:".length()));
            String host = uri.getHost() == null ? "localhost" : uri.getHost();
            int port = uri.getPort() < 0 ? 5432 : uri.getPort();
            if (!List.of("localhost", "127.0.0.1", "[::1]", "::1").contains(host.toLowerCase(Locale.ROOT))) {
                unavailable("the database at [" + host + "] is not on this machine");
            }
            Result list = run(Duration.ofSeconds(10), "pg_lsclusters", "-h");
            if (list == null || list.code() != 0) {
                unavailable("pg_lsclusters is not available (" + (list == null ? "not installed" : list.output()) + ")");
            }
            for (String line : list.output().split("\n")) {
                String[] columns = line.trim().split("\\s+");
                if (columns.length >= 3 && columns[2].equals(String.valueOf(port))) {
                    return new Cluster(columns[0], columns[1]);
                }
            }
            unavailable("no cluster listens on port " + port + ": " + list.output());
            return null;
        }

        private static void unavailable(String why) {
            String message = "Cannot stop and start PostgreSQL with pg_ctlcluster: " + why;
            if (ci()) {
                fail("CI=true requires it: " + message);
            }
            abort(message + "; skipping the outage test");
        }

        void stop() throws IOException, InterruptedException {
            check(run(Duration.ofSeconds(30), "pg_ctlcluster", version, name, "stop", "-m", "fast"), "stop");
        }

        void start() throws IOException, InterruptedException {
            check(run(Duration.ofSeconds(30), "pg_ctlcluster", version, name, "start"), "start");
        }

        boolean running() throws IOException, InterruptedException {
            Result status = run(Duration.ofSeconds(10), "pg_ctlcluster", version, name, "status");
            return status != null && status.code() == 0;
        }

        /** Whatever happened, leaves the server running. */
        void ensureRunning() throws IOException, InterruptedException {
            if (!running()) {
                start();
            }
        }

        private void check(Result result, String what) {
            if (result == null || result.code() != 0) {
                fail("pg_ctlcluster " + version + " " + name + " " + what + " failed: "
                        + (result == null ? "not installed" : result.output()));
            }
        }
    }

    record Result(int code, String output) {
    }

    /** Runs a command; null if it cannot be started (not installed). */
    static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("pg-command", ".txt");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            } catch (IOException e) {
                return null;
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(-1, String.join(" ", command) + " timed out");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8).trim());
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
