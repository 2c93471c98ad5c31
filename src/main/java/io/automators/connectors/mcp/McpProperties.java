package io.automators.connectors.mcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The MCP edge at {@code /mcp}: every connector action a workspace can run, as a tool for AI agents (docs/mcp.md). */
@ConfigurationProperties("automators.mcp")
public class McpProperties {

    /** Serve MCP at {@code /mcp}. */
    private boolean enabled = true;
    /**
     * Browser origins allowed to call {@code /mcp} ({@code https://app.example.com}, or {@code http://host:*}
     * for any port). Always allowed: requests without an Origin, and a loopback origin (localhost,
     * 127.0.0.1, [::1]) on a request to a loopback host. Any other origin is refused with 403.
     */
    private List<String> allowedOrigins = new ArrayList<>();
    /** Only these connectors' actions become tools; empty: every connector the workspace can use. */
    private List<String> connectors = new ArrayList<>();
    /** Only connectors of these categories; empty: every category. */
    private List<String> categories = new ArrayList<>();
    /** How often each session's tool list is compared with the workspace's catalog, for notifications/tools/list_changed. */
    private Duration toolsCheckInterval = Duration.ofSeconds(2);

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public List<String> getAllowedOrigins() { return allowedOrigins; }
    public void setAllowedOrigins(List<String> allowedOrigins) { this.allowedOrigins = allowedOrigins; }
    public List<String> getConnectors() { return connectors; }
    public void setConnectors(List<String> connectors) { this.connectors = connectors; }
    public List<String> getCategories() { return categories; }
    public void setCategories(List<String> categories) { this.categories = categories; }
    public Duration getToolsCheckInterval() { return toolsCheckInterval; }
    public void setToolsCheckInterval(Duration toolsCheckInterval) { this.toolsCheckInterval = toolsCheckInterval; }
}
