package io.automators.connectors.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.automators.connectors.security.Workspace;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/openapi.json}: the calling workspace's typed document, one operation per action it
 * can call (README: generating a client from it).
 */
@RestController
class WorkspaceOpenApiController {

    private final WorkspaceOpenApi documents;

    WorkspaceOpenApiController(WorkspaceOpenApi documents) {
        this.documents = documents;
    }

    @GetMapping(path = "/api/v1/openapi.json", produces = "application/json")
    ObjectNode document(@RequestAttribute(ApiKeyFilter.WORKSPACE) Workspace workspace) {
        return documents.document(workspace.id());
    }
}
