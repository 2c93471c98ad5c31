package io.automators.connectors.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.TestPropertySource;

/**
 * No backend configured: a rule whose condition holds but whose backend is unavailable is skipped
 * with a reason naming what is missing, and the walk goes on to the next rule that can run.
 */
@TestPropertySource(properties = {"automators.connectors.mailbox.oauth.client-id=mailbox-client-id",
        // On by default (the runtime runs declarative and OpenAPI connectors itself); off here, as every backend.
        "automators.providers.integuru.enabled=false",
        "automators.providers.openapi.enabled=false",
        // An empty value, as ${GMAIL_CLIENT_ID:} gives when the variable is unset.
        "automators.connectors.calendar-blank.oauth.client-id="})
class WaterfallFallThroughTest extends WaterfallTestSupport {

    @Test
    void skipsNangoWhenItIsNotConfiguredAndFallsBackToRule12() {
        WaterfallDecision decision = decide(connector("acme-oauth").auth("oauth2"), "pro", CallContext.EMPTY,
                connection("acme-oauth", "nango")).decision();

        assertDecision(decision, 12, "fallback", "none", rules(1, 11));
        assertThat(reasonOf(decision, 1)).contains("Nango is not configured").contains("no built-in OAuth");
    }

    @Test
    void routesAnOAuthConnectorWithStoredCredentialsToRule2WithoutNango() {
        WaterfallDecision decision = decide(connector("acme-oauth").auth("oauth2"), "free", CallContext.EMPTY,
                connection("acme-oauth", "credentials")).decision();

        assertDecision(decision, 2, "panora-stored-key", "runtime-stored-key", 1);
    }

    @Test
    void firesRule1WithTheBuiltinOAuthWhenNangoIsNotConfigured() {
        WaterfallDecision decision = decide(connector("mailbox").auth("oauth2").builtinOAuth()).decision();

        assertDecision(decision, 1, "nango-oauth", "builtin-oauth");
    }

    @Test
    void skipsTheBuiltinOAuthOfAConnectorWhoseClientIdIsBlank() {
        WaterfallDecision decision = decide(connector("calendar-blank").auth("oauth2").builtinOAuth()).decision();

        assertDecision(decision, 12, "fallback", "none", rules(1, 11));
        assertThat(reasonOf(decision, 1)).contains("has no client id");
    }

    @Test
    void skipsTheBuiltinOAuthOfAConnectorWithoutAClientId() {
        WaterfallDecision decision = decide(connector("calendar").auth("oauth2").builtinOAuth()).decision();

        assertDecision(decision, 12, "fallback", "none", rules(1, 11));
        assertThat(reasonOf(decision, 1)).contains("Nango is not configured").contains("calendar has no client id");
    }

    @Test
    void skipsComposioForAVisualWorkflowWhenComposioIsNotConfigured() {
        WaterfallDecision decision = decide(connector("acme-tool").composioTool("ACME_TOOL"), "free",
                context(true, null), Optional.empty()).decision();

        assertDecision(decision, 12, "fallback", "none", rules(1, 11));
        assertThat(reasonOf(decision, 4)).contains("composio is not configured");
    }

    @Test
    void skipsComposioAndLandsOnRule2WhenTheWorkspaceStoredAKey() {
        // Rule 2 comes first anyway; the point is that an unconfigured Composio never blocks the call.
        WaterfallDecision decision = decide(connector("acme-tool").auth("api_key").composioTool("ACME_TOOL"), "free",
                context(true, null), connection("acme-tool", "credentials")).decision();

        assertDecision(decision, 2, "panora-stored-key", "runtime-stored-key", 1);
    }

    @Test
    void refusesToRunOneOfTheRuntimesOwnRoutesAsAKaotoRoute() {
        WaterfallDecision decision = decide(connector("acme-kaoto").kaotoRoute("provider-runtime-shared-key"), "enterprise",
                context(false, "complex"), Optional.empty()).decision();

        assertThat(decision.getRule()).isNotEqualTo(5);
        assertThat(reasonOf(decision, 5)).contains("not a Kaoto route");
    }

    @Test
    void skipsAKaotoRouteThatIsNotLoaded() {
        WaterfallDecision decision = decide(connector("acme-kaoto").kaotoRoute("kaoto-wf-never-loaded"), "enterprise",
                context(false, "complex"), Optional.empty()).decision();

        assertDecision(decision, 12, "fallback", "none", rules(1, 11));
        assertThat(reasonOf(decision, 5)).contains("wf-never-loaded").contains("not loaded");
    }

