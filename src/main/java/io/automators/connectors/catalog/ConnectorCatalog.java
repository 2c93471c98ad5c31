package io.automators.connectors.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.automators.connectors.failures.CallFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * The connectors the runtime knows, loaded from the manifests in {@code automators.catalog.directory}.
 * Each manifest's baseUrl becomes the lowest-precedence value of
 * {@code automators.connectors.<id>.base-url}, which routes use as a placeholder and a deployer overrides.
 */
@Component
public class ConnectorCatalog {

    private static final Logger log = LoggerFactory.getLogger(ConnectorCatalog.class);
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    static final List<String> AUTH_TYPES = List.of("database", "api_key", "oauth2", "none");
    static final List<String> ACTION_KINDS = List.of("standard", "data_sync", "elt", "devops_event");

    private final Map<String, CatalogEntry> entries;

    public ConnectorCatalog(CatalogProperties properties, ConfigurableEnvironment environment) {
        // A hash map: a lookup does not grow with the catalog (bench/, catalog scale).
        this.entries = Map.copyOf(load(Path.of(properties.getDirectory())));
        Map<String, Object> baseUrls = new LinkedHashMap<>();
        entries.values().forEach(e -> {
            if (e.manifest().baseUrl() != null) {
                baseUrls.put("automators.connectors." + e.id() + ".base-url", e.manifest().baseUrl());
            }
        });
        environment.getPropertySources().addLast(new MapPropertySource("connector-manifests", baseUrls));
        log.info("Catalog: {} connectors from {}", entries.size(), properties.getDirectory());
    }

    public Optional<CatalogEntry> find(String id) {
        return Optional.ofNullable(id == null ? null : entries.get(id));
    }

    /** The connector, or a 404 problem naming it. */
    public CatalogEntry require(String id) {
        return find(id).orElseThrow(() -> CallFailure.notFound("no connector '" + id + "'"));
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

    private static boolean matches(ConnectorManifest m, String needle) {
        return m.id().contains(needle) || m.name().toLowerCase(Locale.ROOT).contains(needle)
                || (m.description() != null && m.description().toLowerCase(Locale.ROOT).contains(needle));
    }

    static Map<String, CatalogEntry> load(Path directory) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        Map<String, CatalogEntry> loaded = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("the connector catalog directory " + directory.toAbsolutePath()
                    + " does not exist (set automators.catalog.directory)");
        }
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try {
                    ConnectorManifest manifest = yaml.readValue(file.toFile(), ConnectorManifest.class);
                    List<String> errors = ManifestRules.check(manifest, file.getFileName().toString());
                    if (!errors.isEmpty()) {
                        problems.addAll(errors);
                        continue;
                    }
                    loaded.put(manifest.id(), compile(manifest, false));
                } catch (IOException e) {
                    problems.add(file.getFileName() + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("invalid connector manifests:\n  " + String.join("\n  ", problems));
        }
        return loaded;
    }

    static CatalogEntry compile(ConnectorManifest manifest, boolean custom) {
        Map<String, CatalogEntry.ActionEntry> actions = new LinkedHashMap<>();
        manifest.actions().forEach((name, spec) -> {
            String route = spec.route() != null ? spec.route() : manifest.id() + "-" + name.replace('_', '-');
            actions.put(name, new CatalogEntry.ActionEntry(name, spec, InputSchema.of(spec.input()), route));
        });
        return new CatalogEntry(manifest, actions, custom);
    }
}
