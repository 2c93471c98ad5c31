package io.automators.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.automators.connectors.ApiTestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hawtio and Jolokia: refused without the admin token, served with it; Jolokia lists the Camel routes. */
class HawtioTest extends ApiTestSupport {

    @Test
    void hawtioAndJolokiaAnswerOnlyTheAdminToken() {
        assertThat(call("GET", "/actuator/hawtio/", null, null).status()).isEqualTo(401);
        assertThat(call("GET", "/actuator/jolokia/version", newWorkspace("pro").apiKey(), null).status()).isEqualTo(401);

        Response console = call("GET", "/actuator/hawtio/", adminToken.value(), null);
        assertThat(console.status()).as(console.toString()).isEqualTo(200);
        assertThat(console.body()).containsIgnoringCase("hawtio");

        // A browser gives the token as Basic's password.
        String basic = java.util.Base64.getEncoder().encodeToString(("admin:" + adminToken.value()).getBytes());
        assertThat(call("GET", "/actuator/hawtio/", null, null, Map.of("Authorization", "Basic " + basic)).status()).isEqualTo(200);
        assertThat(call("GET", "/actuator/hawtio/", null, null).header("WWW-Authenticate")).isNotNull();

        Response routes = call("POST", "/actuator/jolokia", adminToken.value(), Map.of("type", "search",
                "mbean", "org.apache.camel:type=routes,*"));
        assertThat(routes.status()).as(routes.toString()).isEqualTo(200);
        assertThat(routes.body()).contains("name=\\\"waterfall\\\"").contains("name=\\\"slack-send-message\\\"");
    }
}
