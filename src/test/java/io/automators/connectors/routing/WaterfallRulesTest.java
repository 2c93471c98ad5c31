package io.automators.connectors.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every backend configured: each of the twelve rules fires exactly when its condition holds, and
 * every earlier rule is recorded as skipped with its reason.
 */
class WaterfallRulesTest extends AllBackendsConfigured {

    @Test
    void firesRule1WithNangoForAnOAuthConnectorWithoutAConnection() {
        WaterfallDecision decision = decide(connector("acme-oauth").auth("oauth2")).decision();

        assertDecision(decision, 1, "nango-oauth", "nango");
    }

    @Test
    void firesRule1WithNangoForAnOAuthConnectorWithANangoConnection() {
        WaterfallDecision decision = decide(connector("acme-oauth").auth("oauth2"), "pro", CallContext.EMPTY,
                connection("acme-oauth", "nango")).decision();

        assertDecision(decision, 1, "nango-oauth", "nango");
    }

    @Test
    void prefersNangoOverTheBuiltinOAuthWhenNangoIsConfigured() {
        // mailbox has a built-in OAuth client id, but that is only the fallback for a missing Nango.
        WaterfallDecision decision = decide(connector("mailbox").auth("oauth2").builtinOAuth()).decision();

        assertDecision(decision, 1, "nango-oauth", "nango");
    }

    @Test
    void firesRule2ForStoredCredentialsWithoutReadingTheConnectionFromTheDatabase() {
        // The connection id exists nowhere: the Panora provider route would fail to decrypt it,
        // so a clean rule-2 answer proves the decide-only configuration skipped that route.
        WaterfallDecision decision = decide(connector("acme-keys").auth("api_key").sharedKey(), "free",
                CallContext.EMPTY, connection("acme-keys", "credentials")).decision();

        assertDecision(decision, 2, "panora-stored-key", "runtime-stored-key", 1);
        assertThat(reasonOf(decision, 1)).contains("not oauth2");
    }

    @Test
    void firesRule2ForAnOAuthConnectorWhoseConnectionHoldsStoredCredentials() {
        WaterfallDecision decision = decide(connector("acme-oauth").auth("oauth2"), "free", CallContext.EMPTY,
                connection("acme-oauth", "credentials")).decision();

        assertDecision(decision, 2, "panora-stored-key", "runtime-stored-key", 1);
        assertThat(reasonOf(decision, 1)).contains("stored credentials");
    }

    @Test
    void firesRule3WithTheSharedKeyForAnApiKeyConnectorTheWorkspaceHasNoKeyFor() {
        WaterfallDecision decision = decide(connector("acme-keys").auth("api_key").sharedKey()).decision();

        assertDecision(decision, 3, "panora-shared-key", "runtime-shared-key", 1, 2);
    }

    @Test
    void firesRule4ForAVisualWorkflowWithAComposioTool() {
        WaterfallDecision decision = decide(connector("acme-tool").composioTool("ACME_TOOL"), "free",
                context(true, null), Optional.empty()).decision();

        assertDecision(decision, 4, "composio", "composio", 1, 2, 3);
    }

    @Test
    void firesRule5ForAComplexEnterpriseFlowOnALoadedKaotoRoute() throws Exception {
        try (AutoCloseable route = loadRoute("kaoto-wf-rules-kaoto-acme")) {
            WaterfallDecision decision = decide(connector("acme-kaoto").kaotoRoute("kaoto-wf-rules-kaoto-acme"),
                    "enterprise", context(false, "complex"), Optional.empty()).decision();

            assertDecision(decision, 5, "kaoto-route", "kaoto", 1, 2, 3, 4);
        }
    }

    @Test
    void firesRule6ForACustomConnector() {
        WaterfallDecision decision = decide(connector("acme-custom").custom()).decision();

        assertDecision(decision, 6, "integuru-custom", "integuru", rules(1, 5));
    }

    @Test
    void firesRule7ForADataSyncActionWithAnAirbyteConnection() {
        WaterfallDecision decision = decide(connector("acme-sync").kind("data_sync").airbyteConnection("connectionId"), "free",
                CallContext.EMPTY, connection("acme-sync", "credentials")).decision();

        assertDecision(decision, 7, "airbyte-sync", "airbyte", rules(1, 6));
    }

    @Test
    void firesRule8ForADataSyncActionWithASingerTap() {
        WaterfallDecision decision = decide(connector("acme-sync").kind("data_sync").singerTap("tap-acme")).decision();

        assertDecision(decision, 8, "singer-sync", "singer", rules(1, 7));
    }

    @Test
    void firesRule9ForAnEltAction() {
        WaterfallDecision decision = decide(connector("acme-elt").kind("elt").meltanoPipeline("tap-acme target-postgres"))
                .decision();

        assertDecision(decision, 9, "meltano-elt", "meltano", rules(1, 8));
    }

    @Test
    void firesRule10ForADevopsEventAction() {
        WaterfallDecision decision = decide(connector("acme-ops").kind("devops_event").stackstormAction("acme.deploy"))
                .decision();

        assertDecision(decision, 10, "stackstorm-devops", "stackstorm", rules(1, 9));
    }

    @Test
    void firesRule11ForAConnectorDescribedByAnOpenapiDocument() {
        WaterfallDecision decision = decide(connector("acme-api").openapi("https://acme.invalid/openapi.json"))
                .decision();

        assertDecision(decision, 11, "openapi", "openapi", rules(1, 10));
    }

    @Test
    void fallsBackToRule12WithEveryEarlierRuleSkippedWhenNothingMatches() {
        WaterfallDecision decision = decide(connector("acme-plain")).decision();

        assertDecision(decision, 12, "fallback", "none", rules(1, 11));
    }

    @Test
    void picksRule2OverRule4WhenARequestSatisfiesBoth() {
        // A visual workflow on a Composio-mapped connector would fire rule 4, but the stored key comes first.
        Connector both = connector("acme-both").auth("api_key").composioTool("ACME_TOOL");

        WaterfallDecision decision = decide(both, "free", context(true, null), connection("acme-both", "credentials"))
                .decision();

        assertDecision(decision, 2, "panora-stored-key", "runtime-stored-key", 1);
        // Without the stored key the same request does reach rule 4, so rule 2 really won on order.
        assertDecision(decide(both, "free", context(true, null), Optional.empty()).decision(), 4, "composio",
                "composio", 1, 2, 3);
    }

    @Test
    void picksAirbyteOverSingerForADataSyncActionWithBoth() {
        WaterfallDecision decision = decide(connector("acme-sync").kind("data_sync").airbyteConnection("connectionId")
                .singerTap("tap-acme"), "free", CallContext.EMPTY, connection("acme-sync", "credentials")).decision();

        assertDecision(decision, 7, "airbyte-sync", "airbyte", rules(1, 6));
    }
}
