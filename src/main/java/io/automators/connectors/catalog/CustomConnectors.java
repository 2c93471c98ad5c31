package io.automators.connectors.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.storage.DataDirectory;
import io.automators.connectors.storage.TenantJdbc;
import io.swagger.v3.oas.models.OpenAPI;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The connectors workspaces register themselves (POST /api/v1/connectors): declarative manifests and
 * OpenAPI documents, stored per version in {@code custom_connectors} under row-level security, so one
 * workspace never reads another's. Versions are semantic and only go up; old ones stay callable by
 * pinning. Each node keeps a workspace's connectors in memory and reads them again once they are older
 * than {@code automators.catalog.custom.refresh} (the stale copy answers while it does), so a change on
 * one node is seen on every node within seconds. Rows never change once written: a version is compiled
 * once per node, and an OpenAPI document is written once into {@code <data-dir>/custom-openapi} for
 * camel-rest-openapi to read at call time.
 */
@Component
public class CustomConnectors {

    private static final Logger log = LoggerFactory.getLogger(CustomConnectors.class);
    /** The families a registered connector may use: the ones that run every connector on one route, as data. */
    public static final Set<String> FAMILIES = Set.of("declarative", "openapi");

    private final TenantJdbc tenantJdbc;
    private final FamilyRules families;
    private final ConnectorCatalog runtimeCatalog;
    private final OpenApiFetch fetch;
    private final CatalogProperties properties;
    private final Path documents;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final LoadingCache<UUID, Map<String, NavigableMap<Semver, Stored>>> byWorkspace;
    /** Compiled versions, by row (a row never changes; a re-registered id has another created_at). */
    private final Cache<RowKey, Stored> compiled = Caffeine.newBuilder().maximumSize(50_000).build();

    public CustomConnectors(TenantJdbc tenantJdbc, FamilyRules families, ConnectorCatalog runtimeCatalog,
            OpenApiFetch fetch, CatalogProperties properties, DataDirectory dataDirectory) {
        this.tenantJdbc = tenantJdbc;
        this.families = families;
        this.runtimeCatalog = runtimeCatalog;
        this.fetch = fetch;
        this.properties = properties;
        this.documents = dataDirectory.resolve("custom-openapi");
        Duration refresh = properties.getCustom().getRefresh();
        this.byWorkspace = Caffeine.newBuilder().refreshAfterWrite(refresh).expireAfterAccess(Duration.ofMinutes(30))
                .maximumSize(100_000).build(this::read);
    }

    /** One version as stored: the compiled connector, where it came from and when it was published. */
    public record Stored(CatalogEntry entry, String source, OffsetDateTime createdAt) {}

    /** What a registration or a new version brings: the manifest (JSON, or YAML text) and, for OpenAPI, the document or its URL. */
    public record Registration(JsonNode manifest, String document, String documentUrl) {}

    private record Row(String id, String version, OffsetDateTime createdAt) {}

    private record RowKey(UUID workspace, String id, String version, OffsetDateTime createdAt) {}

    /** The latest version of the workspace's connector. */
    public Optional<CatalogEntry> latest(UUID workspace, String id) {
        NavigableMap<Semver, Stored> versions = byWorkspace.get(workspace).get(id);
        return versions == null ? Optional.empty() : Optional.of(versions.lastEntry().getValue().entry());
    }

    /** One version of the workspace's connector; a version that is not one is not found. */
    public Optional<CatalogEntry> version(UUID workspace, String id, String version) {
        NavigableMap<Semver, Stored> versions = byWorkspace.get(workspace).get(id);
        Optional<Semver> wanted = Semver.parse(version);
        return versions == null || wanted.isEmpty() ? Optional.empty()
                : Optional.ofNullable(versions.get(wanted.get())).map(Stored::entry);
    }

    /** The latest version of each of the workspace's connectors. */
    public List<CatalogEntry> latestOfEach(UUID workspace) {
        return byWorkspace.get(workspace).values().stream().map(v -> v.lastEntry().getValue().entry())
                .sorted(Comparator.comparing(CatalogEntry::id)).toList();
    }

    /** Every version of the workspace's connector, oldest first; empty when it has none. */
    public List<Stored> versions(UUID workspace, String id) {
        NavigableMap<Semver, Stored> versions = byWorkspace.get(workspace).get(id);
        return versions == null ? List.of() : List.copyOf(versions.values());
    }

