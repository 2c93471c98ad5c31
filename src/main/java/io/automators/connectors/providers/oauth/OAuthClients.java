package io.automators.connectors.providers.oauth;

import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.failures.CallFailure;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The runtime's own OAuth clients, one per connector whose manifest has {@code auth.builtinOAuth}:
 * the deployer registers the runtime with the vendor (Google Cloud, Microsoft Entra) and sets
 * {@code automators.connectors.<id>.oauth.client-id} and {@code .client-secret}. The callback the
 * vendor redirects to is {@code <automators.public-url>/api/v1/oauth/<id>/callback} unless
 * {@code .redirect-uri} says otherwise; it must be registered with the vendor exactly as it is.
 */
@Component
public class OAuthClients {

    private final Environment environment;

    public OAuthClients(Environment environment) {
        this.environment = environment;
    }

    /** Whether the connector has a built-in OAuth and the deployer gave it a client. */
    public boolean isConfigured(CatalogEntry connector) {
        return connector.manifest().auth().builtinOAuth() != null && notBlank(setting(connector, "client-id"));
    }

    /** The connector's client, or a problem saying what is missing. */
    public Client require(CatalogEntry connector) {
        if (connector.manifest().auth().builtinOAuth() == null) {
            throw CallFailure.invalidInput(connector.id() + " has no built-in OAuth (its manifest has no auth.builtinOAuth)");
        }
        String clientId = setting(connector, "client-id");
        String secret = setting(connector, "client-secret");
        if (!notBlank(clientId) || !notBlank(secret)) {
            throw CallFailure.invalidInput("the built-in OAuth of " + connector.id() + " has no client: set automators.connectors."
                    + connector.id() + ".oauth.client-id and .client-secret");
        }
        String redirect = setting(connector, "redirect-uri");
        if (!notBlank(redirect)) {
            redirect = publicUrl() + "/api/v1/oauth/" + connector.id() + "/callback";
        }
        return new Client(clientId, secret, setting(connector, "authorization-url"), setting(connector, "token-url"), redirect);
    }

    /** Where this runtime is reached from browsers: callbacks and redirects are built on it. */
    public String publicUrl() {
        String configured = environment.getProperty("automators.public-url");
        if (notBlank(configured)) {
            return configured.replaceAll("/+$", "");
        }
        return "http://localhost:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
    }

    private String setting(CatalogEntry connector, String name) {
        return environment.getProperty("automators.connectors." + connector.id() + ".oauth." + name);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** A connector's OAuth client and endpoints. */
    public record Client(String clientId, String clientSecret, String authorizationUrl, String tokenUrl, String redirectUri) {
        @Override
        public String toString() {
            return "Client[clientId=" + clientId + ", clientSecret=***, tokenUrl=" + tokenUrl + "]";
        }
    }
}
