package io.automators.connectors.families.http;

import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Steps the http family's routes name with {@code process: ref}: formats a vendor takes that YAML cannot write. */
@Configuration(proxyBeanMethods = false)
class HttpFamilySteps {

    /** {to, cc, subject, text, html} → {"raw": base64url RFC 5322 message} (Gmail). */
    @Bean Processor mailAsGmailRaw() { return MailMessages::toGmailRaw; }
}
