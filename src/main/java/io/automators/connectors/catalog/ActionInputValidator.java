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
                .map(m -> Map.of("path", m.getInstanceLocation().toString(), "message", m.getMessage()))
                .sorted((a, b) -> a.get("path").compareTo(b.get("path")))
                .toList();
        throw CallFailure.invalidInput("Invalid action input",
                "input of " + connector.id() + "." + action.name() + " does not match its schema: "
                        + errors.get(0).get("path") + ": " + errors.get(0).get("message"), errors);
    }
}
