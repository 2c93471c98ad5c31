package io.automators.connectors.families.openapi;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.OverlayFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Rule 11 and the openapi family through the HTTP API, on two real, published OpenAPI documents
 * (src/test/resources/openapi: the Swagger Petstore and Resend's API): every operation an action by its
 * operationId, the input validated against the operation's parameters and body, the request built by
 * camel-rest-openapi, the document's security scheme carrying the connection's key — against a
 * WireMock vendor in the documents' own shapes.
 */
class OpenApiConnectorTest extends ApiTestSupport {

    static final WireMockServer VENDOR = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static final Path FILES = Path.of("target/test-data/openapi-" + ProcessHandle.current().pid());

    @DynamicPropertySource
    static void connectors(DynamicPropertyRegistry registry) {
        if (!VENDOR.isRunning()) {
            VENDOR.start();
        }
        for (String document : List.of("petstore.yaml", "resend.yaml")) {
            try {
                OverlayFiles.write(FILES, "connectors/openapi/" + document,
                        Files.readString(Path.of("src/test/resources/openapi/" + document)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String manifest = """
                id: %s
                name: %s
                category: %s
                version: 1.0.0
                description: %s
                family: openapi
                auth: %s
                routing: { openapi: openapi/%s }
                baseUrl: "%s"
                %s
                """;
        String key = "{ type: api_key, credentials: [ { name: apiKey, required: true, secret: true } ] }";
        OverlayFiles.write(FILES, "connectors/petstore.yaml", manifest.formatted("petstore", "Swagger Petstore",
                "developer_tools", "The Swagger Petstore, from its published OpenAPI document.", key, "petstore.yaml",
                VENDOR.baseUrl(), ""));
        OverlayFiles.write(FILES, "connectors/petstore-public.yaml", manifest.formatted("petstore-public",
                "Swagger Petstore (no key)", "developer_tools", "The Petstore's operations without credentials.",
                "{ type: none }", "petstore.yaml", VENDOR.baseUrl(), "requestAuth: { scheme: none }"));
        OverlayFiles.write(FILES, "connectors/resend.yaml", manifest.formatted("resend", "Resend", "communication",
                "Resend's email API, from its published OpenAPI document.", key, "resend.yaml", VENDOR.baseUrl(), ""));
        registry.add("automators.catalog.directory", () -> FILES.resolve("connectors").toString());
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.apache.camel.CamelContext camel;

    @org.springframework.beans.factory.annotation.Autowired
    org.apache.hc.client5.http.io.HttpClientConnectionManager declarativeConnections;

    @BeforeEach
    void freshVendor() {
        VENDOR.resetAll();
    }

    @Test
    void everyOperationOfTheDocumentIsAnActionByItsOperationId() {
        Tenant t = newWorkspace("pro");

        Response petstore = call("GET", "/api/v1/connectors/petstore", t.apiKey(), null);
        Response resend = call("GET", "/api/v1/connectors/resend", t.apiKey(), null);

        assertThat(petstore.status()).as(petstore.toString()).isEqualTo(200);
        assertThat(petstore.json().at("/connector/actions").size()).isEqualTo(19);
        assertThat(petstore.json().at("/connector/actions/get_pet_by_id/operationId").asText()).isEqualTo("getPetById");
        assertThat(petstore.json().at("/connector/actions/get_pet_by_id/input/required").toString()).contains("petId");
        assertThat(petstore.json().at("/connector/actions/add_pet/input/properties/body/required").toString())
                .contains("name").contains("photoUrls");
        assertThat(resend.json().at("/connector/actions/emails_send/operationId").asText()).isEqualTo("emails/send");
        assertThat(resend.json().at("/connector/actions").size()).isGreaterThanOrEqualTo(50);
        // OpenAPI 3.1's oneOf of a string or an array of strings, as the document writes it.
        assertThat(resend.json().at("/connector/actions/emails_send/input/properties/body/properties/to/oneOf").toString())
                .isEqualTo("[{\"type\":\"string\"},{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"maxItems\":50,\"minItems\":1}]");
    }

    @Test
    void runsAnOperationWithItsPathParameterAndTheDocumentsApiKeyHeader() {
        String key = "pet-key-" + UUID.randomUUID();
        Tenant t = newWorkspace("pro");
        connect(t, "petstore", key);
        VENDOR.stubFor(get(urlPathEqualTo("/api/v3/pet/10")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\": 10, \"name\": \"doggie\", \"photoUrls\": [], \"status\": \"available\"}")));

        Response r = call("POST", "/api/v1/connectors/petstore/actions/get_pet_by_id", t.apiKey(), Map.of("input", Map.of("petId", 10)));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().at("/output/name").asText()).isEqualTo("doggie");
        VENDOR.verify(getRequestedFor(urlPathEqualTo("/api/v3/pet/10")).withHeader("api_key", equalTo(key)));
        assertThat(r.body()).doesNotContain(key);
        // rest-openapi's HTTP endpoint connects through the pool whose DNS is the host guard.
        assertThat(camel.getEndpoints()).filteredOn(e -> e instanceof org.apache.camel.component.http.HttpEndpoint
                && e.getEndpointUri().contains(":" + VENDOR.port() + "/api/v3/pet"))
                .isNotEmpty().allSatisfy(e -> assertThat(((org.apache.camel.component.http.HttpEndpoint) e)
                        .getClientConnectionManager()).isSameAs(declarativeConnections));
    }

    @Test
    void sendsTheBodyTheOperationDeclares() {
        Tenant t = newWorkspace("pro");
        connect(t, "petstore", "k-" + UUID.randomUUID());
        VENDOR.stubFor(post(urlPathEqualTo("/api/v3/pet")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": 11, \"name\": \"Rex\", \"photoUrls\": [\"u\"]}")));

        Response r = call("POST", "/api/v1/connectors/petstore/actions/add_pet", t.apiKey(), Map.of("input",
                Map.of("body", Map.of("name", "Rex", "photoUrls", List.of("u"), "status", "available"))));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().at("/output/id").asInt()).isEqualTo(11);
        VENDOR.verify(postRequestedFor(urlPathEqualTo("/api/v3/pet"))
                .withRequestBody(equalToJson("{\"name\": \"Rex\", \"photoUrls\": [\"u\"], \"status\": \"available\"}")));
    }

    @Test
    void inputOutsideTheOperationsParametersAndBodyIsA400BeforeAnyCall() {
        Tenant t = newWorkspace("pro");
        connect(t, "petstore", "k-" + UUID.randomUUID());

        Response badParameter = call("POST", "/api/v1/connectors/petstore/actions/get_pet_by_id", t.apiKey(),
                Map.of("input", Map.of("petId", "ten")));
        Response badBody = call("POST", "/api/v1/connectors/petstore/actions/add_pet", t.apiKey(),
                Map.of("input", Map.of("body", Map.of("status", "sold"))));

        assertThat(badParameter.status()).as(badParameter.toString()).isEqualTo(400);
        assertThat(badParameter.json().get("errors").get(0).get("path").asText()).isEqualTo("/petId");
        assertThat(badBody.status()).as(badBody.toString()).isEqualTo(400);
        assertThat(badBody.body()).contains("/body");
        assertThat(VENDOR.getAllServeEvents()).isEmpty();
    }

    @Test
    void aConnectorWithoutCredentialsRunsOnRule11() {
        VENDOR.stubFor(get(urlPathEqualTo("/api/v3/pet/findByStatus")).withQueryParam("status", equalTo("sold"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("[{\"id\": 3, \"name\": \"Kitty\", \"photoUrls\": [], \"status\": \"sold\"}]")));
        Tenant t = newWorkspace("free");

        Response r = call("POST", "/api/v1/connectors/petstore-public/actions/find_pets_by_status", t.apiKey(),
                Map.of("input", Map.of("status", "sold")));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("rule").asInt()).isEqualTo(11);
        assertThat(r.json().get("provider").asText()).isEqualTo("openapi");
        assertThat(r.json().at("/output/0/name").asText()).isEqualTo("Kitty");
    }

    @Test
    void resendsBearerSchemeCarriesTheKeyAndItsRefusalIsAnswered() {
        String key = "re_" + UUID.randomUUID();
        Tenant t = newWorkspace("pro");
        connect(t, "resend", key);
        VENDOR.stubFor(post(urlPathEqualTo("/emails")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"id\": \"49a3999c-0ce1-4ea6-ab68-afcd6dc2e794\"}")));
        VENDOR.stubFor(get(urlPathEqualTo("/emails/missing")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"statusCode\": 404, \"message\": \"Email not found\", \"name\": \"not_found\"}")));

        Response sent = call("POST", "/api/v1/connectors/resend/actions/emails_send", t.apiKey(), Map.of("input",
                Map.of("body", Map.of("from", "Acme <onboarding@resend.dev>", "to", "delivered@resend.dev",
                        "subject", "Hello", "html", "<p>Hi</p>"))));
        Response missing = call("POST", "/api/v1/connectors/resend/actions/emails_get", t.apiKey(),
                Map.of("input", Map.of("email_id", "missing")));

        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.json().at("/output/id").asText()).isEqualTo("49a3999c-0ce1-4ea6-ab68-afcd6dc2e794");
        VENDOR.verify(postRequestedFor(urlPathEqualTo("/emails")).withHeader("Authorization", equalTo("Bearer " + key)));
        assertThat(missing.status()).as(missing.toString()).isEqualTo(404);
        assertThat(missing.json().get("detail").asText()).contains("Email not found");
    }

    private void connect(Tenant t, String connector, String key) {
        Response connected = call("POST", "/api/v1/connectors/" + connector + "/connect", t.apiKey(),
                Map.of("name", "main", "credentials", Map.of("apiKey", key)));
        assertThat(connected.status()).as(connected.toString()).isEqualTo(201);
    }
}
