package io.automators.connectors.families.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.automators.connectors.credentials.Connections;
import io.automators.connectors.exchange.ExchangeNames;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.TokenRefusedException;
import io.automators.connectors.outbound.OutboundHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * OAuth 2.0 client-credentials tokens (RFC 6749 §4.4) for vendors whose API takes a token the
 * connection's client id and secret buy (PayPal): one token per connection and token endpoint, held
 * until a minute before it expires, one request at a time. A connection that holds a token itself
 * ({@code apiKey}, as a Nango connection's) uses it as it is. The route names the endpoint in the
 * property {@code automatorsTokenUrl}; the step sets {@code Authorization: Bearer}.
 */
@Component
class ClientCredentialsTokens {

    static final String TOKEN_URL = "automatorsTokenUrl";
    private static final Duration MARGIN = Duration.ofSeconds(60);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ObjectMapper mapper;
    private final OutboundHttp http;
    private final Cache<Key, Held> tokens = Caffeine.newBuilder().maximumSize(100_000)
            .expireAfter(new Expiry<Key, Held>() {
                @Override
                public long expireAfterCreate(Key key, Held held, long now) { return held.hold().toNanos(); }

                @Override
                public long expireAfterUpdate(Key key, Held held, long now, long current) { return held.hold().toNanos(); }

                @Override
                public long expireAfterRead(Key key, Held held, long now, long current) { return current; }
            }).build();

    ClientCredentialsTokens(ObjectMapper mapper, OutboundHttp http) {
        this.http = http;
        this.mapper = mapper;
    }

    void authorize(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, String> credentials = exchange.getProperty(ExchangeNames.CREDENTIALS, Map.class);
        String token = credentials.get("apiKey");
        if (token == null || token.isBlank()) {
            String tokenUrl = exchange.getProperty(TOKEN_URL, String.class);
            Key key = new Key(exchange.getProperty(ExchangeNames.CONNECTION_ID, String.class), tokenUrl);
            token = tokens.get(key, k -> fetch(tokenUrl, credentials.get("clientId"), credentials.get("clientSecret"))).token();
        }
        exchange.getMessage().setHeader("Authorization", "Bearer " + token);
    }

    private Held fetch(String tokenUrl, String clientId, String clientSecret) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUrl)).timeout(TIMEOUT)
                .header("Authorization", "Basic " + basic).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        HttpResponse<String> response;
        try {
            response = http.send(request);
        } catch (IOException e) {
            throw CallFailure.unavailable("the vendor's token endpoint refused the connection or is unreachable", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CallFailure.unavailable("interrupted while waiting for the vendor's token endpoint", null);
        }
        if (response.statusCode() == 401 || response.statusCode() == 400) {
            throw new TokenRefusedException("the vendor refused the connection's client id and secret (HTTP "
                    + response.statusCode() + ")");
        }
        if (response.statusCode() >= 300) {
            throw CallFailure.vendorFailed("the vendor's token endpoint answered " + response.statusCode(), null);
        }
        try {
            JsonNode answer = mapper.readTree(response.body());
            String token = answer.path("access_token").asText(null);
            if (token == null || token.isBlank()) {
                throw CallFailure.vendorFailed("the vendor's token endpoint answered without an access_token", null);
            }
            long expiresIn = answer.path("expires_in").asLong(300);
            return new Held(token, Duration.ofSeconds(expiresIn).minus(MARGIN));
        } catch (IOException e) {
            throw CallFailure.vendorFailed("the vendor's token endpoint answered something that is not JSON", null);
        }
    }

    @EventListener
    void on(Connections.ConnectionRemoved removed) {
        tokens.asMap().keySet().removeIf(key -> removed.connectionId().toString().equals(key.connectionId()));
    }

    private record Key(String connectionId, String tokenUrl) {}

    private record Held(String token, Duration lifetime) {
        Duration hold() { return lifetime.isNegative() ? Duration.ZERO : lifetime; }

        @Override
        public String toString() { return "Held[token=***]"; }
    }
}
