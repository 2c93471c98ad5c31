package io.automators.connectors.routing;

import org.springframework.test.context.TestPropertySource;

/**
 * Every waterfall backend configured (to addresses nothing listens on: these tests decide, they never
 * call out), a shared key for {@code acme-keys}, a built-in OAuth client for {@code mailbox} and a
 * Singer tap {@code tap-acme}: one Spring context for the rule tests and the accuracy test.
 */
@TestPropertySource(properties = {
        "automators.providers.nango.base-url=http://nango.invalid",
        "automators.providers.nango.secret-key=nango-secret",
        "automators.providers.panora.base-url=http://panora.invalid",
        "automators.providers.panora.api-key=panora-key",
        "automators.providers.composio.base-url=http://composio.invalid",
        "automators.providers.composio.api-key=composio-key",
        "automators.providers.airbyte.base-url=http://airbyte.invalid",
        "automators.providers.airbyte.api-key=airbyte-key",
        "automators.providers.stackstorm.base-url=http://stackstorm.invalid",
        "automators.providers.stackstorm.api-key=stackstorm-key",
        "automators.providers.singer.taps.tap-acme=/opt/singer/bin/tap-acme",
        "automators.providers.meltano.command=meltano",
        "automators.providers.integuru.enabled=true",
        "automators.providers.openapi.enabled=true",
        "automators.connectors.acme-keys.shared-key=platform-shared-key",
        "automators.connectors.mailbox.oauth.client-id=mailbox-client-id"
})
abstract class AllBackendsConfigured extends WaterfallTestSupport {
}