    /** Registers a new connector of the workspace: its first version. */
    public Stored register(UUID workspace, Registration registration) {
        Prepared prepared = prepare(workspace, registration, null);
        String id = prepared.manifest.id();
        if (runtimeCatalog.find(id).isPresent()) {
            throw CallFailure.conflict("'" + id + "' is the id of a connector every workspace has; choose another id");
        }
        List<Row> rows = rows(workspace);
        if (rows.stream().anyMatch(r -> r.id().equals(id))) {
            throw CallFailure.conflict("the workspace already has a connector '" + id
                    + "'; PUT /api/v1/connectors/" + id + " publishes a new version of it");
        }
        if (rows.stream().map(Row::id).distinct().count() >= properties.getCustom().getMaxConnectors()) {
            throw CallFailure.conflict("the workspace has " + properties.getCustom().getMaxConnectors()
                    + " connectors of its own, the most it may have (automators.catalog.custom.max-connectors)");
        }
        return insert(workspace, prepared);
    }

    /** Publishes a new version of the workspace's connector: higher than its latest. */
    public Stored publish(UUID workspace, String id, Registration registration) {
        if (runtimeCatalog.find(id).isPresent()) {
            throw CallFailure.conflict("'" + id + "' is a connector every workspace has: it is changed by its files, not the API");
        }
        List<Row> rows = rows(workspace).stream().filter(r -> r.id().equals(id)).toList();
        if (rows.isEmpty()) {
            throw CallFailure.notFound("the workspace has no connector '" + id + "' of its own; POST /api/v1/connectors registers one");
        }
        Prepared prepared = prepare(workspace, registration, id);
        Semver latest = rows.stream().map(r -> Semver.parse(r.version()).orElseThrow()).max(Comparator.naturalOrder()).orElseThrow();
        if (prepared.version.compareTo(latest) <= 0) {
            throw CallFailure.invalidInputAt("/manifest/version", "must be higher than the latest version, " + latest);
        }
        if (rows.size() >= properties.getCustom().getMaxVersions()) {
            throw CallFailure.conflict("'" + id + "' has " + rows.size() + " versions, the most it may keep"
                    + " (automators.catalog.custom.max-versions); unregister it and register it again");
        }
        return insert(workspace, prepared);
    }

    /** Unregisters the workspace's connector, every version; false when it had none of that id. */
    public boolean remove(UUID workspace, String id) {
        if (runtimeCatalog.find(id).isPresent()) {
            throw CallFailure.conflict("'" + id + "' is a connector every workspace has; it cannot be unregistered");
        }
        int removed = tenantJdbc.inWorkspace(workspace, jdbc -> jdbc.update(
                "DELETE FROM custom_connectors WHERE connector_id = ?", id));
        byWorkspace.invalidate(workspace);
        if (removed > 0) {
            log.info("Custom connector {} of workspace {} unregistered ({} versions)", id, workspace, removed);
        }
        return removed > 0;
    }

    private record Prepared(ConnectorManifest manifest, Semver version, String document, String source, CatalogEntry entry) {}

