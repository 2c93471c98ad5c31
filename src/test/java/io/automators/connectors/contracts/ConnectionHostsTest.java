package io.automators.connectors.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.automators.connectors.ApiTestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A connector on the tenant's own host (Jira's site, Salesforce's instance) never lets a connection
 * point the runtime at an internal address or smuggle a URL into the host: refused when connecting,
 * with nothing stored.
 */
class ConnectionHostsTest extends ApiTestSupport {

    @Test
    void refusesAnInstanceUrlOnAMetadataAddressOrWithUserInfo() {
        Tenant t = newWorkspace("pro");
        Response metadata = connect(t, "salesforce", Map.of("instanceUrl", "http://169.254.169.254", "apiKey", "x".repeat(20)));
        assertThat(metadata.status()).as(metadata.toString()).isEqualTo(403);
        Response userInfo = connect(t, "salesforce", Map.of("instanceUrl", "https://me:pw@acme.my.salesforce.com", "apiKey", "x".repeat(20)));
        assertThat(userInfo.status()).as(userInfo.toString()).isEqualTo(400);
        Response notHttp = connect(t, "salesforce", Map.of("instanceUrl", "file:///etc/passwd", "apiKey", "x".repeat(20)));
        assertThat(notHttp.status()).as(notHttp.toString()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/connections", t.apiKey(), null).json()).isEmpty();
    }

    @Test
    void refusesASiteThatIsNotAHostNamePart() {
        Tenant t = newWorkspace("pro");
        Response smuggled = connect(t, "jira", Map.of("site", "evil.example/x?", "email", "a@example.com", "apiKey", "token-123456"));
        assertThat(smuggled.status()).as(smuggled.toString()).isEqualTo(400);
        assertThat(smuggled.json().at("/errors/0/path").asText()).isEqualTo("/credentials/site");
        assertThat(call("GET", "/api/v1/connections", t.apiKey(), null).json()).isEmpty();
    }

    private Response connect(Tenant t, String connector, Map<String, String> credentials) {
        return call("POST", "/api/v1/connectors/" + connector + "/connect", t.apiKey(), Map.of("credentials", credentials));
    }
}
