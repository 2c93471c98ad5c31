package io.automators.connectors.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.automators.connectors.families.declarative.CapturedRequestsImport;
import io.automators.connectors.failures.CallFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Imports: an Integuru-style capture (a HAR, or a list of requests) made into a declarative connector
 * manifest, answered as YAML to save in {@code config/connectors/<id>.yaml} (registering it in a
 * workspace is the marketplace's {@code POST /api/v1/connectors}).
 */
@RestController
public class ImportController {

    private final CapturedRequestsImport captured;

    public ImportController(CapturedRequestsImport captured) {
        this.captured = captured;
    }

    /** {@code {"id", "name", "category", "requests": <a HAR or [{method, url, headers, body}]>}}. */
    public record CapturedRequests(String id, String name, String category, JsonNode requests) {}

    @PostMapping("/api/v1/imports/captured-requests")
    public Map<String, Object> importCaptured(@RequestBody CapturedRequests body) {
        if (body == null) {
            throw CallFailure.invalidInput("send {\"id\", \"name\", \"category\", \"requests\"}");
        }
        CapturedRequestsImport.Imported imported = captured.importRequests(body.id(), body.name(), body.category(), body.requests());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", imported.manifest().id());
        answer.put("actions", imported.manifest().actions().keySet());
        answer.put("manifest", imported.yaml());
        answer.put("notes", imported.notes());
        return answer;
    }
}
