package io.automators.connectors.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import io.automators.connectors.failures.CallFailure;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Validates an action's input against its JSON Schema; a 400 names each failing field. */
@Component
public class ActionInputValidator {

    public void validate(CatalogEntry connector, CatalogEntry.ActionEntry action, JsonNode input) {
        Set<ValidationMessage> messages = action.inputSchema().validate(input);
        if (messages.isEmpty()) {
            return;
        }
        List<Map<String, String>> errors = messages.stream()
                .map(m -> Map.of("path", pathOf(m), "message", m.getMessage()))
                .sorted((a, b) -> a.get("path").compareTo(b.get("path")))
                .toList();
        throw CallFailure.invalidInput("Invalid action input",
                "input of " + connector.id() + "." + action.name() + " does not match its schema: "
                        + errors.get(0).get("path") + ": " + errors.get(0).get("message"), errors);
    }

    /**
     * Where the input is wrong, as a JSON pointer: a missing required field or one the schema does not
     * allow is named (the validator places those on the object that holds them).
     */
    private static String pathOf(ValidationMessage m) {
        String at = m.getInstanceLocation().toString();
        boolean namesAField = ("required".equals(m.getType()) || "additionalProperties".equals(m.getType()))
                && m.getProperty() != null;
        return namesAField ? at + "/" + m.getProperty().replace("~", "~0").replace("/", "~1") : at;
    }
}
