package io.automators.connectors.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.automators.connectors.ApiTestSupport;
import java.util.List;
import java.util.Locale;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The catalog gate: every shipped manifest loads, and every action it declares can run. */
class CatalogLintTest extends ApiTestSupport {

    @Autowired
    ConnectorCatalog catalog;

    @Autowired
    CamelContext camel;

    @Test
    void givesEveryActionALoadedRouteADescriptionAndAnObjectSchema() {
        // The plan's 25 connectors.
        assertThat(catalog.all()).extracting(CatalogEntry::id).contains("postgresql", "mysql", "mongodb", "redis",
                "slack", "gmail", "outlook", "salesforce", "hubspot", "pipedrive", "zoho_crm", "microsoft_teams", "discord",
                "twilio", "sendgrid", "supabase", "trello", "asana", "monday", "jira", "shopify", "woocommerce", "stripe",
                "paypal", "kafka");
        for (CatalogEntry entry : catalog.all()) {
            entry.actions().values().forEach(action -> {
                String what = entry.id() + "." + action.name();
                if ("backend".equals(entry.manifest().family())) {
                    // Run by a backend's provider route, never by a route of its own.
                    assertThat(action.spec().kindOrDefault()).as(what).isNotEqualTo("standard");
                } else {
                    assertThat(camel.getRoute(action.route())).as(what + " route " + action.route()).isNotNull();
                }
                assertThat(action.spec().description()).as(what).isNotBlank();
                action.inputSchema().check();
                assertThat(action.spec().input().path("type").asText()).as(what).isEqualTo("object");
                assertThat(action.spec().input().path("additionalProperties").asBoolean(true))
                        .as(what + " refuses unknown input fields").isFalse();
            });
        }
    }

    @Test
    void marksEveryPasswordKeyOrTokenCredentialAsSecret() {
        for (CatalogEntry entry : catalog.all()) {
            for (ConnectorManifest.CredentialField field : entry.manifest().auth().credentialFields()) {
                String name = field.name().toLowerCase(Locale.ROOT);
                if (List.of("password", "apikey", "token", "secret").stream().anyMatch(name::contains)) {
                    assertThat(field.secret()).as(entry.id() + "." + field.name()).isTrue();
                }
            }
        }
    }


    @Test
    void givesEveryVendorConnectorContractCasesForEachActionAnErrorAndARateLimit() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper yaml = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        for (CatalogEntry entry : catalog.all()) {
            if (!"http".equals(entry.manifest().family()) || entry.custom()) {
                continue;
            }
            java.nio.file.Path folder = java.nio.file.Path.of("src/test/resources/contracts", entry.id());
            assertThat(folder.resolve("README.md")).as(entry.id() + " names its vendor's doc pages").exists();
            List<com.fasterxml.jackson.databind.JsonNode> cases = new java.util.ArrayList<>();
            try (var files = java.nio.file.Files.list(folder)) {
                for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                    cases.add(yaml.readTree(file.toFile()));
                }
            }
            for (String action : entry.actions().keySet()) {
                assertThat(cases).as(entry.id() + "." + action + " has a case with an output")
                        .anyMatch(c -> c.path("action").asText().equals(action) && c.path("expect").has("output"));
            }
            assertThat(cases).as(entry.id() + " has an error case")
                    .anyMatch(c -> c.path("expect").path("vendorCalled").asBoolean(true)
                            && c.path("expect").path("status").asInt(200) >= 400 && c.path("expect").path("status").asInt() != 429);
            assertThat(cases).as(entry.id() + " has a rate-limit case")
                    .anyMatch(c -> c.path("expect").path("status").asInt() == 429);
        }
    }

    /** Each connector shows a working call in docs/connectors.md: a contract case, or its schema's example, which must be valid. */
    @Test
    void givesEveryConnectorAnExampleCallThatItsSchemaAccepts() {
        for (CatalogEntry entry : catalog.all()) {
            boolean hasCases = java.nio.file.Files.isDirectory(java.nio.file.Path.of("src/test/resources/contracts", entry.id()));
            boolean hasExample = false;
            for (CatalogEntry.ActionEntry action : entry.actions().values()) {
                for (com.fasterxml.jackson.databind.JsonNode example : action.spec().input().path("examples")) {
                    hasExample = true;
                    assertThat(action.inputSchema().validate(example)).as(entry.id() + "." + action.name() + " example").isEmpty();
                }
            }
            if (!entry.custom()) {
                assertThat(hasCases || hasExample).as(entry.id() + " has contract cases or a schema example").isTrue();
            }
        }
    }

    @Test
    void refusesABaseUrlOnAFieldTheConnectionDoesNotDeclare() {
        ConnectorManifest m = new ConnectorManifest("hosted", "Hosted", "crm", "1.0.0", "d", "http",
                new ConnectorManifest.Auth("api_key", null, null, null, false, List.of(
                        new ConnectorManifest.CredentialField("apiKey", true, true, null))),
                "https://{site}.example.com", null, null, java.util.Map.of("x", new ConnectorManifest.Action("x", null,
                        new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("type", "object"), null, false, null, null, null)),
                null, null, null);
        assertThat(ManifestRules.check(m, "hosted.yaml")).anyMatch(e -> e.contains("{site}"));
    }

    @Test
    void refusesAManifestThatBreaksTheRules() {
        ConnectorManifest broken = new ConnectorManifest("Bad Id", null, null, null, null, null, null, null, null, null, null, null, null, null);
        assertThat(ManifestRules.check(broken, "bad.yaml")).isNotEmpty();
    }
}