    /** The registration as a checked manifest (and document); every problem is the caller's 400, naming where it is. */
    private Prepared prepare(UUID workspace, Registration registration, String pathId) {
        ObjectNode node = manifestNode(registration.manifest());
        if (pathId != null) {
            JsonNode id = node.get("id");
            if (id == null || id.isNull()) {
                node.put("id", pathId);
            } else if (!pathId.equals(id.asText())) {
                throw CallFailure.invalidInputAt("/manifest/id", "is " + id.asText() + ", not the connector of the path, " + pathId);
            }
        }
        String document = null;
        String source = "manifest";
        OpenAPI api = null;
        if (registration.document() != null || registration.documentUrl() != null) {
            if (registration.document() != null && registration.documentUrl() != null) {
                throw CallFailure.invalidInputAt("/openapi", "give the document or its url, not both");
            }
            document = registration.document() != null ? registration.document() : fetch.fetch(registration.documentUrl());
            if (document.length() > properties.getCustom().getMaxDocumentBytes()) {
                throw CallFailure.invalidInputAt("/openapi/document", "is larger than "
                        + properties.getCustom().getMaxDocumentBytes() + " bytes");
            }
            // The URL without its query or fragment: a token there is the workspace's secret, not a record.
            source = registration.documentUrl() != null ? "openapi-url " + registration.documentUrl().replaceAll("[?#].*$", "")
                    : "openapi-upload";
            String pointer = registration.documentUrl() != null ? "/openapi/url" : "/openapi/document";
            try {
                api = OpenApiDocuments.parse(document, "given");
            } catch (IllegalArgumentException e) {
                throw CallFailure.invalidInputAt(pointer, e.getMessage());
            }
            fillFromDocument(node, api);
        }
        String family = node.path("family").asText(null);
        if (family == null || !FAMILIES.contains(family)) {
            throw CallFailure.invalidInputAt("/manifest/family", "a workspace's connector is one of " + FAMILIES.stream().sorted().toList()
                    + " (it runs on the family's one route; connectors with routes of their own are the runtime's files)");
        }
        if ("openapi".equals(family) != (api != null)) {
            throw CallFailure.invalidInputAt("/openapi", "openapi".equals(family)
                    ? "an openapi connector needs its document: openapi.document or openapi.url"
                    : "only an openapi connector takes a document");
        }
        if (node.has("routing")) {
            throw CallFailure.invalidInputAt("/manifest/routing", "a workspace's connector runs on its family alone (rule 6): no routing hints");
        }
        ConnectorManifest manifest;
        try {
            manifest = json.treeToValue(node, ConnectorManifest.class);
        } catch (JsonMappingException e) {
            String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                    .collect(Collectors.joining("/"));
            throw CallFailure.invalidInputAt("/manifest" + (path.isEmpty() ? "" : "/" + path), e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw CallFailure.invalidInputAt("/manifest", e.getOriginalMessage());
        }
        if (manifest.auth() != null && !List.of("api_key", "none").contains(manifest.auth().type())) {
            throw CallFailure.invalidInputAt("/manifest/auth/type", "a workspace's connector connects with credentials"
                    + " (api_key) or none; OAuth connectors are the runtime's (Nango or its own OAuth client)");
        }
        if (manifest.actions() != null && manifest.actions().values().stream().anyMatch(a -> a != null && a.route() != null)) {
            throw CallFailure.invalidInputAt("/manifest/actions", "a workspace's connector names no routes: its family runs every action");
        }
        Semver version = Semver.parse(manifest.version()).orElseThrow(() -> CallFailure.invalidInputAt("/manifest/version",
                "must be a semantic version (1.2.0)"));
        String location = null;
        if (api != null) {
            location = documentFile(workspace, manifest.id(), version, document).toUri().toString();
            try {
                manifest = OpenApiDocuments.withOperations(manifest, api, "given", location);
            } catch (IllegalArgumentException e) {
                throw CallFailure.invalidInputAt(registration.documentUrl() != null ? "/openapi/url" : "/openapi/document", e.getMessage());
            }
        }
        List<String> problems = new ArrayList<>();
        if (manifest.actions() == null || manifest.actions().isEmpty()) {
            problems.add("a connector has at least one action");
        } else {
            problems.addAll(ConnectorCatalog.problems(manifest));
            problems.addAll(families.problems(manifest));
        }
        if (!problems.isEmpty()) {
            throw CallFailure.invalidInput("Invalid connector", "the connector breaks " + problems.size() + " rule(s): "
                    + String.join("; ", problems), problems.stream().map(p -> Map.of("path", "/manifest", "message", p)).toList());
        }
        return new Prepared(manifest, version, document, source, compile(workspace, manifest));
    }

    /** The manifest as an object: JSON as sent, or YAML text (what POST /api/v1/imports/captured-requests answers). */
    private ObjectNode manifestNode(JsonNode manifest) {
        JsonNode node = manifest;
        if (manifest != null && manifest.isTextual()) {
            try {
                node = yaml.readTree(manifest.asText());
            } catch (JsonProcessingException e) {
                throw CallFailure.invalidInputAt("/manifest", "is not YAML: " + e.getOriginalMessage());
            }
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return json.createObjectNode();
        }
        if (!node.isObject()) {
            throw CallFailure.invalidInputAt("/manifest", "must be an object (or YAML text of one)");
        }
        return ((ObjectNode) node).deepCopy();
    }

    /** What the document says that the manifest left out: name, version, description, base URL, family and auth. */
    private static void fillFromDocument(ObjectNode node, OpenAPI api) {
        if (!node.hasNonNull("family")) {
            node.put("family", "openapi");
        }
        if (api.getInfo() != null) {
            if (!node.hasNonNull("name") && api.getInfo().getTitle() != null) {
                node.put("name", api.getInfo().getTitle().strip());
            }
            if (!node.hasNonNull("version")) {
                node.put("version", Semver.parse(api.getInfo().getVersion()).map(Semver::text).orElse("1.0.0"));
            }
            if (!node.hasNonNull("description") && api.getInfo().getDescription() != null) {
                String d = api.getInfo().getDescription().strip();
                node.put("description", d.length() > 500 ? d.substring(0, 497) + "…" : d);
            }
        }
        if (!node.hasNonNull("category")) {
            node.put("category", "other");
        }
        if (!node.hasNonNull("baseUrl") && api.getServers() != null && !api.getServers().isEmpty()
                && api.getServers().get(0).getUrl() != null && api.getServers().get(0).getUrl().matches("^https?://.+")) {
            node.put("baseUrl", api.getServers().get(0).getUrl());
        }
        if (!node.has("auth")) {
            ConnectorManifest.RequestAuth auth = OpenApiDocuments.requestAuth(api, false);
            ObjectNode a = node.putObject("auth");
            switch (auth.scheme()) {
                case "basic" -> {
                    a.put("type", "api_key");
                    a.putArray("credentials").add(field("username", false)).add(field("password", true));
                }
                case "none" -> a.put("type", "none");
                default -> {
                    a.put("type", "api_key");
                    a.putArray("credentials").add(field(auth.field() == null ? "apiKey" : auth.field(), true));
                }
            }
        }
    }

    private static ObjectNode field(String name, boolean secret) {
        ObjectNode f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        f.put("name", name).put("required", true).put("secret", secret);
        return f;
    }

    private Stored insert(UUID workspace, Prepared p) {
        String manifestJson;
        try {
            manifestJson = json.writeValueAsString(p.manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a checked manifest is JSON", e);
        }
        OffsetDateTime created;
        try {
            created = tenantJdbc.inWorkspace(workspace, jdbc -> jdbc.queryForObject("INSERT INTO custom_connectors"
                    + " (workspace_id, connector_id, version, manifest, document, source) VALUES (?, ?, ?, ?::jsonb, ?, ?)"
                    + " RETURNING created_at", OffsetDateTime.class,
                    workspace, p.manifest.id(), p.version.text(), manifestJson, p.document, p.source));
        } catch (org.springframework.dao.DuplicateKeyException e) {
            throw CallFailure.conflict("version " + p.version + " of '" + p.manifest.id() + "' is already published");
        }
        byWorkspace.invalidate(workspace);
        log.info("Custom connector {} {} of workspace {} published ({}, {} actions)", p.manifest.id(), p.version, workspace,
                p.source.startsWith("openapi-url") ? "openapi-url" : p.source, p.entry.actions().size());
        Stored stored = new Stored(p.entry, p.source, created);
        compiled.put(new RowKey(workspace, p.manifest.id(), p.version.text(), created), stored);
        return stored;
    }

    private List<Row> rows(UUID workspace) {
        return tenantJdbc.inWorkspace(workspace, jdbc -> jdbc.query(
                "SELECT connector_id, version, created_at FROM custom_connectors",
                (rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class))));
    }

    /** The workspace's connectors as the database has them now; only versions this node has not seen are read whole. */
    private Map<String, NavigableMap<Semver, Stored>> read(UUID workspace) {
        Map<String, NavigableMap<Semver, Stored>> connectors = new TreeMap<>();
        for (Row row : rows(workspace)) {
            RowKey key = new RowKey(workspace, row.id(), row.version(), row.createdAt());
            Stored stored = compiled.get(key, k -> load(workspace, row));
            if (stored != null) {
                connectors.computeIfAbsent(row.id(), id -> new TreeMap<>())
                        .put(Semver.parse(row.version()).orElseThrow(), stored);
            }
        }
        return connectors;
    }

    private Stored load(UUID workspace, Row row) {
        return tenantJdbc.inWorkspace(workspace, jdbc -> jdbc.query("SELECT manifest::text, document, source FROM custom_connectors"
                + " WHERE connector_id = ? AND version = ?", rs -> {
                    if (!rs.next()) {
                        return null;
                    }
                    try {
                        ConnectorManifest manifest = json.readValue(rs.getString(1), ConnectorManifest.class);
                        String document = rs.getString(2);
                        if (document != null) {
                            // This node's copy of the document, where the stored manifest says camel-rest-openapi reads it.
                            Semver version = Semver.parse(row.version()).orElseThrow();
                            String location = documentFile(workspace, row.id(), version, document).toUri().toString();
                            manifest = OpenApiDocuments.withOperations(manifest, OpenApiDocuments.parse(document, row.id()),
                                    row.id(), location);
                        }
                        return new Stored(compile(workspace, manifest), rs.getString(3), row.createdAt());
                    } catch (IOException | RuntimeException e) {
                        log.error("Custom connector {} {} of workspace {} cannot be loaded and is left out: {}", row.id(),
                                row.version(), workspace, e.getMessage());
                        return null;
                    }
                }, row.id(), row.version()));
    }

    private static CatalogEntry compile(UUID workspace, ConnectorManifest manifest) {
        CatalogEntry entry = ConnectorCatalog.compile(manifest, true);
        return new CatalogEntry(entry.manifest(), entry.actions(), true, workspace);
    }

    /** Writes the document once where this node's camel-rest-openapi reads it; the name changes with the content. */
    private Path documentFile(UUID workspace, String id, Semver version, String document) {
        String hash = Integer.toHexString(document.hashCode()) + "-" + document.length();
        String ext = document.stripLeading().startsWith("{") ? ".json" : ".yaml";
        Path file = documents.resolve(workspace.toString()).resolve(id).resolve(version.text().replaceAll("[^0-9A-Za-z.-]", "_")
                + "-" + hash + ext).toAbsolutePath();
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Path tmp = Files.createTempFile(file.getParent(), "doc", ".tmp");
                Files.writeString(tmp, document, StandardCharsets.UTF_8);
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the OpenAPI document under " + documents, e);
        }
        return file;
    }
}
