package io.automators.connectors.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/connectors.md is generated from the manifests, never edited by hand: this test renders it
 * and fails (after writing the fresh table) when the committed one is out of date.
 */
class ConnectorTableTest {

    private static final Path TABLE = Path.of("docs/connectors.md");

    @Test
    void keepsTheConnectorTableInTheDocsInStepWithTheManifests() throws IOException {
        Map<String, CatalogEntry> catalog = ConnectorCatalog.load(Path.of("config/connectors"));
        StringBuilder md = new StringBuilder()
                .append("# Connectors\n\n")
                .append("Generated from `config/connectors/*.yaml` by `ConnectorTableTest`; do not edit by hand.\n\n")
                .append("| connector | category | auth | actions | credentials |\n")
                .append("|---|---|---|---|---|\n");
        for (CatalogEntry entry : catalog.values()) {
            ConnectorManifest m = entry.manifest();
            String actions = m.actions().entrySet().stream()
                    .map(a -> "`" + a.getKey() + "`: " + a.getValue().description())
                    .collect(Collectors.joining("<br>"));
            String credentials = m.auth().credentialFields().stream()
                    .map(f -> "`" + f.name() + "`" + (f.required() ? "" : " (optional)"))
                    .collect(Collectors.joining(", "));
            md.append("| **").append(m.name()).append("** (`").append(m.id()).append("` ").append(m.version())
                    .append(") | ").append(m.category()).append(" | ").append(m.auth().type()).append(" | ")
                    .append(actions).append(" | ").append(credentials).append(" |\n");
        }
        String fresh = md.toString();
        String committed = Files.exists(TABLE) ? Files.readString(TABLE) : "";
        if (!fresh.equals(committed)) {
            Files.writeString(TABLE, fresh);
        }
        assertThat(committed).as("docs/connectors.md was out of date and has been regenerated: commit it").isEqualTo(fresh);
    }
}
