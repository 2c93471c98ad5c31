package io.automators.connectors.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.automators.connectors.builtin.BuiltinOverlay;
import io.automators.connectors.exchange.ExchangeNames;
import io.automators.connectors.failures.CallFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * The connectors the runtime knows: the built-in manifests of the jar ({@code classpath:builtin/connectors/},
 * copied from {@code config/connectors} by pom.xml), overlaid by the manifests in
 * {@code automators.catalog.directory} — a {@code <id>.yaml} there replaces the built-in connector of that id,
 * any other is added; a missing directory leaves the built-ins.
 * Each manifest's baseUrl becomes the lowest-precedence value of
 * {@code automators.connectors.<id>.base-url}, which routes use as a placeholder and a deployer overrides;
 * likewise a built-in OAuth's endpoints, {@code automators.connectors.<id>.oauth.authorization-url/token-url}.
 */
@Component
public class ConnectorCatalog {

    private static final Logger log = LoggerFactory.getLogger(ConnectorCatalog.class);
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    static final List<String> AUTH_TYPES = List.of("database", "api_key", "oauth2", "none");
    static final List<String> ACTION_KINDS = List.of("standard", "data_sync", "elt", "devops_event");
    /** Where the jar has the built-in manifests (pom.xml copies config/connectors there). */
    static final String BUILTIN = "builtin/connectors";
    private static final String SUFFIX = ".yaml";

    private static final String PROPERTY_SOURCE = "connector-manifests";

    private final CatalogProperties properties;
    private final ConfigurableEnvironment environment;
    /** Replaced whole by a reload; a call holds the entry it started with. */
    private volatile Map<String, CatalogEntry> entries;

