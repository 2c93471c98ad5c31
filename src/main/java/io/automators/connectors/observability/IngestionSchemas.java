package io.automators.connectors.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.automators.connectors.failures.CallFailure;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The JSON Schemas of what the platform's components post (classpath {@code ingestion/*.schema.json}),
 * formats checked. A body is one object or an array of them; a failure names its path, the item's
 * index first ({@code /3/properties/time_ms}).
 */
@Component
public class IngestionSchemas {

    /** Most items one post may carry (the body limit bounds them too). */
    static final int MAX_ITEMS = 1000;

    private final Map<Kind, JsonSchema> schemas = new EnumMap<>(Kind.class);

    public IngestionSchemas() throws IOException {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        for (Kind kind : Kind.values()) {
            try (InputStream in = getClass().getResourceAsStream("/ingestion/" + kind.file)) {
                schemas.put(kind, factory.getSchema(in, config));
            }
        }
    }

    /** The body's items, each valid, or a 400 naming every failing path. */
    public List<JsonNode> items(Kind kind, JsonNode body) {
        if (body == null || !(body.isObject() || body.isArray())) {
            throw CallFailure.invalidInput("the body is one " + kind.what + " (a JSON object) or an array of them");
        }
        List<JsonNode> items = new ArrayList<>();
        body.forEach(items::add);
        if (body.isObject()) {
            items = List.of(body);
        }
        if (items.isEmpty() || items.size() > MAX_ITEMS) {
            throw CallFailure.invalidInput("an array of 1 to " + MAX_ITEMS + " items");
        }
        List<Map<String, String>> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String prefix = body.isArray() ? "/" + i : "";
            for (ValidationMessage message : schemas.get(kind).validate(items.get(i))) {
                String at = message.getInstanceLocation() == null ? "" : message.getInstanceLocation().toString()
                        .replaceFirst("^\\$", "").replace('.', '/').replaceAll("\\[(\\d+)]", "/$1");
                String path = prefix + at + (message.getProperty() != null && "required".equals(message.getType())
                        ? "/" + message.getProperty() : "");
                errors.add(Map.of("path", path.isEmpty() ? "/" : path, "message", message.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw CallFailure.invalidInput("Invalid " + kind.what, errors.get(0).get("path") + ": "
                    + errors.get(0).get("message") + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""),
                    errors.subList(0, Math.min(errors.size(), 50)));
        }
        return items;
    }

    /** What the platform posts. */
    public enum Kind {
        EVENT("events.schema.json", "event"),
        AGENT_TRACE("agent-traces.schema.json", "agent trace"),
        COST("costs.schema.json", "model cost"),
        SIMILARITY("similarity.schema.json", "similarity check");

        final String file;
        final String what;

        Kind(String file, String what) {
            this.file = file;
            this.what = what;
        }
    }
}
