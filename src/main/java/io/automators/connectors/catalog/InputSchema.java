package io.automators.connectors.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An action's input schema, compiled on its first validation and shared by every action whose
 * schema is the same: most connectors of a large catalog are never called, and compiled validators
 * are the largest part of a connector's heap (bench/, catalog scale).
 */
public final class InputSchema {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    /** Formats (email, date, date-time, uri) are checked, not only annotations, as manifests mean them. */
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static final Map<JsonNode, JsonSchema> COMPILED = new ConcurrentHashMap<>();

    private final JsonNode node;
    private volatile JsonSchema compiled;

    private InputSchema(JsonNode node) {
        this.node = node;
    }

    public static InputSchema of(JsonNode node) {
        return new InputSchema(node);
    }

    public Set<ValidationMessage> validate(JsonNode input) {
        JsonSchema schema = compiled;
        if (schema == null) {
            schema = COMPILED.computeIfAbsent(node, n -> FACTORY.getSchema(n, CONFIG));
            compiled = schema;
        }
        return schema.validate(input);
    }

    /** Compiles now, so a broken schema is found at load time by the catalog gate rather than at a call. */
    public void check() {
        FACTORY.getSchema(node, CONFIG);
    }
}
