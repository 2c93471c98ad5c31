package io.automators.connectors.flags;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.automators.connectors.outbound.OutboundHttp;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * PostHog's flags, consulted for a flag no feature_flags row decides, where
 * {@code automators.analytics.posthog.host} and {@code .api-key} (the project API key) are set:
 * {@code POST <host>/flags?v=2} with the user (or, without one, the workspace) as distinct id and the
 * workspace as its {@code workspace} group. One request per workspace and user answers every flag, held
 * {@link #HOLD}; PostHog slow or failing counts as "no answer" (the flag's default), never as a failed call.
 */
@Component
public class PostHogFlags {

    private static final Logger log = LoggerFactory.getLogger(PostHogFlags.class);
    static final Duration HOLD = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final String host;
    private final String apiKey;
    private final ObjectMapper mapper;
    private final OutboundHttp http;
    private final Cache<Key, Map<String, Boolean>> answers = Caffeine.newBuilder().expireAfterWrite(HOLD).maximumSize(100_000).build();

    public PostHogFlags(Environment environment, ObjectMapper mapper, OutboundHttp http) {
        this.http = http;
        this.host = environment.getProperty("automators.analytics.posthog.host", "").replaceAll("/+$", "");
        this.apiKey = environment.getProperty("automators.analytics.posthog.api-key", "");
        this.mapper = mapper;
    }

    public boolean isConfigured() {
        return !host.isBlank() && !apiKey.isBlank();
    }

    /** PostHog's answer for the flag, or empty: not configured, PostHog does not know the flag, or it did not answer. */
    public Optional<Boolean> evaluate(UUID workspaceId, String userId, String flag) {
        if (!isConfigured()) {
            return Optional.empty();
        }
        return Optional.ofNullable(answers.get(new Key(workspaceId, userId), this::fetch).get(flag));
    }

    private Map<String, Boolean> fetch(Key key) {
        try {
            String body = mapper.writeValueAsString(Map.of("token", apiKey,
                    "distinct_id", key.userId() != null ? key.userId() : key.workspaceId().toString(),
                    "groups", Map.of("workspace", key.workspaceId().toString())));
            HttpRequest request = HttpRequest.newBuilder(URI.create(host + "/flags?v=2")).timeout(TIMEOUT)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = http.send(request);
            if (response.statusCode() >= 300) {
                log.warn("PostHog's flags answered HTTP {}: the flags' defaults apply", response.statusCode());
                return Map.of();
            }
            Map<String, Boolean> flags = new java.util.HashMap<>();
            JsonNode answer = mapper.readTree(response.body());
            answer.path("flags").fields().forEachRemaining(f -> flags.put(f.getKey(), f.getValue().path("enabled").asBoolean(false)));
            return Map.copyOf(flags);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (Exception e) {
            log.warn("PostHog's flags did not answer ({}): the flags' defaults apply", e.getClass().getSimpleName());
            return Map.of();
        }
    }

    private record Key(UUID workspaceId, String userId) {}
}
