package io.automators.connectors.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The waterfall's backends ({@code automators.providers.<backend>.*}): nango, panora, composio,
 * airbyte, singer, meltano, stackstorm. A backend without its keys is "not available".
 */
@ConfigurationProperties("automators")
public class BackendProperties {

    /** Backends by name. */
    private Map<String, Backend> providers = new LinkedHashMap<>();

    public Map<String, Backend> getProviders() { return providers; }
    public void setProviders(Map<String, Backend> providers) { this.providers = providers; }

    public Backend backend(String name) {
        Backend backend = providers.get(name);
        return backend == null ? new Backend() : backend;
    }

    public static class Backend {
        /** The backend's API root. */
        private String baseUrl;
        /** Secret key (Nango). */
        private String secretKey;
        /** The key the backend signs its webhooks with (Nango: X-Nango-Hmac-Sha256), a separate setting. */
        private String webhookSecret;
        /** API key (Panora, Composio, Airbyte, StackStorm). */
        private String apiKey;
        /** Command to run (Singer, Meltano). */
        private String command;
        /** Switches on a backend that needs neither keys nor a command (OpenAPI, custom connectors). */
        private boolean enabled;

        /** Configured: an API root with its key, or a command to run. */
        public boolean isConfigured() {
            boolean hasKey = notBlank(secretKey) || notBlank(apiKey);
            return enabled || (notBlank(baseUrl) && hasKey) || notBlank(command);
        }

        private static boolean notBlank(String s) { return s != null && !s.isBlank(); }

        public String getBaseUrl() { return baseUrl; }
        public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
        public String getSecretKey() { return secretKey; }
        public String getWebhookSecret() { return webhookSecret; }
        public void setWebhookSecret(String webhookSecret) { this.webhookSecret = webhookSecret; }
        public void setSecretKey(String secretKey) { this.secretKey = secretKey; }
        public String getApiKey() { return apiKey; }
        public void setApiKey(String apiKey) { this.apiKey = apiKey; }
        public String getCommand() { return command; }
        public void setCommand(String command) { this.command = command; }
        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
    }
}
