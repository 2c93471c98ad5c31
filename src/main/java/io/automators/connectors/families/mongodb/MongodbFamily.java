package io.automators.connectors.families.mongodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoQueryException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.result.InsertManyResult;
import com.mongodb.connection.ClusterConnectionMode;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import io.automators.connectors.credentials.Connections;
import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.families.ClientCache;
import io.automators.connectors.families.ConnectorFamily;
import io.automators.connectors.families.DatabaseEndpoint;
import io.automators.connectors.families.SqlLimits;
import io.automators.connectors.security.HostGuard;
import jakarta.annotation.PreDestroy;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.springframework.context.event.EventListener;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.springframework.stereotype.Component;

/** The MongoDB connector's actions (sync driver). */
@Component("mongodbFamily")
public class MongodbFamily implements ConnectorFamily {

    /** Operators that run JavaScript on the server. */
    static final Set<String> FORBIDDEN_OPERATORS = Set.of("$where", "$function", "$accumulator");
    private static final int MAX_DOCUMENTS_PER_INSERT = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HostGuard hostGuard;
    private final SqlLimits limits;
    private final ClientCache<MongoClient> clients = new ClientCache<>(MongoClient::close);

    public MongodbFamily(HostGuard hostGuard, SqlLimits limits) {
        this.hostGuard = hostGuard;
        this.limits = limits;
    }

