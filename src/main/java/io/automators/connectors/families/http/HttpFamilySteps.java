package io.automators.connectors.families.http;

import io.automators.connectors.catalog.ConnectorCatalog;
import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.exchange.ExchangeNames;
import io.automators.connectors.failures.CallFailure;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Steps the http family's routes name with {@code process: ref}: formats a vendor takes that YAML cannot write. */
@Configuration(proxyBeanMethods = false)
class HttpFamilySteps {

    /** {to, cc, subject, text, html} → {"raw": base64url RFC 5322 message} (Gmail). */
    @Bean Processor mailAsGmailRaw() { return MailMessages::toGmailRaw; }

    /** The call's base URL from its connection's fields (a Salesforce instance, a Jira site), checked by the host guard. */
    @Bean Processor useConnectionBaseUrl(ConnectionBaseUrls baseUrls) { return baseUrls::useConnectionBaseUrl; }

    /** Authorization: Bearer, a client-credentials token of the connection (PayPal), held until it expires. */
    @Bean Processor useClientCredentialsToken(ClientCredentialsTokens tokens) { return tokens::authorize; }

    /**
     * HTTP Basic from two of the connection's credential fields, named by the route in the property
     * {@code automatorsBasicAuth} as {@code "<user field>:<password field>"} (Twilio: accountSid:authToken);
     * the secret goes straight into the header, never into another property.
     */
    @Bean Processor useBasicAuth() {
        return exchange -> {
            String[] fields = exchange.getProperty(ExchangeNames.BASIC_AUTH, String.class).split(":", 2);
            @SuppressWarnings("unchecked")
            java.util.Map<String, String> credentials = exchange.getProperty(ExchangeNames.CREDENTIALS, java.util.Map.class);
            String pair = credentials.getOrDefault(fields[0], "") + ":" + credentials.getOrDefault(fields[1], "");
            exchange.getMessage().setHeader("Authorization", "Basic "
                    + java.util.Base64.getEncoder().encodeToString(pair.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        };
    }

    /** A map → an application/x-www-form-urlencoded body (nested as Stripe documents: {@code a[b]=c}). */
    @Bean Processor formBody() { return FormBodies::toForm; }

    /**
     * Fails the call as the vendor's refusal that a route read from an answer with HTTP 200 (the
     * properties {@code automatorsVendorCode} and {@code automatorsVendorMessage}), answered as the
     * 4xx its manifest's {@code errors.statuses} gives the code (400 otherwise).
     */
    @Bean Processor vendorRefused(ConnectorCatalog catalog) {
        return exchange -> {
            ConnectorManifest manifest = catalog.ofCall(exchange).manifest();
            String code = exchange.getProperty(ExchangeNames.VENDOR_CODE, String.class);
            throw CallFailure.vendorRefused(manifest.name(), manifest.errorsOrDefault().statusOf(code), code,
                    exchange.getProperty(ExchangeNames.VENDOR_MESSAGE, String.class), null);
        };
    }
}
