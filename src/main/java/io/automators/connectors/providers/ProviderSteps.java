package io.automators.connectors.providers;

import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The provider steps as processors the routes name with {@code process: ref}: called directly,
 * where a {@code bean} step binds the method by reflection on every call (bench/).
 */
@Configuration(proxyBeanMethods = false)
class ProviderSteps {

    @Bean Processor useNangoToken(ProviderCredentials credentials) { return credentials::useNangoToken; }
    @Bean Processor refreshNangoToken(ProviderCredentials credentials) { return credentials::refreshNangoToken; }
    @Bean Processor useBuiltinOAuthToken(ProviderCredentials credentials) { return credentials::useBuiltinOAuthToken; }
    @Bean Processor refreshBuiltinOAuthToken(ProviderCredentials credentials) { return credentials::refreshBuiltinOAuthToken; }
    @Bean Processor useStoredCredentials(ProviderCredentials credentials) { return credentials::useStoredCredentials; }
    @Bean Processor useSharedKey(ProviderCredentials credentials) { return credentials::useSharedKey; }
    @Bean Processor useStoredCredentialsIfAny(ProviderCredentials credentials) { return credentials::useStoredCredentialsIfAny; }
    @Bean Processor runOnPanora(io.automators.connectors.providers.panora.PanoraBackend panora) { return panora::run; }
    @Bean Processor runComposioTool(io.automators.connectors.providers.composio.ComposioBackend composio) { return composio::run; }
    @Bean Processor runAirbyteSync(io.automators.connectors.providers.airbyte.AirbyteBackend airbyte) { return airbyte::run; }
    @Bean Processor runMeltanoPipeline(io.automators.connectors.providers.meltano.MeltanoBackend meltano) { return meltano::run; }
    @Bean Processor runSingerTap(io.automators.connectors.providers.singer.SingerBackend singer) { return singer::run; }
    @Bean Processor runOnStackStorm(io.automators.connectors.providers.stackstorm.StackStormBackend stackstorm) { return stackstorm::run; }
}
