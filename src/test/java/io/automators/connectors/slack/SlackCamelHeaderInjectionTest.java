package io.automators.connectors.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.automators.connectors.slack.SlackStub.SLACK;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A caller cannot steer the Slack call with Camel's header names (CVE-2025-27636 class): headers
 * and query parameters named Camel…/org.apache.camel…, in any letter case, change nothing, and a
 * second server standing for the attacker's receives nothing.
 */
class SlackCamelHeaderInjectionTest extends SlackTestSupport {

    /** Where the injected CamelHttpUri points: it must never be called. */
    static final WireMockServer ATTACKER = new WireMockServer(WireMockConfiguration.options()
            .bindAddress("127.0.0.1").dynamicPort());

    static {
        ATTACKER.start();
    }

    @AfterAll
    static void stopAttacker() {
        ATTACKER.stop();
    }

    @BeforeEach
    void forgetAttackerRequests() {
        ATTACKER.resetRequests();
    }

    @Test
    void ignoresCamelHeadersAndParametersAndPostsOnlyToChatPostMessage() {
        String token = newToken();
        Tenant tenant = connectedWorkspace(token);
        String stolen = "http://127.0.0.1:" + ATTACKER.port() + "/stolen";
        String query = "?CamelHttpMethod=DELETE&camelHttpUri=" + URLEncoder.encode(stolen, StandardCharsets.UTF_8)
                + "&org.apache.camel.Bar=y";

        Response r = call("POST", SEND_MESSAGE + query, tenant.apiKey(),
                Map.of("input", Map.of("channel", SlackStub.CHANNEL, "text", "hello")),
                Map.of("CamelHttpUri", stolen,
                        "cAmElHttpUri", stolen,
                        "CamelHttpPath", "/evil",
                        "CamelHttpMethod", "DELETE",
                        "CamelHttpQuery", "token=leak",
                        "org.apache.camel.Foo", "x"));

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(ATTACKER.getAllServeEvents()).as("requests to the injected URI").isEmpty();
        assertThat(SLACK.getAllServeEvents()).as("requests Slack received").hasSize(1);
        ServeEvent only = SLACK.getAllServeEvents().get(0);
        assertThat(only.getRequest().getMethod().getName()).isEqualTo("POST");
        assertThat(only.getRequest().getUrl()).isEqualTo("/api/chat.postMessage");
        assertThat(only.getRequest().getAllHeaderKeys())
                .map(n -> n.toLowerCase(Locale.ROOT))
                .noneMatch(n -> n.startsWith("camel") || n.startsWith("org.apache.camel"));
        SLACK.verify(1, postRequestedFor(urlEqualTo("/api/chat.postMessage"))
                .withRequestBody(equalToJson("{\"channel\":\"C123ABC456\",\"text\":\"hello\"}")));
    }

    @Test
    void sendsPlaceholderAndSimpleExpressionsInTheTextVerbatim() {
        String token = newToken();
        Tenant tenant = connectedWorkspace(token);
        // Were the text ever evaluated, these would expand to the base URL and to the stored token.
        String text = "{{automators.connectors.slack.base-url}} ${exchangeProperty.automatorsCredentials}";

        Response r = sendMessage(tenant, SlackStub.CHANNEL, text);

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        String sent = SLACK.getAllServeEvents().get(0).getRequest().getBodyAsString();
        assertThat(sent).contains("{{automators.connectors.slack.base-url}}")
                .contains("${exchangeProperty.automatorsCredentials}")
                .doesNotContain(token);
    }
}