    public ConnectorCatalog(CatalogProperties properties, ConfigurableEnvironment environment) {
        this.properties = properties;
        this.environment = environment;
        BuiltinOverlay manifests = overlay();
        // A hash map: a lookup does not grow with the catalog (bench/, catalog scale).
        this.entries = Map.copyOf(load(manifests.files()));
        environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, settings(entries)));
        log.info("Catalog: {} connectors ({})", entries.size(),
                manifests.summary(file -> file.substring(0, file.length() - SUFFIX.length())));
    }

    /** The manifest files as they are now: the jar's built-ins overlaid by the directory's. */
    public BuiltinOverlay overlay() {
        return BuiltinOverlay.resolve(BUILTIN, Path.of(properties.getDirectory()), SUFFIX, false);
    }

    /** The connectors of the files as they are now, checked by the catalog's rules; thrown (naming each problem) when one breaks them. */
    public Map<String, CatalogEntry> loadFiles(BuiltinOverlay manifests) {
        return load(manifests.files());
    }

    /**
     * Serves these connectors from now on (a reload, checked by the caller): calls in flight keep the
     * entries they started with; the manifests' base URLs become the settings' defaults again.
     */
    public void replace(Map<String, CatalogEntry> loaded) {
        Map<String, CatalogEntry> next = Map.copyOf(loaded);
        environment.getPropertySources().replace(PROPERTY_SOURCE, new MapPropertySource(PROPERTY_SOURCE, settings(next)));
        this.entries = next;
    }

    /** The manifests' base URLs and built-in OAuth endpoints, as the lowest-precedence settings. */
    private static Map<String, Object> settings(Map<String, CatalogEntry> entries) {
        Map<String, Object> baseUrls = new LinkedHashMap<>();
        entries.values().forEach(e -> {
            if (e.manifest().baseUrl() != null) {
                baseUrls.put("automators.connectors." + e.id() + ".base-url", e.manifest().baseUrl());
            }
            ConnectorManifest.BuiltinOAuth oauth = e.manifest().auth().builtinOAuth();
            if (oauth != null) {
                baseUrls.put("automators.connectors." + e.id() + ".oauth.authorization-url", oauth.authorizationUrl());
                baseUrls.put("automators.connectors." + e.id() + ".oauth.token-url", oauth.tokenUrl());
            }
        });
        return baseUrls;
    }

    public Optional<CatalogEntry> find(String id) {
        return Optional.ofNullable(id == null ? null : entries.get(id));
    }

    /** The connector, or a 404 problem naming it. */
    public CatalogEntry require(String id) {
        return find(id).orElseThrow(() -> CallFailure.notFound("no connector '" + id + "'"));
    }

    /**
     * The connector of a call, as the call path resolved it when the call started (a workspace's own
     * connector, a pinned version); a route run without the call path (a route test) by its id.
     */
    public CatalogEntry ofCall(Exchange exchange) {
        CatalogEntry entry = exchange.getProperty(ExchangeNames.CONNECTOR, CatalogEntry.class);
        return entry != null ? entry : require(exchange.getProperty(ExchangeNames.CONNECTOR_ID, String.class));
    }

    public List<CatalogEntry> all() {
        return entries.values().stream().sorted(Comparator.comparing(CatalogEntry::id)).toList();
    }

    /** Case-insensitive search over id, name and description, optionally within one category. */
    public List<CatalogEntry> search(String category, String q) {
        String needle = q == null ? null : q.toLowerCase(Locale.ROOT);
        return entries.values().stream()
                .filter(e -> category == null || category.isBlank() || category.equalsIgnoreCase(e.manifest().category()))
                .filter(e -> needle == null || needle.isBlank() || matches(e.manifest(), needle))
                .sorted(Comparator.comparing(CatalogEntry::id))
                .toList();
    }

    static boolean matches(ConnectorManifest m, String needle) {
        return m.id().contains(needle) || m.name().toLowerCase(Locale.ROOT).contains(needle)
                || (m.description() != null && m.description().toLowerCase(Locale.ROOT).contains(needle));
    }

    /** What is wrong with a manifest by the catalog's rules (its family's are the family's); empty when nothing is. */
    public static List<String> problems(ConnectorManifest manifest) {
        return ManifestRules.check(manifest, manifest.id() + SUFFIX);
    }

    /** The manifests of one directory alone, without the built-ins (docs/connectors.md is made of these). */
    static Map<String, CatalogEntry> load(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("the connector catalog directory " + directory.toAbsolutePath()
                    + " does not exist");
        }
        return load(BuiltinOverlay.resolve(null, directory, SUFFIX, false).files());
    }

    /** Every manifest of the files, checked; refuses them all if one breaks a rule, naming where it is. */
    static Map<String, CatalogEntry> load(List<BuiltinOverlay.File> files) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        Map<String, CatalogEntry> loaded = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (BuiltinOverlay.File file : files) {
            try (InputStream in = file.open()) {
                ConnectorManifest manifest = yaml.readValue(in, ConnectorManifest.class);
                if ("openapi".equals(manifest.family())) {
                    try {
                        manifest = OpenApiDocuments.withOperations(manifest, file.resource(), file.location());
                    } catch (IllegalArgumentException e) {
                        problems.add(file.path() + ": " + e.getMessage() + " (" + file.location() + ")");
                        continue;
                    }
                }
                List<String> errors = ManifestRules.check(manifest, file.path());
                if (!errors.isEmpty()) {
                    errors.forEach(error -> problems.add(error + " (" + file.location() + ")"));
                    continue;
                }
                loaded.put(manifest.id(), compile(manifest, false));
            } catch (IOException e) {
                problems.add(file.location() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid connector manifests:\n  " + String.join("\n  ", problems));
        }
        return loaded;
    }

    /** The one route that runs every operation of an OpenAPI-described connector (routes/families/openapi.camel.yaml). */
    public static final String OPENAPI_ROUTE = "openapi-action";

    /** The one route that runs every action of a declarative connector (routes/families/declarative.camel.yaml). */
    public static final String DECLARATIVE_ROUTE = "declarative-action";

    /**
     * A declarative connector is a custom integration (rule 6, the Integuru slot) wherever it was
     * loaded from; its actions all run on the family's one route.
     */
    static CatalogEntry compile(ConnectorManifest manifest, boolean custom) {
        boolean declarative = "declarative".equals(manifest.family());
        boolean openapi = "openapi".equals(manifest.family());
        Map<String, CatalogEntry.ActionEntry> actions = new LinkedHashMap<>();
        manifest.actions().forEach((name, spec) -> {
            String route = spec.route() != null ? spec.route() : declarative ? DECLARATIVE_ROUTE
                    : openapi ? OPENAPI_ROUTE : manifest.id() + "-" + name.replace('_', '-');
            actions.put(name, new CatalogEntry.ActionEntry(name, spec, InputSchema.of(spec.input()), route));
        });
        return new CatalogEntry(manifest, actions, custom || declarative);
    }
}
