package io.automators.connectors.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/connectors.md is generated from the manifests and the connectors' contract cases, never
 * edited by hand: for each connector its auth, its actions with their inputs, and a working call (the
 * first successful contract case, which ConnectorContractsTest runs against the vendor's documented
 * API). This test renders it and fails (after writing the fresh page) when the committed one is out of date.
 */
class ConnectorTableTest {

    private static final Path TABLE = Path.of("docs/connectors.md");
    private static final Path CONTRACTS = Path.of("src/test/resources/contracts");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which Java each family runs on, and why not the vendor's own Camel component. */
    private static final String WHY = """
            **What they run on, and why.** The `http` connectors call their vendor's REST API with camel-http,
            mapping with jq, rather than the vendor's Camel component (camel-salesforce, camel-twilio,
            camel-google-mail, …): those components bind one account's credentials to a component or an
            endpoint's configuration, so a multi-tenant runtime would need a component instance per
            connection, and a tenant's values in an endpoint URI; here one route serves every connection,
            its credentials read per call from the exchange. The `kafka` connector uses kafka-clients, not
            camel-kafka, for the same reason: one producer per connection, built from validated fields only.
            The database families use their drivers (JDBC, the MongoDB sync driver, Lettuce) with a pool per
            connection.

            """;

    @Test
    void keepsTheConnectorPageInTheDocsInStepWithTheManifestsAndTheirContracts() throws IOException {
        Map<String, CatalogEntry> catalog = ConnectorCatalog.load(Path.of("config/connectors"));
        StringBuilder md = new StringBuilder()
                .append("# Connectors\n\n")
                .append("Generated from `config/connectors/*.yaml` and the contract cases in `src/test/resources/contracts/`\n")
                .append("by `ConnectorTableTest`; do not edit by hand. The example call of a vendor connector is a contract case\n")
                .append("that `ConnectorContractsTest` runs against a stub of the vendor's documented API; that of a database or\n")
                .append("Kafka connector is its schema's example (the catalog lint validates it; the family's tests run real servers).\n\n")
                .append(WHY)
                .append("| connector | category | auth | actions | credentials |\n")
                .append("|---|---|---|---|---|\n");
        for (CatalogEntry entry : catalog.values()) {
            ConnectorManifest m = entry.manifest();
            String actions = m.actions().keySet().stream().map(a -> "`" + a + "`").collect(Collectors.joining(", "));
            md.append("| [").append(m.name()).append("](#").append(m.id().replace('_', '-')).append(") | ")
                    .append(m.category()).append(" | ").append(auth(m)).append(" | ").append(actions).append(" | ")
                    .append(credentials(m)).append(" |\n");
        }
        for (CatalogEntry entry : catalog.values()) {
            section(md, entry.manifest());
        }
        String fresh = md.toString();
        String committed = Files.exists(TABLE) ? Files.readString(TABLE) : "";
        if (!fresh.equals(committed)) {
            Files.writeString(TABLE, fresh);
        }
        assertThat(committed).as("docs/connectors.md was out of date and has been regenerated: commit it").isEqualTo(fresh);
    }

