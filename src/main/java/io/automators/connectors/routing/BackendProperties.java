package io.automators.connectors.routing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The waterfall's backends ({@code automators.providers.<backend>.*}): nango, panora, composio,
 * airbyte, singer, meltano, stackstorm. A backend without its keys is "not available". Each has
 * its own timeout per request and, where the runtime follows work to its end, a poll interval.
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
        /** How long one request to the backend may take. */
        private java.time.Duration timeout = java.time.Duration.ofSeconds(10);
        /** How often the runtime asks how work it follows is going (a StackStorm execution, an Airbyte job). */
        private java.time.Duration pollInterval = java.time.Duration.ofSeconds(2);
        /** Composio: the toolkit version its tools run at (a dated version such as 20251027_00, or latest). */
        private String toolkitVersion = "latest";
        /** Where a command runs (Meltano: its project directory). */
        private String workingDirectory;
        /** Singer: the taps this runtime may run, by name (tap-github), each its executable. */
        private Map<String, String> taps = new LinkedHashMap<>();
        /** How long a command may run before it is killed with its children (Meltano, Singer). */
        private java.time.Duration maxRuntime = java.time.Duration.ofMinutes(30);

        /** Configured: an API root with its key, a command to run, or taps. */
        public boolean isConfigured() {
            boolean hasKey = notBlank(secretKey) || notBlank(apiKey);
            return enabled || (notBlank(baseUrl) && hasKey) || notBlank(command) || !taps.isEmpty();
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
        public java.time.Duration getTimeout() { return timeout; }
        public void setTimeout(java.time.Duration timeout) { this.timeout = timeout; }
        public java.time.Duration getPollInterval() { return pollInterval; }
        public void setPollInterval(java.time.Duration pollInterval) { this.pollInterval = pollInterval; }
        public String getToolkitVersion() { return toolkitVersion; }
        public Map<String, String> getTaps() { return taps; }
        public void setTaps(Map<String, String> taps) { this.taps = taps; }
        public String getWorkingDirectory() { return workingDirectory; }
        public void setWorkingDirectory(String workingDirectory) { this.workingDirectory = workingDirectory; }
        public java.time.Duration getMaxRuntime() { return maxRuntime; }
        public void setMaxRuntime(java.time.Duration maxRuntime) { this.maxRuntime = maxRuntime; }
        public void setToolkitVersion(String toolkitVersion) { this.toolkitVersion = toolkitVersion; }

        /** The API root without a trailing slash. */
        public String root() { return baseUrl == null ? null : baseUrl.replaceAll("/+$", ""); }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
    }
}
