package io.automators.connectors.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.security.ApiKeys;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The MCP edge: the official MCP Java SDK's Streamable HTTP servlet transport at {@code /mcp} (sessions,
 * JSON-RPC, SSE), behind {@link McpGuard}, serving {@link McpToolServer}'s tools/list and tools/call.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "automators.mcp.enabled", havingValue = "true", matchIfMissing = true)
class McpServerConfig {

    static final String PATH = "/mcp";

    /** The protocol's own mapper, apart from Spring's (whose settings shape the HTTP API's JSON). */
    private static final McpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());

    @Bean
    HttpServletStreamableServerTransportProvider mcpTransport() {
        return HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(JSON)
                .mcpEndpoint(PATH)
                .contextExtractor((HttpServletRequest request) -> request.getAttribute(McpGuard.CALLER) instanceof McpCaller caller
                        ? caller.asContext() : McpTransportContext.EMPTY)
                .build();
    }

    @Bean
    McpSessions mcpSessions(ConnectorTools tools, HttpServletStreamableServerTransportProvider mcpTransport,
            McpProperties properties) {
        return new McpSessions(tools, mcpTransport, properties.getToolsCheckInterval());
    }

    @Bean
    McpToolServer mcpToolServer(ConnectorTools tools, McpSessions sessions,
            HttpServletStreamableServerTransportProvider mcpTransport) {
        return new McpToolServer(tools, sessions, mcpTransport, JSON);
    }

    @Bean
    ServletRegistrationBean<HttpServletStreamableServerTransportProvider> mcpServlet(
            HttpServletStreamableServerTransportProvider mcpTransport, McpToolServer mcpToolServer) {
        ServletRegistrationBean<HttpServletStreamableServerTransportProvider> servlet =
                new ServletRegistrationBean<>(mcpTransport, PATH);
        servlet.setName("mcp");
        servlet.setAsyncSupported(true);
        return servlet;
    }

    @Bean
    FilterRegistrationBean<McpGuard> mcpGuard(ApiKeys apiKeys, McpSessions sessions, McpProperties properties,
            HttpServletStreamableServerTransportProvider mcpTransport, ObjectMapper mapper) {
        FilterRegistrationBean<McpGuard> filter = new FilterRegistrationBean<>(new McpGuard(apiKeys, sessions,
                properties.getAllowedOrigins(), mcpTransport.protocolVersions(), mapper));
        filter.addUrlPatterns(PATH);
        // After the request's span (RequestSpans) and the size limit, before the transport reads anything.
        filter.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return filter;
    }
}
