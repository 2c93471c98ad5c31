package io.automators.connectors.catalog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.automators.connectors.ApiTestSupport;
import io.automators.connectors.storage.TenantJdbc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A workspace's own connectors through the HTTP API: registered as a declarative manifest or an
 * OpenAPI document (uploaded, or fetched by URL through the host guard), versioned, pinned, unregistered
 * — seen only by their workspace, and by every node within seconds of a change in the database.
 */
class CustomConnectorsTest extends ApiTestSupport {

    static final WireMockServer VENDOR = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    @Autowired
    TenantJdbc tenantJdbc;

    @BeforeAll
    static void start() {
        VENDOR.start();
    }

    @AfterAll
    static void stop() {
        VENDOR.stop();
    }

    /** A declarative manifest of an items API whose answer and path say which version ran. */
    static Map<String, Object> itemsManifest(String id, String version, String path) {
        return Map.of("id", id, "name", "Items " + version, "category", "developer_tools", "version", version,
                "description", "Reads an item.", "family", "declarative",
                "auth", Map.of("type", "api_key", "credentials", List.of(
                        Map.of("name", "apiKey", "required", true, "secret", true, "description", "The key"))),
                "baseUrl", VENDOR.baseUrl(),
                "requestAuth", Map.of("scheme", "header", "name", "X-Api-Key", "field", "apiKey"),
                "actions", Map.of("get_item", Map.of("description", "Read one item.", "idempotent", true,
                        "input", Map.of("type", "object", "additionalProperties", false, "required", List.of("id"),
                                "properties", Map.of("id", Map.of("type", "string", "minLength", 1))),
                        "request", Map.of("method", "GET", "path", path + "/{id}"),
                        "output", Map.of("name", "${/name}", "version", version))));
    }