    @ParameterizedTest
    @ValueSource(strings = {"free", "pro"})
    void skipsTheKaotoRouteForAPlanBelowEnterprise(String plan) throws Exception {
        // The route is loaded, so the plan is the only thing that keeps rule 5 from firing.
        try (AutoCloseable route = loadRoute("kaoto-wf-fall-kaoto-acme")) {
            WaterfallDecision decision = decide(connector("acme-kaoto").kaotoRoute("kaoto-wf-fall-kaoto-acme"), plan,
                    context(false, "complex"), Optional.empty()).decision();

            assertDecision(decision, 12, "fallback", "none", rules(1, 11));
            assertThat(reasonOf(decision, 5)).contains("plan is " + plan).contains("not enterprise");
        }
    }

    @Test
    void skipsTheKaotoRouteForAFlowThatIsNotComplex() throws Exception {
        try (AutoCloseable route = loadRoute("kaoto-wf-fall-kaoto-simple")) {
            WaterfallDecision decision = decide(connector("acme-kaoto").kaotoRoute("kaoto-wf-fall-kaoto-simple"),
                    "enterprise", context(false, "simple"), Optional.empty()).decision();

            assertDecision(decision, 12, "fallback", "none", rules(1, 11));
            assertThat(reasonOf(decision, 5)).contains("not complex");
        }
    }

    @Test
    void skipsACustomConnectorWhenInteguruIsNotEnabled() {
        WaterfallDecision decision = decide(connector("acme-custom").custom()).decision();

        assertDecision(decision, 12, "fallback", "none", rules(1, 11));
        assertThat(reasonOf(decision, 6)).contains("integuru is not configured");
    }

    @Test
    void skipsBothAirbyteAndSingerForADataSyncActionWhenNeitherIsConfigured() {
        WaterfallDecision decision = decide(connector("acme-sync").kind("data_sync").airbyteConnection("connectionId")
                .singerTap("tap-acme"), "free", CallContext.EMPTY, connection("acme-sync", "credentials")).decision();

        assertDecision(decision, 12, "fallback", "none", rules(1, 11));
        assertThat(reasonOf(decision, 7)).contains("airbyte is not configured");
        assertThat(reasonOf(decision, 8)).contains("singer is not configured");
    }

    @Test
    void skipsMeltanoForAnEltActionWhenItIsNotConfigured() {
        WaterfallDecision decision = decide(connector("acme-elt").kind("elt").meltanoPipeline("tap-acme target-pg"))
                .decision();

        assertDecision(decision, 12, "fallback", "none", rules(1, 11));
        assertThat(reasonOf(decision, 9)).contains("meltano is not configured");
    }

    @Test
    void skipsStackstormForADevopsEventActionWhenItIsNotConfigured() {
        WaterfallDecision decision = decide(connector("acme-ops").kind("devops_event").stackstormAction("acme.deploy"))
                .decision();

        assertDecision(decision, 12, "fallback", "none", rules(1, 11));
        assertThat(reasonOf(decision, 10)).contains("stackstorm is not configured");
    }

    @Test
    void skipsOpenapiWhenItIsNotEnabled() {
        WaterfallDecision decision = decide(connector("acme-api").openapi("https://acme.invalid/openapi.json"))
                .decision();

        assertDecision(decision, 12, "fallback", "none", rules(1, 11));
        assertThat(reasonOf(decision, 11)).contains("openapi is not configured");
    }

    @Test
    void skipsTheSharedKeyWhenTheConnectorAllowsOneButNoneIsConfigured() {
        WaterfallDecision decision = decide(connector("acme-keys").auth("api_key").sharedKey()).decision();

        assertDecision(decision, 12, "fallback", "none", rules(1, 11));
        assertThat(reasonOf(decision, 3)).contains("no shared key is configured")
                .contains("automators.connectors.acme-keys.shared-key");
    }

    @Test
    void answersRule12WithElevenSkippedRulesForSlackThroughTheDecideApi() {
        Tenant tenant = newWorkspace("free");

        Response response = call("POST", "/api/v1/route/decide", tenant.apiKey(),
                Map.of("connector", "slack", "action", "send_message"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("rule").asInt()).isEqualTo(12);
        assertThat(response.json().get("ruleName").asText()).isEqualTo("fallback");
        assertThat(response.json().get("skipped")).hasSize(11);
        response.json().get("skipped").forEach(s -> assertThat(s.get("reason").asText()).isNotBlank());
    }

    @Test
    void answers422ProblemWithTheDecisionForAnUnroutableActionCall() {
        Tenant tenant = newWorkspace("free");

        Response response = call("POST", "/api/v1/connectors/slack/actions/send_message", tenant.apiKey(),
                Map.of("input", Map.of("channel", "C1", "text", "hi")));

        assertThat(response.status()).as(response.toString()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().at("/decision/rule").asInt()).isEqualTo(12);
        assertThat(response.json().at("/decision/skipped")).hasSize(11);
    }
}
