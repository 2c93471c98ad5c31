package io.automators.connectors.families;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The four manifests: the catalog's keys, credentials the endpoints accept, closed input schemas. */
class DatabaseManifestsTest {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    @Test
    void manifestsAreWellFormed() throws Exception {
        for (String id : List.of("postgresql", "mysql", "mongodb", "redis")) {
            JsonNode manifest = YAML.readTree(new File("config/connectors/" + id + ".yaml"));

            assertThat(manifest.get("id").asText()).isEqualTo(id);
            assertThat(manifest.get("category").asText()).isEqualTo("database");
            assertThat(manifest.get("auth").get("type").asText()).isEqualTo("database");
            List<String> credentialNames = new ArrayList<>();
            manifest.get("auth").get("credentials").forEach(c -> credentialNames.add(c.get("name").asText()));
            assertThat(credentialNames).containsExactlyInAnyOrderElementsOf(DatabaseEndpoint.KEYS);
            manifest.get("actions").fields().forEachRemaining(action -> {
                JsonNode input = action.getValue().get("input");
                assertThat(action.getValue().get("description").asText()).as(id + "." + action.getKey()).isNotBlank();
                assertThat(input.get("additionalProperties").asBoolean(true)).as(id + "." + action.getKey()).isFalse();
                // Compiles, and refuses an extra field.
                JsonSchema schema = SCHEMAS.getSchema(input);
                assertThat(schema.validate(YAML.createObjectNode().put("unexpected", 1))).isNotEmpty();
            });
        }
    }

    @Test
    void executeQueryParamsAreScalarsOnly() throws Exception {
        JsonNode manifest = YAML.readTree(new File("config/connectors/postgresql.yaml"));
        JsonSchema schema = SCHEMAS.getSchema(manifest.get("actions").get("execute_query").get("input"));
        ObjectMapper json = new ObjectMapper();

        assertThat(schema.validate(json.readTree("{\"sql\":\"select ?\",\"params\":[\"a\",1,2.5,true,null]}"))).isEmpty();
        assertThat(schema.validate(json.readTree("{\"sql\":\"select ?\",\"params\":[{\"a\":1}]}"))).isNotEmpty();
        assertThat(schema.validate(json.readTree("{\"sql\":\"\"}"))).isNotEmpty();
        assertThat(Set.of("find", "insert")).isEqualTo(toSet(YAML.readTree(new File("config/connectors/mongodb.yaml")).get("actions")));
    }

    private static Set<String> toSet(JsonNode object) {
        Set<String> names = new java.util.HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