    private void stubItems(String path, String name) {
        VENDOR.stubFor(get(urlPathEqualTo(path + "/7")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"name\": \"" + name + "\"}")));
    }

    private Response getItem(Tenant t, String connector, String version) {
        Map<String, Object> body = version == null ? Map.of("input", Map.of("id", "7"))
                : Map.of("input", Map.of("id", "7"), "version", version);
        return call("POST", "/api/v1/connectors/" + connector + "/actions/get_item", t.apiKey(), body);
    }

    @Test
    void aRegisteredConnectorIsListedConnectedAndRunWithTheWorkspacesKey() {
        Tenant t = newWorkspace("pro");
        String id = "items-" + UUID.randomUUID().toString().substring(0, 8);
        stubItems("/v1/items", "lamp");

        Response registered = call("POST", "/api/v1/connectors", t.apiKey(), Map.of("manifest", itemsManifest(id, "1.0.0", "/v1/items")));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        assertThat(registered.header("Location")).isEqualTo("/api/v1/connectors/" + id);
        assertThat(registered.json().get("version").asText()).isEqualTo("1.0.0");

        Response listed = call("GET", "/api/v1/connectors?size=100&q=" + id, t.apiKey(), null);
        assertThat(listed.json().at("/items/0/id").asText()).isEqualTo(id);
        assertThat(listed.json().at("/items/0/builtIn").asBoolean()).isFalse();
        assertThat(listed.json().at("/items/0/connectionStatus").asText()).isEqualTo("not_connected");

        Response connected = call("POST", "/api/v1/connectors/" + id + "/connect", t.apiKey(),
                Map.of("credentials", Map.of("apiKey", "items-secret-1")));
        assertThat(connected.status()).as(connected.toString()).isEqualTo(201);

        Response run = getItem(t, id, null);
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        assertThat(run.json().at("/output/name").asText()).isEqualTo("lamp");
        // Rule 2: the workspace's own stored key (rule 6 takes a custom connector called without one).
        assertThat(run.json().get("rule").asInt()).isEqualTo(2);
        VENDOR.verify(getRequestedFor(urlPathEqualTo("/v1/items/7")).withHeader("X-Api-Key", equalTo("items-secret-1")));
        assertThat(call("GET", "/api/v1/connectors?size=100&q=" + id, t.apiKey(), null).json()
                .at("/items/0/connectionStatus").asText()).isEqualTo("connected");
    }

    @Test
    void aNewVersionServesUnpinnedCallsWhileAPinnedCallKeepsTheOldOne() {
        Tenant t = newWorkspace("pro");
        String id = "items-" + UUID.randomUUID().toString().substring(0, 8);
        stubItems("/v1/items", "old lamp");
        stubItems("/v2/items", "new lamp");
        assertThat(call("POST", "/api/v1/connectors", t.apiKey(), Map.of("manifest", itemsManifest(id, "1.0.0", "/v1/items"))).status())
                .isEqualTo(201);
        call("POST", "/api/v1/connectors/" + id + "/connect", t.apiKey(), Map.of("credentials", Map.of("apiKey", "k")));

        Response published = call("PUT", "/api/v1/connectors/" + id, t.apiKey(), Map.of("manifest", itemsManifest(id, "1.1.0", "/v2/items")));
        assertThat(published.status()).as(published.toString()).isEqualTo(200);

        assertThat(getItem(t, id, null).json().at("/output").toString()).contains("new lamp").contains("1.1.0");
        assertThat(getItem(t, id, "1.0.0").json().at("/output").toString()).contains("old lamp").contains("1.0.0");
        Response unknown = getItem(t, id, "9.9.9");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asText()).contains("9.9.9").contains("1.0.0").contains("1.1.0");

        Response lower = call("PUT", "/api/v1/connectors/" + id, t.apiKey(), Map.of("manifest", itemsManifest(id, "1.0.5", "/v2/items")));
        assertThat(lower.status()).isEqualTo(400);
        assertThat(lower.json().at("/errors/0/path").asText()).isEqualTo("/manifest/version");
        Response notSemver = call("PUT", "/api/v1/connectors/" + id, t.apiKey(), Map.of("manifest", itemsManifest(id, "2", "/v2/items")));
        assertThat(notSemver.json().at("/errors/0/path").asText()).isEqualTo("/manifest/version");

        JsonNode versions = call("GET", "/api/v1/connectors/" + id + "/versions", t.apiKey(), null).json();
        assertThat(versions.findValuesAsText("version")).containsExactly("1.0.0", "1.1.0");
        assertThat(versions.get(1).get("current").asBoolean()).isTrue();
        assertThat(versions.get(0).get("current").asBoolean()).isFalse();
        assertThat(call("GET", "/api/v1/connectors/" + id + "?version=1.0.0", t.apiKey(), null).json()
                .at("/connector/name").asText()).isEqualTo("Items 1.0.0");
        assertThat(call("GET", "/api/v1/connectors/slack/versions", t.apiKey(), null).json().at("/0/builtIn").asBoolean()).isTrue();
    }

    @Test
    void unregisteringRemovesEveryVersionAndBuiltInsStay() {
        Tenant t = newWorkspace("pro");
        String id = "items-" + UUID.randomUUID().toString().substring(0, 8);
        call("POST", "/api/v1/connectors", t.apiKey(), Map.of("manifest", itemsManifest(id, "1.0.0", "/v1/items")));
        call("PUT", "/api/v1/connectors/" + id, t.apiKey(), Map.of("manifest", itemsManifest(id, "2.0.0", "/v1/items")));

        assertThat(call("DELETE", "/api/v1/connectors/" + id, t.apiKey(), null).status()).isEqualTo(204);

        assertThat(call("GET", "/api/v1/connectors/" + id, t.apiKey(), null).status()).isEqualTo(404);
        assertThat(getItem(t, id, null).status()).isEqualTo(404);
        assertThat(getItem(t, id, "1.0.0").status()).isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/connectors/" + id, t.apiKey(), null).status()).isEqualTo(404);
        Response builtIn = call("DELETE", "/api/v1/connectors/slack", t.apiKey(), null);
        assertThat(builtIn.status()).isEqualTo(409);
        assertThat(builtIn.contentType()).startsWith("application/problem+json");
        assertThat(call("GET", "/api/v1/connectors/slack", t.apiKey(), null).status()).isEqualTo(200);
        Response collides = call("POST", "/api/v1/connectors", t.apiKey(), Map.of("manifest", itemsManifest("slack", "1.0.0", "/v1/items")));
        assertThat(collides.status()).isEqualTo(409);
        assertThat(collides.json().get("detail").asText()).contains("slack");
        // The id is free again: registering it anew starts over.
        assertThat(call("POST", "/api/v1/connectors", t.apiKey(), Map.of("manifest", itemsManifest(id, "1.0.0", "/v1/items"))).status())
                .isEqualTo(201);
    }

    @Test
    void badRegistrationsAreRefusedNamingTheFieldAndStoreNothing() {
        Tenant t = newWorkspace("pro");
        String id = "bad-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> good = itemsManifest(id, "1.0.0", "/v1/items");

        assertBadAt(t, Map.of("manifest", with(good, "family", "http")), "/manifest/family");
        assertBadAt(t, Map.of("manifest", with(good, "colour", "red")), "/manifest/colour");
        assertBadAt(t, Map.of("manifest", with(good, "version", "one")), "/manifest/version");
        assertBadAt(t, Map.of("manifest", with(good, "routing", Map.of("kaotoRoute", "kaoto-x"))), "/manifest/routing");
        assertBadAt(t, Map.of("manifest", with(good, "auth", Map.of("type", "oauth2"))), "/manifest/auth/type");
        assertBadAt(t, Map.of("manifest", "id: [unclosed"), "/manifest");
        assertBadAt(t, Map.of("manifest", good, "extra", 1), "/extra");
        assertBadAt(t, Map.of("manifest", Map.of("id", id), "openapi", Map.of("document", "openapi: 2.0\nnot: a document")),
                "/openapi/document");
        Response noActions = call("POST", "/api/v1/connectors", t.apiKey(), Map.of("manifest", with(good, "actions", Map.of())));
        assertThat(noActions.status()).isEqualTo(400);
        assertThat(noActions.json().get("detail").asText()).contains("at least one action");
        Response badRequest = call("POST", "/api/v1/connectors", t.apiKey(), Map.of("manifest",
                with(good, "actions", Map.of("x", Map.of("description", "d", "input", Map.of("type", "object"),
                        "request", Map.of("method", "BREW", "path", "/x"))))));
        assertThat(badRequest.status()).isEqualTo(400);
        assertThat(badRequest.json().get("errors").toString()).contains("request.method");
        // An internal address is refused by the host guard before anything is fetched.
        Response metadata = call("POST", "/api/v1/connectors", t.apiKey(), Map.of("manifest", Map.of("id", id),
                "openapi", Map.of("url", "http://169.254.169.254/latest/openapi.json")));
        assertThat(metadata.status()).isEqualTo(403);

        assertThat(call("GET", "/api/v1/connectors/" + id, t.apiKey(), null).status()).isEqualTo(404);
        assertThat(call("POST", "/api/v1/connectors", t.apiKey(), Map.of("manifest", good)).status()).isEqualTo(201);
    }

    private void assertBadAt(Tenant t, Map<String, Object> body, String path) {
        Response r = call("POST", "/api/v1/connectors", t.apiKey(), body);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().at("/errors/0/path").asText()).as(r.toString()).isEqualTo(path);
    }

    private static Map<String, Object> with(Map<String, Object> manifest, String field, Object value) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(manifest);
        copy.put(field, value);
        return copy;
    }

    @Test
    void oneWorkspaceNeverSeesOrCallsAnothersConnectors() {
        Tenant a = newWorkspace("pro");
        Tenant b = newWorkspace("pro");
        String id = "items-" + UUID.randomUUID().toString().substring(0, 8);
        stubItems("/v1/items", "a's lamp");
        stubItems("/v3/items", "b's lamp");
        call("POST", "/api/v1/connectors", a.apiKey(), Map.of("manifest", itemsManifest(id, "1.0.0", "/v1/items")));
        call("POST", "/api/v1/connectors/" + id + "/connect", a.apiKey(), Map.of("credentials", Map.of("apiKey", "ka")));

        assertThat(call("GET", "/api/v1/connectors?size=100&q=" + id, b.apiKey(), null).json().get("total").asInt()).isZero();
        assertThat(call("GET", "/api/v1/connectors/" + id, b.apiKey(), null).status()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/connectors/" + id + "/versions", b.apiKey(), null).status()).isEqualTo(404);
        assertThat(getItem(b, id, null).status()).isEqualTo(404);
        assertThat(call("PUT", "/api/v1/connectors/" + id, b.apiKey(), Map.of("manifest", itemsManifest(id, "2.0.0", "/v3/items"))).status())
                .isEqualTo(404);
        assertThat(call("DELETE", "/api/v1/connectors/" + id, b.apiKey(), null).status()).isEqualTo(404);

        // B may have a connector of the same id, its own.
        assertThat(call("POST", "/api/v1/connectors", b.apiKey(), Map.of("manifest", itemsManifest(id, "5.0.0", "/v3/items"))).status())
                .isEqualTo(201);
        call("POST", "/api/v1/connectors/" + id + "/connect", b.apiKey(), Map.of("credentials", Map.of("apiKey", "kb")));
        assertThat(getItem(b, id, null).json().at("/output/name").asText()).isEqualTo("b's lamp");
        assertThat(getItem(a, id, null).json().at("/output/name").asText()).isEqualTo("a's lamp");
        assertThat(getItem(a, id, "5.0.0").status()).isEqualTo(404);
    }

    @Test
    void aChangeInTheDatabaseIsSeenWithinSecondsWithoutARestart() {
        Tenant t = newWorkspace("pro");
        String id = "items-" + UUID.randomUUID().toString().substring(0, 8);
        call("POST", "/api/v1/connectors", t.apiKey(), Map.of("manifest", itemsManifest(id, "1.0.0", "/v1/items")));
        assertThat(call("GET", "/api/v1/connectors/" + id, t.apiKey(), null).status()).isEqualTo(200);

        // As another node unregistering it: the rows go, this node's cache is not told.
        tenantJdbc.inWorkspace(UUID.fromString(t.workspaceId()), jdbc -> jdbc.update(
                "DELETE FROM custom_connectors WHERE connector_id = ?", id));

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() ->
                call("GET", "/api/v1/connectors/" + id, t.apiKey(), null).status() == 404);
    }

    @Test
    void aPublishedOpenApiDocumentIsImportedByUrlOrUploadAndRuns() throws IOException {
        Tenant t = newWorkspace("pro");
        String petstore = Files.readString(Path.of("src/test/resources/openapi/petstore.yaml"));
        VENDOR.stubFor(get(urlPathEqualTo("/docs/petstore.yaml")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/yaml").withBody(petstore)));
        VENDOR.stubFor(get(urlPathEqualTo("/api/v3/pet/10")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"id\": 10, \"name\": \"doggie\", \"photoUrls\": [], \"status\": \"available\"}")));
        String id = "pets-" + UUID.randomUUID().toString().substring(0, 8);

        Response byUrl = call("POST", "/api/v1/connectors", t.apiKey(), Map.of(
                "manifest", Map.of("id", id, "category", "developer_tools", "baseUrl", VENDOR.baseUrl()),
                "openapi", Map.of("url", VENDOR.baseUrl() + "/docs/petstore.yaml?token=doc-secret")));
        assertThat(byUrl.status()).as(byUrl.toString()).isEqualTo(201);
        assertThat(byUrl.json().get("source").asText()).startsWith("openapi-url").doesNotContain("doc-secret");
        assertThat(byUrl.json().get("actions").toString()).contains("get_pet_by_id").contains("add_pet");
        JsonNode detail = call("GET", "/api/v1/connectors/" + id, t.apiKey(), null).json();
        assertThat(detail.at("/connector/name").asText()).contains("Petstore");
        assertThat(detail.at("/connector/auth/credentials/0/name").asText()).isEqualTo("apiKey");

        call("POST", "/api/v1/connectors/" + id + "/connect", t.apiKey(), Map.of("credentials", Map.of("apiKey", "pet-key")));
        Response run = call("POST", "/api/v1/connectors/" + id + "/actions/get_pet_by_id", t.apiKey(), Map.of("input", Map.of("petId", 10)));
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        assertThat(run.json().at("/output/name").asText()).isEqualTo("doggie");
        VENDOR.verify(getRequestedFor(urlPathEqualTo("/api/v3/pet/10")).withHeader("api_key", equalTo("pet-key")));

        String resend = Files.readString(Path.of("src/test/resources/openapi/resend.yaml"));
        Response uploaded = call("POST", "/api/v1/connectors", t.apiKey(), Map.of(
                "manifest", Map.of("id", "mail-" + id, "category", "communication"), "openapi", Map.of("document", resend)));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        assertThat(uploaded.json().get("version").asText()).isEqualTo("1.5.0");
        assertThat(uploaded.json().get("actions").size()).isGreaterThanOrEqualTo(50);
    }

    @Test
    void aManifestInYamlIsRegisteredAsItIs() throws Exception {
        Tenant t = newWorkspace("pro");
        String id = "yaml-" + UUID.randomUUID().toString().substring(0, 8);
        String yaml = """
                id: %s
                name: Status
                category: developer_tools
                version: 0.1.0
                description: A status API.
                family: declarative
                auth: { type: none }
                baseUrl: "%s"
                actions:
                  current:
                    description: The current status.
                    input: { type: object, additionalProperties: false }
                    request: { method: GET, path: /status }
                """.formatted(id, VENDOR.baseUrl());
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/connectors")).header("Authorization", "Bearer " + t.apiKey())
                .header("Content-Type", "application/yaml").POST(HttpRequest.BodyPublishers.ofString(yaml)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(call("GET", "/api/v1/connectors/" + id, t.apiKey(), null).json().at("/connector/version").asText())
                .isEqualTo("0.1.0");
    }
}
