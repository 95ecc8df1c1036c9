package dev.cookiewarden.record;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * One {@link ConsentRecord} as one line of JSON, and back. Stateless and thread-safe.
 *
 * <p>A line is a compact object, then {@code \n}:
 * <pre>
 * {"consentId":"q0C4cYbGqC7V2i1mV1o0Lw","timestamp":"2025-03-01T10:15:30.123Z","action":"custom",
 *  "grants":{"necessary":true,"analytics":false},"policyRevision":3,"configHash":"sha256-...",
 *  "language":"fr","ipHash":"..."}
 * </pre>
 * (shown on several lines here). The timestamp always has three fraction digits, so timestamps
 * sort as text; {@code ipHash} is left out when there is none. Reading ignores unknown fields, so
 * that an older version can still read a log a newer one wrote, and is strict about everything
 * else: types are never coerced, a duplicate field or trailing content makes the line invalid.
 */
final class RecordJson {
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Even with scalar coercion off, Jackson turns true or 12 into the string "true" or "12".
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .build();
    private static final ObjectWriter WRITER = MAPPER.writerFor(Line.class);
    private static final ObjectReader READER = MAPPER.readerFor(Line.class);
    /** The fields every line must have, in the order of {@link Line}. */
    private static final String[] REQUIRED = {"consentId", "timestamp", "action", "grants", "policyRevision",
        "configHash", "language"};

    /** The stored form: field names and order are the file format. */
    @JsonPropertyOrder({"consentId", "timestamp", "action", "grants", "policyRevision", "configHash", "language",
            "ipHash"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Line(String consentId, String timestamp, String action, LinkedHashMap<String, Boolean> grants,
                Integer policyRevision, String configHash, String language, String ipHash) {
    }

    private RecordJson() {
    }

    /** {@code record} as UTF-8 JSON followed by {@code \n}. */
    static byte[] line(ConsentRecord record) {
        Line line = new Line(record.consentId(), TIMESTAMP.format(record.timestamp()), record.action().token(),
                new LinkedHashMap<>(record.grants()), record.policyRevision(), record.configHash(),
                record.language(), record.ipHash());
        byte[] json;
        try {
            json = WRITER.writeValueAsBytes(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a consent record as JSON", e);
        }
        byte[] withNewline = Arrays.copyOf(json, json.length + 1);
        withNewline[json.length] = '\n';
        return withNewline;
    }

    /**
     * The record in {@code length} bytes of {@code bytes} (without the line break).
     *
     * @throws InvalidLineException if they are not one valid record; the message never quotes the line
     */
    static ConsentRecord parse(byte[] bytes, int length) throws InvalidLineException {
        Line line;
        try {
            line = READER.readValue(bytes, 0, length);
        } catch (IOException e) {
            throw new InvalidLineException("not a JSON object of the record format (" + describe(e) + ")");
        }
        if (line == null) {
            throw new InvalidLineException("not a JSON object of the record format (null)");
        }
        Object[] required = {line.consentId(), line.timestamp(), line.action(), line.grants(), line.policyRevision(),
            line.configHash(), line.language()};
        for (int i = 0; i < required.length; i++) {
            if (required[i] == null) {
                throw new InvalidLineException("field [" + REQUIRED[i] + "] is missing");
            }
        }
        ConsentAction action = ConsentAction.fromToken(line.action())
                .orElseThrow(() -> new InvalidLineException("unknown action ["
                        + (line.action().length() <= 40 ? line.action() : line.action().substring(0, 40) + "...") + "]"));
        Instant timestamp;
        try {
            timestamp = Instant.parse(line.timestamp());
        } catch (DateTimeException e) {
            throw new InvalidLineException("timestamp is not an ISO-8601 instant");
        }
        try {
            return new ConsentRecord(line.consentId(), timestamp, action, line.grants(), line.policyRevision(),
                    line.configHash(), line.language(), line.ipHash());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidLineException(e.getMessage());
        }
    }

    /**
     * The {@code timestamp} of a line that is not a valid record, if it is a JSON object with one:
     * lets a purge apply the retention to lines it cannot otherwise read, such as those of a newer
     * format.
     */
    static Optional<Instant> timestampOf(byte[] bytes, int length) {
        try {
            JsonNode node = MAPPER.readTree(bytes, 0, length);
            JsonNode timestamp = node == null ? null : node.get("timestamp");
            return timestamp != null && timestamp.isTextual()
                    ? Optional.of(Instant.parse(timestamp.textValue()))
                    : Optional.empty();
        } catch (IOException | DateTimeException e) {
            return Optional.empty();
        }
    }

    /** Where Jackson gave up, without its message: that can quote the line, and so a consent id. */
    private static String describe(IOException e) {
        if (e instanceof JsonProcessingException json && json.getLocation() != null) {
            return e.getClass().getSimpleName() + " at column " + json.getLocation().getColumnNr();
        }
        return e.getClass().getSimpleName();
    }

    /** A line that is not a valid record. */
    static final class InvalidLineException extends Exception {
        InvalidLineException(String message) {
            super(message, null, false, false);
        }
    }
}
