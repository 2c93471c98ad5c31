package io.automators.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.automators.connectors.ApiTestSupport;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API's own OpenAPI 3.1 document: served without a key, a valid document (a real parser finds
 * nothing wrong), every operation secured as ApiKeyFilter secures it, no secret in it, and
 * docs/openapi.yaml is exactly what the running API serves.
 * Regenerate the copy with {@code ./mvnw test -Dtest=ApiDocumentTest -Dopenapi.write=true}.
 */
class ApiDocumentTest extends ApiTestSupport {

    static final Path COPY = Path.of("docs/openapi.yaml");

    @Test
    void theCommittedCopyIsWhatTheApiServes() throws IOException {
        Response served = call("GET", "/v3/api-docs.yaml", null, null);
        assertThat(served.status()).isEqualTo(200);
        if (Boolean.getBoolean("openapi.write")) {
            Files.writeString(COPY, served.body(), StandardCharsets.UTF_8);
        }
        String committed = Files.exists(COPY) ? Files.readString(COPY, StandardCharsets.UTF_8) : "";
        if (!committed.equals(served.body())) {
            throw new AssertionError("docs/openapi.yaml is not what the API serves (" + firstDifference(committed, served.body())
                    + "); regenerate it with ./mvnw test -Dtest=ApiDocumentTest -Dopenapi.write=true and commit it");
        }
    }

    private static String firstDifference(String committed, String served) {
        String[] a = committed.split("\n", -1);
        String[] b = served.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String left = i < a.length ? a[i] : "<end>";
            String right = i < b.length ? b[i] : "<end>";
            if (!left.equals(right)) {
                return "line " + (i + 1) + ": committed '" + left + "', served '" + right + "'";
            }
        }
        return "they differ";
    }

    @Test
    void theDocumentIsValidOpenApi31() {
        Response served = call("GET", "/v3/api-docs", null, null);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.contentType()).startsWith("application/json");
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(served.body());
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getOpenapi()).startsWith("3.1");
        assertThat(parsed.getOpenAPI().getPaths()).containsKeys("/api/v1/connectors/{connector}/actions/{action}",
                "/api/v1/openapi.json", "/api/v1/admin/workspaces");
    }

    @Test
    void everyOperationSaysWhoMayCallItAndWhatProblemsItAnswers() {
        JsonNode document = call("GET", "/v3/api-docs", null, null).json();
        List<String> operations = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            operations.add(op.getKey() + " " + path.getKey());
            JsonNode security = op.getValue().get("security");
            String scheme = security.isEmpty() ? "none" : security.get(0).fieldNames().next();
            String expected = path.getKey().startsWith("/api/v1/admin/") ? "adminToken"
                    : path.getKey().endsWith("/callback") || path.getKey().equals("/api/v1/nango/webhooks") ? "none"
                    : "workspaceKey";
            assertThat(scheme).as(op.getKey() + " " + path.getKey()).isEqualTo(expected);
            assertThat(op.getValue().get("responses").has("500")).isTrue();
            assertThat(op.getValue().at("/responses/500/content/application~1problem+json/schema/$ref").asText())
                    .isEqualTo("#/components/schemas/Problem");
            if (!expected.equals("none")) {
                assertThat(op.getValue().get("responses").has("401")).as(path.getKey()).isTrue();
            }
        }));
        assertThat(operations).hasSizeGreaterThan(35);
        assertThat(document.at("/components/securitySchemes/workspaceKey/scheme").asText()).isEqualTo("bearer");
        assertThat(document.at("/components/securitySchemes/adminToken/scheme").asText()).isEqualTo("bearer");
        assertThat(document.at("/servers/0/url").asText()).isEqualTo("http://localhost:8080");
    }

    @Test
    void theDocsAreReachableWithoutAKeyAndTellNoSecret() {
        Tenant tenant = newWorkspace("free");
        for (String path : List.of("/v3/api-docs", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/index.html")) {
            Response r = call("GET", path, null, null);
            assertThat(r.status()).as(path).isIn(200, 302);
            assertThat(r.body()).doesNotContain(adminToken.value()).doesNotContain(tenant.apiKey());
        }
        assertThat(call("GET", "/v3/api-docs/swagger-config", null, null).status()).isEqualTo(200);
    }
}
