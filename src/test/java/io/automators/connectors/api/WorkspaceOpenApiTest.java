package io.automators.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.automators.connectors.ApiTestSupport;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * GET /api/v1/openapi.json: a valid OpenAPI 3.1 document of every action the workspace can call, the
 * runtime's and its own (never another workspace's), each one operation whose body's input is the
 * action's JSON Schema, still meaning what it meant ($schema and $id dropped, its $refs pointed home).
 */
class WorkspaceOpenApiTest extends ApiTestSupport {

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    @Test
    void needsTheWorkspacesKey() {
        Response r = call("GET", "/api/v1/openapi.json", null, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }

    @Test
    void describesEveryActionOfTheRuntimeAsATypedOperation() {
        Tenant t = newWorkspace("free");
        Response r = call("GET", "/api/v1/openapi.json", t.apiKey(), null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body());
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");

        JsonNode doc = r.json();
        int actions = 0;
        for (JsonNode item : call("GET", "/api/v1/connectors?size=100", t.apiKey(), null).json().get("items")) {
            actions += item.get("actions").size();
        }
        assertThat(doc.get("paths").size()).isEqualTo(actions);

        JsonNode send = doc.at("/paths/~1api~1v1~1connectors~1slack~1actions~1send_message/post");
        assertThat(send.get("operationId").asText()).isEqualTo("slack_send_message");
        assertThat(send.at("/tags/0").asText()).isEqualTo("communication");
        assertThat(send.get("description").asText()).isNotBlank();
        assertThat(send.at("/responses/200/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/CallResult");
        assertThat(send.at("/responses/400/content/application~1problem+json/schema/$ref").asText()).isEqualTo("#/components/schemas/Problem");
        assertThat(doc.at("/security/0").has("workspaceKey")).isTrue();
        assertThat(doc.at("/components/securitySchemes/workspaceKey/scheme").asText()).isEqualTo("bearer");
        JsonNode manifest = call("GET", "/api/v1/connectors/slack", t.apiKey(), null).json().at("/connector/actions/send_message/input");
        assertThat(doc.at("/components/schemas/slack_send_message_input")).isEqualTo(manifest);
        JsonNode callResult = doc.at("/components/schemas/CallResult/properties");
        assertThat(callResult.properties().stream().map(Map.Entry::getKey).toList())
                .containsExactlyInAnyOrder("output", "provider", "rule", "traceId", "latencyMs");

        // The body as the document says it is, checked the way a client's generator reads it.
        JsonNode body = send.at("/requestBody/content/application~1json/schema");
        assertThat(validate(doc, body, JSON.valueToTree(Map.of("input", Map.of("channel", "#general", "text", "hi"))))).isEmpty();
        assertThat(validate(doc, body, JSON.valueToTree(Map.of("input", Map.of("text", 5))))).isNotEmpty();
    }

    @Test
    void describesTheWorkspacesOwnConnectorsAndNoOtherWorkspaces() {
        Tenant mine = newWorkspace("pro");
        Tenant other = newWorkspace("pro");
        String id = "typed-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> input = Map.of("$schema", "https://json-schema.org/draft/2020-12/schema",
                "$id", "https://example.test/schemas/item", "type", "object", "required", List.of("id"),
                "properties", Map.of("id", Map.of("$ref", "#/$defs/itemId")),
                "$defs", Map.of("itemId", Map.of("type", "string", "pattern", "^[0-9]+$")));
        Map<String, Object> manifest = Map.of("id", id, "name", "Typed items", "category", "developer_tools", "version", "1.0.0",
                "description", "Reads an item.", "family", "declarative",
                "auth", Map.of("type", "api_key", "credentials", List.of(Map.of("name", "apiKey", "required", true, "secret", true))),
                "baseUrl", "https://api.example.test",
                "requestAuth", Map.of("scheme", "header", "name", "X-Api-Key", "field", "apiKey"),
                "actions", Map.of("get-item", Map.of("description", "Read one item.", "input", input,
                        "request", Map.of("method", "GET", "path", "/items/{id}"))));
        Response registered = call("POST", "/api/v1/connectors", mine.apiKey(), Map.of("manifest", manifest));
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);

        Response r = call("GET", "/api/v1/openapi.json", mine.apiKey(), null);
        assertThat(new OpenAPIV3Parser().readContents(r.body()).getMessages()).isEmpty();
        JsonNode doc = r.json();
        String operationId = id.replace('-', '_') + "_get_item";
        JsonNode op = doc.at("/paths/~1api~1v1~1connectors~1" + id + "~1actions~1get-item/post");
        assertThat(op.get("operationId").asText()).isEqualTo(operationId);
        assertThat(op.get("operationId").asText()).matches("[A-Za-z_][A-Za-z0-9_]*");
        assertThat(op.at("/tags/0").asText()).isEqualTo("developer_tools");
        JsonNode schema = doc.at("/components/schemas/" + operationId + "_input");
        assertThat(schema.has("$schema")).isFalse();
        assertThat(schema.has("$id")).isFalse();
        assertThat(schema.at("/properties/id/$ref").asText()).isEqualTo("#/components/schemas/" + operationId + "_input/$defs/itemId");
        JsonNode body = op.at("/requestBody/content/application~1json/schema");
        assertThat(validate(doc, body, JSON.valueToTree(Map.of("input", Map.of("id", "42"))))).isEmpty();
        assertThat(validate(doc, body, JSON.valueToTree(Map.of("input", Map.of("id", "forty-two"))))).isNotEmpty();

        assertThat(call("GET", "/api/v1/openapi.json", other.apiKey(), null).body()).doesNotContain(id);
    }

    /** An OpenAPI 3.1 schema of the document as JSON Schema 2020-12, the document's components beside it. */
    private static Set<ValidationMessage> validate(JsonNode doc, JsonNode schema, JsonNode value) {
        ObjectNode root = ((ObjectNode) schema).deepCopy();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", doc.get("components"));
        return SCHEMAS.getSchema(root).validate(value);
    }
}
