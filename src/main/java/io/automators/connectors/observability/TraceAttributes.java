package io.automators.connectors.observability;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/** The plan's span attributes (workflow, node, user, organization, workspace) and the runtime's own. */
public final class TraceAttributes {

    public static final AttributeKey<String> WORKFLOW_ID = AttributeKey.stringKey("workflow.id");
    public static final AttributeKey<String> WORKFLOW_EXECUTION_ID = AttributeKey.stringKey("workflow.execution_id");
    public static final AttributeKey<String> NODE_ID = AttributeKey.stringKey("node.id");
    public static final AttributeKey<String> NODE_TYPE = AttributeKey.stringKey("node.type");
    public static final AttributeKey<String> NODE_STATUS = AttributeKey.stringKey("node.status");
    public static final AttributeKey<Long> NODE_LATENCY_MS = AttributeKey.longKey("node.latency_ms");
    public static final AttributeKey<String> USER_ID = AttributeKey.stringKey("user.id");
    public static final AttributeKey<String> ORGANIZATION_ID = AttributeKey.stringKey("organization.id");
    public static final AttributeKey<String> WORKSPACE_ID = AttributeKey.stringKey("workspace.id");
    public static final AttributeKey<String> ERROR_MESSAGE = AttributeKey.stringKey("error_message");
    public static final AttributeKey<String> CONNECTOR_ID = AttributeKey.stringKey("connector.id");
    public static final AttributeKey<String> CONNECTOR_ACTION = AttributeKey.stringKey("connector.action");
    public static final AttributeKey<Long> ROUTING_RULE = AttributeKey.longKey("routing.rule");
    public static final AttributeKey<String> ROUTING_PROVIDER = AttributeKey.stringKey("routing.provider");

    /** Who and what a call is: every span of the call carries these (CallAttributesOnEverySpan). */
    static final List<AttributeKey<String>> INHERITED = List.of(WORKFLOW_ID, WORKFLOW_EXECUTION_ID, NODE_ID, NODE_TYPE,
            USER_ID, ORGANIZATION_ID, WORKSPACE_ID, CONNECTOR_ID, CONNECTOR_ACTION, ROUTING_PROVIDER);

    private TraceAttributes() {}
}