    private static void section(StringBuilder md, ConnectorManifest m) throws IOException {
        md.append("\n## ").append(m.id().replace('_', '-')).append("\n\n**").append(m.name()).append("** (`")
                .append(m.id()).append("` ").append(m.version()).append(", ").append(m.category()).append(", family `")
                .append(m.family()).append("`). ").append(m.description()).append("\n\n");
        md.append("- Runs on: ").append(switch (m.family()) {
            case "http" -> "the http family (camel-http; see why above)";
            case "kafka" -> "the kafka family (kafka-clients, a producer per connection)";
            case "backend" -> "a waterfall backend with the deployment's keys (docs/providers.md)";
            default -> "the " + m.family() + " family (its driver, a pool per connection)";
        }).append("\n");
        md.append("- Auth: ").append(auth(m));
        if (m.auth().nango() != null) {
            md.append("; through Nango's `").append(m.auth().nango()).append("` integration (rule 1)");
        }
        if (m.auth().builtinOAuth() != null) {
            md.append(", or the runtime's own OAuth client (docs/oauth.md)");
        }
        if (!m.auth().credentialFields().isEmpty()) {
            md.append("; stored credentials ").append(credentials(m));
        }
        md.append("\n");
        if (m.baseUrl() != null) {
            md.append("- API: `").append(m.baseUrl()).append("`").append(m.baseUrl().contains("{")
                    ? " (the connection's own host, checked by the host guard)" : "").append("\n");
        }
        for (Map.Entry<String, ConnectorManifest.Action> action : m.actions().entrySet()) {
            md.append("- `").append(action.getKey()).append("`: ").append(action.getValue().description())
                    .append(" Input: ").append(inputs(action.getValue().input())).append("\n");
        }
        Optional<Path> example = example(m.id());
        if (example.isPresent()) {
            JsonNode contract = YAML.readTree(example.get().toFile());
            call(md, m, contract.path("credentials").fieldNames(), contract.path("action").asText(), contract.path("input"),
                    "`" + CONTRACTS.relativize(example.get()) + "`");
            md.append("# {\"output\":").append(JSON.writeValueAsString(contract.path("expect").path("output")))
                    .append(",\"provider\":\"runtime-stored-key\",\"rule\":2,…}\n```\n");
        } else {
            // A family connector (a database, Kafka): the example input of its schema, run by its family's tests.
            for (Map.Entry<String, ConnectorManifest.Action> action : m.actions().entrySet()) {
                JsonNode examples = action.getValue().input().path("examples");
                if (examples.isArray() && !examples.isEmpty()) {
                    call(md, m, m.auth().credentialFields().stream().map(ConnectorManifest.CredentialField::name).iterator(),
                            action.getKey(), examples.get(0), "backend".equals(m.family())
                                    ? "its schema's example, run by the backend's tests" : "its schema's example, run by the "
                                    + m.family() + " family's tests");
                    md.append("```\n");
                    break;
                }
            }
        }
    }

    private static void call(StringBuilder md, ConnectorManifest m, Iterator<String> fields, String action, JsonNode input,
            String source) throws IOException {
        ObjectNode credentials = JSON.createObjectNode();
        fields.forEachRemaining(f -> credentials.put(f, "<" + f + ">"));
        md.append("\nA working call (").append(source).append("):\n\n```bash\n");
        if (!"none".equals(m.auth().type()) || !m.auth().credentialFields().isEmpty()) {
            md.append("curl -s -X POST localhost:8080/api/v1/connectors/").append(m.id())
                    .append("/connect -H \"Authorization: Bearer $API_KEY\" \\\n  -H 'Content-Type: application/json' -d '")
                    .append(JSON.writeValueAsString(JSON.createObjectNode().put("name", "default").set("credentials", credentials)))
                    .append("'\n");
        }
        md.append("curl -s -X POST localhost:8080/api/v1/connectors/").append(m.id()).append("/actions/")
                .append(action).append(" -H \"Authorization: Bearer $API_KEY\" \\\n")
                .append("  -H 'Content-Type: application/json' -d '")
                .append(JSON.writeValueAsString(JSON.createObjectNode().set("input", input)).replace("'", "'\\''"))
                .append("'\n");
    }

    /** The first case of the connector whose caller gets an output. */
    private static Optional<Path> example(String id) throws IOException {
        Path folder = CONTRACTS.resolve(id);
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (YAML.readTree(file.toFile()).path("expect").has("output")) {
                    return Optional.of(file);
                }
            }
        }
        return Optional.empty();
    }

    private static String auth(ConnectorManifest m) {
        return m.auth().type();
    }

    private static String credentials(ConnectorManifest m) {
        return m.auth().credentialFields().stream()
                .map(f -> "`" + f.name() + "`" + (f.required() ? "" : " (optional)"))
                .collect(Collectors.joining(", "));
    }

    private static String inputs(JsonNode schema) {
        List<String> required = schema.path("required").isArray()
                ? JSON.convertValue(schema.path("required"), JSON.getTypeFactory().constructCollectionType(List.class, String.class))
                : List.of();
        StringBuilder fields = new StringBuilder();
        for (Iterator<String> it = schema.path("properties").fieldNames(); it.hasNext();) {
            String name = it.next();
            fields.append(fields.isEmpty() ? "" : ", ").append("`").append(name).append("`")
                    .append(required.contains(name) ? "" : " (optional)");
        }
        return fields.isEmpty() ? "none." : fields + ".";
    }
}
