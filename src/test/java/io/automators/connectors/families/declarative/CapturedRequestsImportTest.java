package io.automators.connectors.families.declarative;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.catalog.ConnectorCatalog;
import io.automators.connectors.catalog.ConnectorManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An Integuru-style capture (a HAR a browser recorded while a person used an app) made into a
 * declarative manifest through the HTTP API: one action per distinct request, id-like segments and
 * query parameters as input fields, the JSON body as a template, the credential as requestAuth — and
 * none of the captured secrets in what is answered. The manifest loads as the catalog loads files.
 */
class CapturedRequestsImportTest extends ApiTestSupport {

    @Test
    void makesADeclarativeManifestOfACapturedHarWithoutItsSecrets() throws Exception {
        Tenant t = newWorkspace("pro");
        JsonNode har = JSON.readTree(Files.readString(Path.of("src/test/resources/captures/acme-crm.har.json")));

        Response r = call("POST", "/api/v1/imports/captured-requests", t.apiKey(),
                Map.of("id", "acme-crm-imported", "name", "Acme CRM", "category", "crm", "requests", har));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("captured-key-value").doesNotContain("captured-session-cookie")
                .doesNotContain("Lovelace");
        assertThat(r.json().get("notes").toString()).contains("session cookie").contains("cdn.acme-crm.test");
        ConnectorManifest m = new ObjectMapper(new YAMLFactory()).configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                .readValue(r.json().get("manifest").asText(), ConnectorManifest.class);
        assertThat(ConnectorCatalog.problems(m)).isEmpty();
        assertThat(new DeclarativeFamily().check(m)).isEmpty();
        assertThat(m.baseUrl()).isEqualTo("https://api.acme-crm.test");
        assertThat(m.requestAuth().scheme()).isEqualTo("query");
        assertThat(m.requestAuth().name()).isEqualTo("api_key");
        assertThat(m.auth().credentialFields()).extracting(ConnectorManifest.CredentialField::name).containsExactly("apiKey");
        // Two GETs of the same path with other ids are one action; OPTIONS is the browser's.
        assertThat(m.actions()).containsOnlyKeys("get_v1_lists_contacts", "post_v1_lists_contacts");
        ConnectorManifest.Action list = m.actions().get("get_v1_lists_contacts");
        assertThat(list.request().path()).isEqualTo("/v1/lists/{list_id}/contacts");
        assertThat(list.request().query()).containsOnlyKeys("limit");
        assertThat(list.request().headers()).containsEntry("Acme-Version", "2024-06-01");
        assertThat(list.input().path("required").toString()).contains("list_id");
        ConnectorManifest.Action create = m.actions().get("post_v1_lists_contacts");
        assertThat(create.request().body().toString())
                .isEqualTo("{\"email\":\"${/email}\",\"name\":{\"first\":\"${/name_first}\",\"last\":\"${/name_last}\"},"
                        + "\"tags\":\"${/tags}\",\"score\":\"${/score}\"}");
        assertThat(create.input().at("/properties/score/type").asText()).isEqualTo("integer");
        assertThat(create.input().at("/properties/tags/type").asText()).isEqualTo("array");
    }

    @Test
    void aCaptureThatIsNoListOfRequestsIsA400NamingTheField() {
        Tenant t = newWorkspace("pro");

        Response r = call("POST", "/api/v1/imports/captured-requests", t.apiKey(),
                Map.of("id", "x", "requests", Map.of("not", "a har")));

        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("errors").get(0).get("path").asText()).isEqualTo("/requests");
    }
}
