package io.automators.connectors.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.StandardEnvironment;

/**
 * The catalog is the built-in manifests of the jar (class path builtin/connectors/, copied from
 * config/connectors by pom.xml) overlaid by automators.catalog.directory: same id replaces, a new id is added.
 */
class CatalogOverlayTest {

    private static final Path SHIPPED = Path.of("config/connectors");

    @TempDir
    Path dir;

    private final StandardEnvironment environment = new StandardEnvironment();

    @Test
    void replacesTheBuiltInConnectorOfTheSameIdAndAddsANewOne() throws IOException {
        String slack = Files.readString(SHIPPED.resolve("slack.yaml"));
        assertThat(slack).contains("\nname: Slack\n", "baseUrl: https://slack.com");
        Files.writeString(dir.resolve("slack.yaml"), slack.replace("\nname: Slack\n", "\nname: Slack (acme build)\n")
                .replace("baseUrl: https://slack.com", "baseUrl: https://slack.acme.test"));
        Files.writeString(dir.resolve("acme.yaml"), ACME);

        ConnectorCatalog catalog = catalogOn(dir);

        List<String> expected = new ArrayList<>(shippedIds());
        expected.add("acme");
        assertThat(catalog.all()).extracting(CatalogEntry::id).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(catalog.require("slack").manifest().name()).isEqualTo("Slack (acme build)");
        assertThat(environment.getProperty("automators.connectors.slack.base-url")).isEqualTo("https://slack.acme.test");
        assertThat(catalog.require("postgresql").manifest().name()).as("a built-in the directory leaves alone")
                .isEqualTo("PostgreSQL");
        assertThat(catalog.require("acme").actions()).containsOnlyKeys("ping");
        assertThat(catalog.require("acme").actions().get("ping").route()).isEqualTo("acme-ping");
        assertThat(environment.getProperty("automators.connectors.acme.base-url")).isEqualTo("https://api.acme.test");
    }

    @Test
    void hasTheBuiltInConnectorsOnlyWhenTheDirectoryIsMissing() throws IOException {
        ConnectorCatalog catalog = catalogOn(dir.resolve("no-such-directory"));

        assertThat(catalog.all()).extracting(CatalogEntry::id).containsExactlyInAnyOrderElementsOf(shippedIds())
                .contains("postgresql", "mysql", "mongodb", "redis", "slack");
        assertThat(catalog.require("slack").manifest().name()).isEqualTo("Slack");
        assertThat(environment.getProperty("automators.connectors.slack.base-url")).isEqualTo("https://slack.com");
    }

    @Test
    void refusesToStartOnABrokenManifestInTheDirectoryAndSaysWhereItIs() throws IOException {
        Files.writeString(dir.resolve("acme.yaml"), ACME.replace("id: acme", "id: other"));

        assertThatThrownBy(() -> catalogOn(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("acme.yaml: the file name must be <id>.yaml")
                .hasMessageContaining("file:" + dir.toAbsolutePath().resolve("acme.yaml"));
    }

    private ConnectorCatalog catalogOn(Path directory) {
        CatalogProperties properties = new CatalogProperties();
        properties.setDirectory(directory.toString());
        return new ConnectorCatalog(properties, environment);
    }

    private static List<String> shippedIds() throws IOException {
        try (Stream<Path> files = Files.list(SHIPPED)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).toList();
        }
    }

    static final String ACME = """
            id: acme
            name: Acme
            category: testing
            version: 1.0.0
            family: http
            description: An integrator's own connector, only in the overlay directory.
            auth:
              type: api_key
              sharedKey: true
              credentials:
                - { name: apiKey, required: true, secret: true }
            baseUrl: https://api.acme.test
            actions:
              ping:
                description: Answers through the acme-ping route.
                input:
                  type: object
                  additionalProperties: false
                  properties:
                    name: { type: string }
            """;
}
