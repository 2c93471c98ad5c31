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
        assertThat(catalog.all()).extracting(CatalogEntry::id)
                .contains("postgresql", "mysql", "mongodb", "redis", "slack");
        for (CatalogEntry entry : catalog.all()) {
            entry.actions().values().forEach(action -> {
                String what = entry.id() + "." + action.name();
                assertThat(camel.getRoute(action.route())).as(what + " route " + action.route()).isNotNull();
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
    void refusesAManifestThatBreaksTheRules() {
        ConnectorManifest broken = new ConnectorManifest("Bad Id", null, null, null, null, null, null, null, null, null, null, null);
        assertThat(ManifestRules.check(broken, "bad.yaml")).isNotEmpty();
    }
}
