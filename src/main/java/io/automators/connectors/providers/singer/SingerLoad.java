package io.automators.connectors.providers.singer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One tap run's messages loaded into the target database (the Singer specification,
 * https://github.com/singer-io/getting-started/blob/master/docs/SPEC.md): a SCHEMA creates its stream's
 * table (columns from its properties, the primary key from its key_properties) or adds the columns it
 * lacks; RECORDs are inserted (upserted on the key, where there is one); a STATE commits every record
 * before it together with the bookmark, in one transaction — so a run killed half-way keeps exactly
 * the records its last bookmark covers, and the next run, started from that bookmark, loads the rest
 * once. What the tap writes that is not a Singer message fails the run clearly; nothing after the last
 * bookmark is kept.
 */
final class SingerLoad implements AutoCloseable {

    private final Connection db;
    private final String schema;
    private final String stateKey;
    private final ObjectMapper mapper;
    private final int batchSize;
    private final Map<String, Stream> streams = new LinkedHashMap<>();
    private final Map<String, Integer> committed = new LinkedHashMap<>();
    private JsonNode lastState;
    private boolean stateSaved;
    private int lineNumber;

    SingerLoad(Connection db, String schema, String stateKey, ObjectMapper mapper, int batchSize) throws SQLException {
        this.db = db;
        this.schema = schema;
        this.stateKey = stateKey;
        this.mapper = mapper;
        this.batchSize = batchSize;
        db.setAutoCommit(false);
        try (var ddl = db.createStatement()) {
            ddl.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
            ddl.execute("CREATE TABLE IF NOT EXISTS " + quote(schema) + "._singer_state (tap text PRIMARY KEY,"
                    + " state jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())");
        }
        db.commit();
        try (PreparedStatement read = db.prepareStatement("SELECT state::text FROM " + quote(schema) + "._singer_state WHERE tap = ?")) {
            read.setString(1, stateKey);
            try (ResultSet rs = read.executeQuery()) {
                lastState = rs.next() ? parse(rs.getString(1)) : null;
            }
        }
        db.commit();
    }

    /** The bookmark the run starts from (null: the first run). */
    JsonNode startState() {
        return lastState;
    }

    /** One line of the tap's standard output. */
    void accept(String line) {
        lineNumber++;
        if (line.isBlank()) {
            return;
        }
        JsonNode message;
        try {
            message = mapper.readTree(line);
        } catch (JsonProcessingException e) {
            throw malformed("is not JSON");
        }
        String type = message.path("type").asText("");
        try {
            switch (type) {
                case "SCHEMA" -> schema(message);
                case "RECORD" -> record(message);
                case "STATE" -> state(message);
                case "" -> throw malformed("has no type");
                default -> { /* ACTIVATE_VERSION, BATCH: nothing to load */ }
            }
        } catch (SQLException e) {
            throw CallFailure.vendorFailed("the Singer target refused line " + lineNumber + " of the tap: " + e.getMessage(), null);
        }
    }

    /** At a clean end: the records after the last bookmark are kept too. */
    void finish() throws SQLException {
        flush();
        db.commit();
        moveToCommitted();
    }

    Map<String, Integer> committed() { return committed; }

    boolean stateSaved() { return stateSaved; }

    JsonNode lastState() { return lastState; }

    /** Whatever was not committed is rolled back. */
    @Override
    public void close() throws SQLException {
        try {
            if (!db.getAutoCommit()) {
                db.rollback();
            }
        } finally {
            db.close();
        }
    }

    private void schema(JsonNode message) throws SQLException {
        String name = stream(message);
        JsonNode properties = message.path("schema").path("properties");
        if (!properties.isObject() || properties.isEmpty()) {
            throw malformed("is a SCHEMA of " + name + " without properties");
        }
        Map<String, String> columns = new LinkedHashMap<>();
        properties.fields().forEachRemaining(p -> columns.put(identifier(p.getKey()), sqlType(p.getValue())));
        List<String> keys = new ArrayList<>();
        message.path("key_properties").forEach(k -> keys.add(identifier(k.asText())));
        if (!columns.keySet().containsAll(keys)) {
            throw malformed("names key_properties " + keys + " that are not among the properties of " + name);
        }
        Stream previous = streams.get(name);
        if (previous != null) {
            previous.flush();
            previous.insert.close();
        }
        String table = quote(schema) + "." + quote(name);
        try (var ddl = db.createStatement()) {
            ddl.execute("CREATE TABLE IF NOT EXISTS " + table + " ("
                    + columns.entrySet().stream().map(c -> quote(c.getKey()) + " " + c.getValue()).collect(Collectors.joining(", "))
                    + (keys.isEmpty() ? "" : ", PRIMARY KEY (" + keys.stream().map(SingerLoad::quote).collect(Collectors.joining(", ")) + ")")
                    + ")");
            for (Map.Entry<String, String> c : columns.entrySet()) {
                ddl.execute("ALTER TABLE " + table + " ADD COLUMN IF NOT EXISTS " + quote(c.getKey()) + " " + c.getValue());
            }
        }
        streams.put(name, new Stream(name, table, columns, keys, previous == null ? 0 : previous.pending));
    }

