package io.automators.connectors.families.declarative;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.OverlayFiles;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Rule 6 and the declarative family through the HTTP API: connectors described as data (files in the
 * connectors directory) make the requests their manifests describe against a WireMock vendor — the
 * base URL from the workspace's connection, checked by the host guard when connecting and on every
 * call; path values as encoded segments; query, body and output mapped; credentials only where the
 * manifest puts them.
 */
class DeclarativeConnectorTest extends ApiTestSupport {

    static final WireMockServer VENDOR = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static final Path FILES = Path.of("target/test-data/declarative-" + ProcessHandle.current().pid());

    @DynamicPropertySource
    static void connectors(DynamicPropertyRegistry registry) {
        if (!VENDOR.isRunning()) {
            VENDOR.start();
        }
        OverlayFiles.write(FILES, "connectors/acme-crm.yaml", """
                id: acme-crm
                name: Acme CRM
                category: crm
                version: 1.0.0
                description: A CRM described as data; each workspace's account lives on its own host.
                family: declarative
                auth:
                  type: api_key
                  credentials:
                    - { name: baseUrl, required: true, secret: false, description: "The account's API root" }
                    - { name: apiKey, required: true, secret: true, description: "An API key of the account" }
                baseUrl: "{baseUrl}"
                requestAuth: { scheme: header, name: X-Api-Key, field: apiKey }
                actions:
                  create_contact:
                    description: Create a contact in a list.
                    input:
                      type: object
                      additionalProperties: false
                      required: [list_id, email]
                      properties:
                        list_id: { type: string, minLength: 1, maxLength: 100 }
                        email: { type: string, format: email }
                        first_name: { type: string }
                        notify: { type: boolean }
                    request:
                      method: POST
                      path: /v1/lists/{list_id}/contacts
                      query: { notify: "${/notify}" }
                      headers: { Acme-Version: "2024-06-01" }
                      body: { email: "${/email}", name: { first: "${/first_name}" }, source: "automators" }
                    output: { id: "${/data/id}", email: "${/data/attributes/email}", url: "https://app.acme.test/c/${/data/id}" }
                  get_contact:
                    description: Read a contact.
                    idempotent: true
                    input:
                      type: object
                      additionalProperties: false
                      required: [id]
                      properties: { id: { type: string, minLength: 1 } }
                    request: { method: GET, path: "/v1/contacts/{id}" }
                errors: { message: /errors/0/detail }
                """);
        OverlayFiles.write(FILES, "connectors/open-status.yaml", """
                id: open-status
                name: Open status
                category: developer_tools
                version: 1.0.0
                description: A public status API, no credentials.
                family: declarative
                auth: { type: none }
                baseUrl: "%s"
                actions:
                  current:
                    description: The current status of a component.
                    input:
                      type: object
                      additionalProperties: false
                      required: [component]
                      properties: { component: { type: string, minLength: 1 } }
                    request: { method: GET, path: /status, query: { component: "${/component}" } }
                    output: { status: "${/status/indicator}" }
                """.formatted(VENDOR.baseUrl()));
        OverlayFiles.write(FILES, "connectors/metadata-probe.yaml", """
                id: metadata-probe
                name: Metadata probe
                category: developer_tools
                version: 1.0.0
                description: A declarative connector whose base URL is a cloud metadata address.
                family: declarative
                auth: { type: none }
                baseUrl: http://169.254.169.254
                actions:
                  read:
                    description: Read the instance's metadata.
                    input: { type: object, additionalProperties: false }
                    request: { method: GET, path: /latest/meta-data/ }
                """);
        registry.add("automators.catalog.directory", () -> FILES.resolve("connectors").toString());
    }

    @BeforeEach
    void freshVendor() {
        VENDOR.resetAll();
    }

    @Test
    void makesTheRequestItsManifestDescribesAndMapsTheAnswer() {
        String key = "acme-key-" + UUID.randomUUID();
        Tenant t = newWorkspace("pro");
        connect(t, key);
        VENDOR.stubFor(post(urlPathEqualTo("/v1/lists/L%2F1%20x/contacts")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"data\": {\"id\": \"c_42\", \"attributes\": {\"email\": \"ada@example.com\"}}}")));