    /** find: the documents of a collection that match a filter, capped like SQL rows. */
    public Map<String, Object> find(Map<String, String> credentials, String connectionId,
            Map<String, Object> input) {
        String collectionName = collectionName(input);
        Map<String, Object> filter = optionalObject(input, "filter");
        Map<String, Object> projection = optionalObject(input, "projection");
        rejectJavaScript(filter, "filter");
        rejectJavaScript(projection, "projection");
        int cap = Math.max(1, limits.getMaxRows());
        int limit = cap;
        Object rawLimit = input.get("limit");
        if (rawLimit != null) {
            if (!(rawLimit instanceof Number n) || n.longValue() < 1 || n.doubleValue() != Math.floor(n.doubleValue())) {
                throw CallFailure.invalidInput("limit must be a positive integer");
            }
            limit = (int) Math.min(cap, n.longValue());
        }
        MongoCollection<Document> collection = collection(credentials, connectionId, collectionName);
        try {
            FindIterable<Document> found = collection.find(toDocument(filter))
                    .limit(limit + 1) // one more than asked tells whether there were more
                    .maxTime(Math.max(1, limits.getStatementTimeoutSeconds()), TimeUnit.SECONDS);
            if (projection != null) {
                found = found.projection(toDocument(projection));
            }
            List<Object> documents = new ArrayList<>();
            boolean truncated = false;
            try (MongoCursor<Document> cursor = found.iterator()) {
                while (cursor.hasNext()) {
                    Document document = cursor.next();
                    if (documents.size() == limit) {
                        truncated = true;
                        break;
                    }
                    documents.add(plain(document));
                }
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("documents", documents);
            // Only a cut made by the runtime's cap is a truncation; a caller's own limit is not.
            result.put("truncated", truncated && limit == cap);
            return result;
        } catch (MongoException e) {
            throw translate(e);
        }
    }

    /** insert: inserts documents; ids the caller did not give are generated (ObjectId). */
    public Map<String, Object> insert(Map<String, String> credentials, String connectionId,
            Map<String, Object> input) {
        String collectionName = collectionName(input);
        Object raw = input.get("documents");
        if (!(raw instanceof List<?> list) || list.isEmpty() || list.size() > MAX_DOCUMENTS_PER_INSERT) {
            throw CallFailure.invalidInput("documents must be an array of 1 to " + MAX_DOCUMENTS_PER_INSERT + " objects");
        }
        List<Document> documents = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> map)) {
                throw CallFailure.invalidInput("documents must contain objects only");
            }
            documents.add(toDocument(map));
        }
        MongoCollection<Document> collection = collection(credentials, connectionId, collectionName);
        try {
            InsertManyResult result = collection.insertMany(documents);
            List<Object> ids = new ArrayList<>();
            new TreeMap<>(result.getInsertedIds()).values().forEach(id -> ids.add(plain(id)));
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("insertedCount", ids.size());
            output.put("insertedIds", ids);
            return output;
        } catch (MongoException e) {
            throw translate(e);
        }
    }

    @Override
    public String name() { return "mongodb"; }

    @Override
    public List<String> check(ConnectorManifest manifest) {
        return ConnectorFamily.checkDatabaseFamily(manifest);
    }

    @EventListener
    void on(Connections.ConnectionRemoved removed) {
        evict(removed.connectionId().toString());
    }

    /** Closes the client of one connection, e.g. when it is disconnected. */
    public void evict(String connectionId) {
        clients.evict(connectionId);
    }

    @PreDestroy
    public void close() {
        clients.closeAll();
    }

    /** Throws a 400 problem if a key anywhere in {@code tree} is an operator that runs JavaScript. */
    static void rejectJavaScript(Object tree, String where) {
        if (tree instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (FORBIDDEN_OPERATORS.contains(String.valueOf(entry.getKey()))) {
                    throw CallFailure.invalidInput(where + " must not use " + entry.getKey()
                            + ": server-side JavaScript is not allowed");
                }
                rejectJavaScript(entry.getValue(), where);
            }
        } else if (tree instanceof Collection<?> items) {
            for (Object item : items) {
                rejectJavaScript(item, where);
            }
        }
    }

    private MongoCollection<Document> collection(Map<String, String> credentials, String connectionId, String name) {
        DatabaseEndpoint endpoint = DatabaseEndpoint.from(credentials, 27017);
        String database = DatabaseEndpoint.required(endpoint.database(), "database");
        boolean tls = endpoint.requiresTls();
        if (endpoint.username() == null && endpoint.password() != null) {
            throw CallFailure.invalidInput("username is required when a password is given");
        }
        MongoClient client = clients.get(connectionId, credentials, () -> {
            InetAddress address = hostGuard.check(endpoint.host(), endpoint.port());
            MongoClientSettings.Builder settings = MongoClientSettings.builder()
                    .applicationName("automators-connectors")
                    // SINGLE: talk to this one checked address only; replica-set discovery would
                    // connect to member hosts the server names, which HostGuard never saw.
                    .applyToClusterSettings(b -> b.hosts(List.of(new ServerAddress(DatabaseEndpoint.urlHost(address), endpoint.port())))
                            .mode(ClusterConnectionMode.SINGLE)
                            .serverSelectionTimeout(DatabaseEndpoint.CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                    .applyToSocketSettings(b -> b.connectTimeout(DatabaseEndpoint.CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                            .readTimeout(limits.getStatementTimeoutSeconds() + DatabaseEndpoint.SOCKET_TIMEOUT_MARGIN_SECONDS, TimeUnit.SECONDS))
                    .applyToConnectionPoolSettings(b -> b.maxSize(4).maxConnectionIdleTime(60, TimeUnit.SECONDS))
                    // The certificate is checked against the CA; not against the name, as we connect to the IP.
                    .applyToSslSettings(b -> b.enabled(tls).invalidHostNameAllowed(true));
            if (endpoint.username() != null) {
                // Users usually live in "admin" (Atlas, the official images' root user).
                settings.credential(MongoCredential.createCredential(endpoint.username(), "admin",
                        DatabaseEndpoint.required(endpoint.password(), "password").toCharArray()));
            }
            return MongoClients.create(settings.build());
        });
        return client.getDatabase(database).getCollection(name);
    }

    private static String collectionName(Map<String, Object> input) {
        Object name = input == null ? null : input.get("collection");
        if (!(name instanceof String s) || s.isBlank() || s.length() > 255 || s.contains("$") || s.indexOf('\0') >= 0
                || s.startsWith("system.")) {
            throw CallFailure.invalidInput("collection must be a collection name (1-255 characters, no $, not system.*)");
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> optionalObject(Map<String, Object> input, String field) {
        Object value = input.get(field);
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw CallFailure.invalidInput(field + " must be an object");
    }

    /** Through Extended JSON, so that a caller can write {"$oid": ...} or {"$date": ...}. */
    private static Document toDocument(Map<?, ?> map) {
        if (map == null) {
            return new Document();
        }
        try {
            return Document.parse(JSON.writeValueAsString(map));
        } catch (JsonProcessingException | org.bson.json.JsonParseException e) {
            throw CallFailure.invalidInput("not a valid MongoDB document: " + e.getMessage());
        }
    }

    /** A BSON value as plain JSON: ObjectId as its hex string, dates as ISO-8601. */
    static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        if (value instanceof Collection<?> items) {
            List<Object> out = new ArrayList<>(items.size());
            items.forEach(item -> out.add(plain(item)));
            return out;
        }
        if (value instanceof ObjectId id) {
            return id.toHexString();
        }
        if (value instanceof Date date) {
            return date.toInstant().toString();
        }
        if (value instanceof Decimal128 decimal) {
            return decimal.bigDecimalValue();
        }
        if (value instanceof Binary binary) {
            return Base64.getEncoder().encodeToString(binary.getData());
        }
        if (value instanceof BsonValue bson) {
            return plainBson(bson);
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return value.toString(); // UUID, Symbol, Code, MinKey, MaxKey, BsonTimestamp
    }

    private static Object plainBson(BsonValue value) {
        return switch (value.getBsonType()) {
            case OBJECT_ID -> value.asObjectId().getValue().toHexString();
            case STRING -> value.asString().getValue();
            case INT32 -> value.asInt32().getValue();
            case INT64 -> value.asInt64().getValue();
            case DOUBLE -> value.asDouble().getValue();
            case BOOLEAN -> value.asBoolean().getValue();
            case NULL -> null;
            default -> value.toString();
        };
    }

    private static CallFailure translate(MongoException e) {
        if (e instanceof MongoExecutionTimeoutException || e instanceof MongoSocketReadTimeoutException) {
            return CallFailure.timeout("the MongoDB operation did not finish in time", e);
        }
        if (e instanceof MongoTimeoutException || e instanceof MongoSocketException) {
            return CallFailure.unavailable("could not connect to the MongoDB server: " + e.getMessage(), e);
        }
        if (e instanceof MongoSecurityException) {
            return CallFailure.vendorFailed("the MongoDB server refused the login of the connection's user", e);
        }
        if (e instanceof MongoWriteException || e instanceof MongoBulkWriteException || e instanceof MongoQueryException) {
            return new CallFailure(FailureKind.INVALID_INPUT, "Query rejected",
                    "the database rejected the operation: " + e.getMessage(), Map.of("code", e.getCode()), e);
        }
        if (e instanceof MongoCommandException command) {
            return CallFailure.vendorFailed("the MongoDB server failed the command: " + command.getErrorMessage(), e);
        }
        return CallFailure.vendorFailed("the MongoDB operation failed: " + e.getMessage(), e);
    }
}
