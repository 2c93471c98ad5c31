package io.automators.connectors.reload;

import io.automators.connectors.builtin.BuiltinOverlay;
import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.CatalogProperties;
import io.automators.connectors.catalog.ConnectorCatalog;
import io.automators.connectors.catalog.FamilyRules;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Swaps in the connector manifests when a file under {@code automators.catalog.directory} changed (an
 * OpenAPI document beside them included): the whole directory is loaded and checked by the catalog's
 * rules and the families', and only then replaces the catalog; one broken file keeps the previous
 * catalog serving and is reported. Calls in flight keep the connector they started with.
 */
@Component
class ManifestsReload {

    private final ConnectorCatalog catalog;
    private final CatalogProperties properties;
    private final FamilyRules families;
    private final ReloadStatus status;
    private String fingerprint;
    private String stamp;

    ManifestsReload(ConnectorCatalog catalog, CatalogProperties properties, FamilyRules families, ReloadStatus status) {
        this.catalog = catalog;
        this.properties = properties;
        this.families = families;
        this.status = status;
    }

    synchronized void check() {
        String quick = DirectoryStamp.of(Path.of(properties.getDirectory()));
        if (fingerprint != null && quick.equals(stamp)) {
            return;
        }
        stamp = quick;
        String now = fingerprint(Path.of(properties.getDirectory()));
        if (fingerprint == null || now.equals(fingerprint)) {
            fingerprint = now;
            return;
        }
        fingerprint = now;
        String where = properties.getDirectory();
        try {
            BuiltinOverlay files = catalog.overlay();
            Map<String, CatalogEntry> loaded = catalog.loadFiles(files);
            List<String> problems = new ArrayList<>();
            loaded.values().forEach(e -> families.problems(e.manifest()).forEach(p -> problems.add(e.id() + ": " + p)));
            if (!problems.isEmpty()) {
                status.failed("manifests", where, "connector manifests the families cannot run: " + String.join("; ", problems));
                return;
            }
            catalog.replace(loaded);
            status.applied("manifests", where);
        } catch (RuntimeException e) {
            status.failed("manifests", where, String.valueOf(e.getMessage()));
        }
    }

    /** Every file under the directory, by path and content: a change anywhere changes it. */
    private static String fingerprint(Path directory) {
        if (!Files.isDirectory(directory)) {
            return "none";
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                digest.update(directory.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try (InputStream in = Files.newInputStream(file)) {
                    digest.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            return "unreadable " + e.getMessage();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
