package io.automators.connectors.api;

import io.automators.connectors.credentials.Connection;
import io.automators.connectors.failures.CallFailure;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * How a connect flow's callback (built-in OAuth, Nango) ends in the end user's browser: a redirect to
 * the page the deployer configured ({@code automators.oauth.redirect-url}) with the outcome in its
 * query ({@code status=connected&connector=…&connectionId=…}, or {@code status=error&error=…}); without
 * one, the connection as JSON or the problem. Only that page is ever redirected to: a callback's
 * query cannot choose where the browser goes.
 */
@Component
class ConnectCallbacks {

    static final String REDIRECT_URL = "automators.oauth.redirect-url";

    private final Environment environment;

    ConnectCallbacks(Environment environment) {
        this.environment = environment;
    }

    ResponseEntity<?> finish(String connector, Supplier<Connection> callback) {
        String page = environment.getProperty(REDIRECT_URL);
        if (page == null || page.isBlank()) {
            return ResponseEntity.ok(Map.of("status", "connected", "connection", ConnectionController.view(callback.get())));
        }
        String outcome;
        try {
            Connection connection = callback.get();
            outcome = "status=connected&connector=" + encode(connector) + "&connectionId=" + connection.id();
        } catch (CallFailure failure) {
            outcome = "status=error&connector=" + encode(connector) + "&error=" + encode(failure.detail());
        }
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(page + (page.contains("?") ? "&" : "?") + outcome))
                .build();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