    private void record(JsonNode message) throws SQLException {
        String name = stream(message);
        Stream stream = streams.get(name);
        if (stream == null) {
            throw malformed("is a RECORD of " + name + " before its SCHEMA");
        }
        JsonNode record = message.path("record");
        if (!record.isObject()) {
            throw malformed("is a RECORD of " + name + " without a record object");
        }
        stream.add(record);
    }

    private void state(JsonNode message) throws SQLException {
        JsonNode value = message.get("value");
        if (value == null || value.isNull()) {
            throw malformed("is a STATE without a value");
        }
        flush();
        try (PreparedStatement save = db.prepareStatement("INSERT INTO " + quote(schema) + "._singer_state (tap, state)"
                + " VALUES (?, ?::jsonb) ON CONFLICT (tap) DO UPDATE SET state = EXCLUDED.state, updated_at = now()")) {
            save.setString(1, stateKey);
            save.setString(2, value.toString());
            save.executeUpdate();
        }
        db.commit(); // the records before this bookmark, and the bookmark: together or not at all
        moveToCommitted();
        lastState = value;
        stateSaved = true;
    }

    private void flush() throws SQLException {
        for (Stream s : streams.values()) {
            s.flush();
        }
    }

    private void moveToCommitted() {
        streams.values().forEach(s -> {
            committed.merge(s.name, s.pending, Integer::sum);
            s.pending = 0;
        });
    }

    private String stream(JsonNode message) {
        String stream = message.path("stream").asText("");
        if (stream.isBlank()) {
            throw malformed("names no stream");
        }
        String name = identifier(stream);
        if (name.startsWith("_singer")) {
            throw malformed("names the stream " + stream + ", a name the target keeps for itself");
        }
        return name;
    }

    private CallFailure malformed(String what) {
        return new CallFailure(FailureKind.VENDOR_REJECTED, null, "line " + lineNumber + " of the tap's output " + what
                + " (not a valid Singer message); the records after the last STATE were not kept", null, null);
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored Singer bookmark that is not JSON", e);
        }
    }

    /** A tap's name made a PostgreSQL identifier: lower case, letters, digits and _, at most 63 characters. */
    static String identifier(String name) {
        String id = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (id.isEmpty() || Character.isDigit(id.charAt(0))) {
            id = "_" + id;
        }
        return id.length() > 63 ? id.substring(0, 63) : id;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** The column type of a JSON-Schema property: its first non-null type. */
    private static String sqlType(JsonNode property) {
        JsonNode type = property.path("type");
        String t = type.isArray() ? java.util.stream.StreamSupport.stream(type.spliterator(), false).map(JsonNode::asText)
                .filter(x -> !"null".equals(x)).findFirst().orElse("string") : type.asText("string");
        return switch (t) {
            case "integer" -> "bigint";
            case "number" -> "double precision";
            case "boolean" -> "boolean";
            case "object", "array" -> "jsonb";
            default -> "date-time".equals(property.path("format").asText()) ? "timestamptz" : "text";
        };
    }

    /** One stream's table and the batch of its records not yet sent. */
    private final class Stream {
        final String name;
        final List<String> columns;
        final PreparedStatement insert;
        int batched;
        int pending; // sent or batched, not committed

        Stream(String name, String table, Map<String, String> types, List<String> keys, int pending) throws SQLException {
            this.name = name;
            this.columns = new ArrayList<>(types.keySet());
            this.pending = pending;
            String values = columns.stream().map(c -> "?::" + types.get(c)).collect(Collectors.joining(", "));
            String names = columns.stream().map(SingerLoad::quote).collect(Collectors.joining(", "));
            List<String> others = columns.stream().filter(c -> !keys.contains(c)).toList();
            String conflict = keys.isEmpty() ? "" : " ON CONFLICT (" + keys.stream().map(SingerLoad::quote)
                    .collect(Collectors.joining(", ")) + ") DO " + (others.isEmpty() ? "NOTHING" : "UPDATE SET "
                    + others.stream().map(c -> quote(c) + " = EXCLUDED." + quote(c)).collect(Collectors.joining(", ")));
            this.insert = db.prepareStatement("INSERT INTO " + table + " (" + names + ") VALUES (" + values + ")" + conflict);
        }

        void add(JsonNode record) throws SQLException {
            Map<String, JsonNode> byColumn = new LinkedHashMap<>();
            record.fields().forEachRemaining(f -> byColumn.put(identifier(f.getKey()), f.getValue()));
            for (int i = 0; i < columns.size(); i++) {
                JsonNode value = byColumn.get(columns.get(i));
                if (value == null || value.isNull()) {
                    insert.setNull(i + 1, Types.VARCHAR);
                } else {
                    insert.setString(i + 1, value.isContainerNode() ? value.toString() : value.asText());
                }
            }
            insert.addBatch();
            batched++;
            pending++;
            if (batched >= batchSize) {
                flush();
            }
        }

        void flush() throws SQLException {
            if (batched > 0) {
                insert.executeBatch();
                batched = 0;
            }
        }
    }
}
