package io.automators.connectors.providers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Rule 2 through Panora (WireMock in Panora's documented shapes, src/test/resources/stubs/panora):
 * HubSpot's create_contact, mapped in its manifest to Panora's unified CRM contact, runs through Panora
 * with the workspace's connection token where its connection holds one; otherwise the runtime's own
 * route runs it and the decision says why not Panora. No key or token reaches an answer or a row.
 */
class PanoraBackendTest extends BackendStubs {

    @Test
    void aMappedActionGoesThroughPanorasUnifiedApiWithTheWorkspacesConnectionToken() {
        String token = "panora-conn-" + UUID.randomUUID();
        Tenant t = newWorkspace("pro");
        connectHubSpot(t, Map.of("apiKey", "pat-unused-" + UUID.randomUUID(), "panoraConnectionToken", token));
        PANORA.stubFor(post(urlPathEqualTo("/crm/contacts")).withHeader("x-api-key", equalTo(PANORA_KEY))
                .withHeader("x-connection-token", equalTo(token))
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json").withBody("""
                        {"id": "801f9ede-c698-4e66-a7fc-48d19eebaa4f", "remote_id": "151", "first_name": "Ada",
                         "last_name": "Lovelace", "email_addresses": [{"email_address": "ada@example.com", "email_address_type": "WORK"}],
                         "phone_numbers": [], "field_mappings": {}}""")));

        Response r = act(t, "hubspot", "create_contact", Map.of("input",
                Map.of("email", "ada@example.com", "firstname", "Ada", "lastname", "Lovelace")));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("rule").asInt()).isEqualTo(2);
        assertThat(r.json().get("provider").asText()).isEqualTo("panora");
        assertThat(r.json().at("/output/id").asText()).isEqualTo("151");
        assertThat(r.json().at("/output/properties/email").asText()).isEqualTo("ada@example.com");
        assertThat(r.json().at("/output/panoraId").asText()).isEqualTo("801f9ede-c698-4e66-a7fc-48d19eebaa4f");
        PANORA.verify(postRequestedFor(urlPathEqualTo("/crm/contacts")).withRequestBody(equalToJson("""
                {"first_name": "Ada", "last_name": "Lovelace",
                 "email_addresses": [{"email_address": "ada@example.com", "email_address_type": "WORK"}]}""")));
        Map<String, Object> row = eventRow(r.json().get("traceId").asText());
        assertThat(r.body() + row).doesNotContain(token).doesNotContain(PANORA_KEY);
        assertThat(row.get("context").toString()).contains("\"provider\": \"panora\"");
    }

    @Test
    void withoutAConnectionTokenTheRuntimesOwnRouteRunsItAndTheDecisionSaysWhy() {
        Tenant t = newWorkspace("pro");
        connectHubSpot(t, Map.of("apiKey", "pat-" + UUID.randomUUID()));

        Response decided = call("POST", "/api/v1/route/decide", t.apiKey(), Map.of("connector", "hubspot",
                "action", "create_contact", "input", Map.of("email", "ada@example.com")));
        Response unmapped = call("POST", "/api/v1/route/decide", t.apiKey(), Map.of("connector", "hubspot",
                "action", "get_contact", "input", Map.of("id", "151")));

        assertThat(decided.status()).as(decided.toString()).isEqualTo(200);
        assertThat(decided.json().get("provider").asText()).isEqualTo("runtime-stored-key");
        assertThat(decided.body()).contains("holds no panoraConnectionToken");
        assertThat(unmapped.json().get("provider").asText()).isEqualTo("runtime-stored-key");
        assertThat(PANORA.getAllServeEvents()).isEmpty();
    }

    @Test
    void panorasRefusalKeepsItsStatusAndMessage() {
        Tenant t = newWorkspace("pro");
        connectHubSpot(t, Map.of("apiKey", "pat-" + UUID.randomUUID(), "panoraConnectionToken", "tok-" + UUID.randomUUID()));
        PANORA.stubFor(post(urlPathEqualTo("/crm/contacts")).withRequestBody(matchingJsonPath("$.email_addresses[0].email_address",
                equalTo("bad@example.com"))).willReturn(aResponse().withStatus(422).withHeader("Content-Type", "application/json")
                .withBody("{\"statusCode\": 422, \"message\": \"email_addresses[0] is not accepted by the CRM\"}")));

        Response r = act(t, "hubspot", "create_contact", Map.of("input", Map.of("email", "bad@example.com")));

        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.json().get("detail").asText()).contains("Panora").contains("is not accepted by the CRM");
    }

    private void connectHubSpot(Tenant t, Map<String, String> credentials) {
        Response connected = call("POST", "/api/v1/connectors/hubspot/connect", t.apiKey(),
                Map.of("name", "crm", "credentials", credentials));
        assertThat(connected.status()).as(connected.toString()).isEqualTo(201);
    }
}