        Response r = call("POST", "/api/v1/connectors/acme-crm/actions/create_contact", t.apiKey(), Map.of("input",
                Map.of("list_id", "L/1 x", "email", "ada@example.com", "first_name", "Ada", "notify", true)));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("rule").asInt()).isEqualTo(2);
        assertThat(r.json().at("/output/id").asText()).isEqualTo("c_42");
        assertThat(r.json().at("/output/email").asText()).isEqualTo("ada@example.com");
        assertThat(r.json().at("/output/url").asText()).isEqualTo("https://app.acme.test/c/c_42");
        VENDOR.verify(postRequestedFor(urlEqualTo("/v1/lists/L%2F1%20x/contacts?notify=true"))
                .withHeader("X-Api-Key", equalTo(key))
                .withHeader("Acme-Version", equalTo("2024-06-01"))
                .withRequestBody(equalToJson("{\"email\": \"ada@example.com\", \"name\": {\"first\": \"Ada\"}, \"source\": \"automators\"}")));
        assertThat(r.body()).doesNotContain(key);
    }

    @Test
    void aFieldTheInputLacksIsLeftOutOfQueryAndBody() {
        Tenant t = newWorkspace("pro");
        connect(t, "k-" + UUID.randomUUID());
        VENDOR.stubFor(post(urlPathEqualTo("/v1/lists/L1/contacts")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"data\": {\"id\": \"c_1\"}}")));

        Response r = call("POST", "/api/v1/connectors/acme-crm/actions/create_contact", t.apiKey(),
                Map.of("input", Map.of("list_id", "L1", "email", "bob@example.com")));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        VENDOR.verify(postRequestedFor(urlEqualTo("/v1/lists/L1/contacts"))
                .withRequestBody(equalToJson("{\"email\": \"bob@example.com\", \"name\": {}, \"source\": \"automators\"}")));
        assertThat(r.json().at("/output/email").isMissingNode()).isTrue();
    }

    @Test
    void theVendorsRefusalIsAnsweredWithItsMessage() {
        Tenant t = newWorkspace("pro");
        connect(t, "k-" + UUID.randomUUID());
        VENDOR.stubFor(get(urlPathEqualTo("/v1/contacts/nope")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"errors\": [{\"detail\": \"No contact nope\"}]}")));

        Response r = call("POST", "/api/v1/connectors/acme-crm/actions/get_contact", t.apiKey(), Map.of("input", Map.of("id", "nope")));

        assertThat(r.status()).as(r.toString()).isEqualTo(404);
        assertThat(r.json().get("detail").asText()).contains("No contact nope");
    }

    @Test
    void aCustomConnectorWithoutCredentialsRunsOnRule6() {
        VENDOR.stubFor(get(urlPathEqualTo("/status")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"status\": {\"indicator\": \"minor\"}}")));
        Tenant t = newWorkspace("free");

        Response r = call("POST", "/api/v1/connectors/open-status/actions/current", t.apiKey(), Map.of("input", Map.of("component", "api")));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("rule").asInt()).isEqualTo(6);
        assertThat(r.json().get("provider").asText()).isEqualTo("integuru");
        assertThat(r.json().at("/output/status").asText()).isEqualTo("minor");
        VENDOR.verify(getRequestedFor(urlEqualTo("/status?component=api")));
    }

    @Test
    void anInternalBaseUrlIsRefusedWhenConnectingAndOnEveryCall() {
        Tenant t = newWorkspace("pro");

        Response connect = call("POST", "/api/v1/connectors/acme-crm/connect", t.apiKey(), Map.of("name", "meta",
                "credentials", Map.of("baseUrl", "http://169.254.169.254/latest", "apiKey", "k")));
        Response run = call("POST", "/api/v1/connectors/metadata-probe/actions/read", t.apiKey(), Map.of("input", Map.of()));

        assertThat(connect.status()).as(connect.toString()).isEqualTo(403);
        assertThat(run.status()).as(run.toString()).isEqualTo(403);
        assertThat(run.json().get("detail").asText()).contains("internal or metadata address");
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.apache.camel.CamelContext camel;

    @org.springframework.beans.factory.annotation.Autowired
    org.apache.hc.client5.http.io.HttpClientConnectionManager declarativeConnections;

    @Test
    void theFamilysCallConnectsThroughTheHostGuardsResolution() {
        // The one vendor call of the family's route goes through the pool whose DNS is the host guard.
        org.apache.camel.component.http.HttpEndpoint endpoint = camel.getEndpoints().stream()
                .filter(e -> e instanceof org.apache.camel.component.http.HttpEndpoint h && h.getEndpointUri().contains("declared-vendor"))
                .map(org.apache.camel.component.http.HttpEndpoint.class::cast).findFirst().orElseThrow();
        assertThat(endpoint.getClientConnectionManager()).isSameAs(declarativeConnections);
        // And that DNS refuses what the guard refuses: loopback, without the tests' allow-list.
        io.automators.connectors.security.GuardedDns strict = new io.automators.connectors.security.GuardedDns(new io.automators.connectors.security.HostGuard(
                new io.automators.connectors.security.SecurityProperties()));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> strict.resolve("localhost"))
                .isInstanceOf(io.automators.connectors.failures.CallFailure.class).hasMessageContaining("internal");
    }

    private void connect(Tenant t, String key) {
        Response connected = call("POST", "/api/v1/connectors/acme-crm/connect", t.apiKey(), Map.of("name", "main",
                "credentials", Map.of("baseUrl", VENDOR.baseUrl(), "apiKey", key)));
        assertThat(connected.status()).as(connected.toString()).isEqualTo(201);
    }
}
