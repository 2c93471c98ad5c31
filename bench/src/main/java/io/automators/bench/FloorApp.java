package io.automators.bench;

import java.util.Map;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.server.ResponseStatusException;

/**
 * A1, the framework floor: a minimal Spring Boot MVC app that makes the same vendor call as the
 * runtime's slack route, with RestClient over a pooled Apache HttpClient 5 (what camel-http uses),
 * and nothing else: no auth, no catalog, no validation, no Camel, no events.
 * Auto-configuration is imported explicitly: the bench jar also carries the runtime's classpath
 * (Camel, Flyway, JDBC) for the event bench, and none of that may start here.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class, JacksonAutoConfiguration.class,
        RestClientAutoConfiguration.class})
public class FloorApp {

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(FloorApp.class);
        // Never read the runtime's application.yaml that sits on this classpath.
        // Virtual threads as in the runtime's application.yaml (ignored below Java 21): the same threading in A1 and A2.
        app.setDefaultProperties(Map.of("spring.config.name", "bench-floor", "spring.main.banner-mode", "off",
                "spring.threads.virtual.enabled", "true"));
        app.run(args);
    }

    @Bean
    RestClient vendor(RestClient.Builder builder, @Value("${vendor.base-url}") String baseUrl) {
        var pool = PoolingHttpClientConnectionManagerBuilder.create().setMaxConnTotal(400).setMaxConnPerRoute(200).build();
        return builder.baseUrl(baseUrl)
                .requestFactory(new HttpComponentsClientHttpRequestFactory(HttpClients.custom().setConnectionManager(pool).build()))
                .build();
    }

    /** The same request and response shape as the runtime's action call. */
    @RestController
    public static class SendMessage {

        private final RestClient vendor;

        public SendMessage(RestClient vendor) {
            this.vendor = vendor;
        }

        @PostMapping(path = "/api/v1/connectors/slack/actions/send_message", produces = MediaType.APPLICATION_JSON_VALUE)
        public Map<String, Object> send(@RequestBody Map<String, Object> body) {
            @SuppressWarnings("unchecked")
            Map<String, Object> out = vendor.post().uri("/api/chat.postMessage")
                    .contentType(MediaType.APPLICATION_JSON)
                    .header("Authorization", "Bearer xoxb-bench")
                    .body(body.get("input"))
                    .retrieve().body(Map.class);
            if (out == null || !Boolean.TRUE.equals(out.get("ok"))) {
                throw new ResponseStatusException(HttpStatus.BAD_GATEWAY, "vendor refused");
            }
            return Map.of("output", out, "provider", "floor");
        }
    }
}
