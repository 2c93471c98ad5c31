package io.automators.connectors.families;

import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.failures.CallFailure;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apache.camel.Message;

/**
 * The connection's credentials placed where a described connector's {@code requestAuth} says (the
 * declarative and openapi families): Authorization bearer or basic, a named header, or a query pair
 * the caller appends. Nowhere else: never a log line, never the body.
 */
public final class RequestCredentials {

    private RequestCredentials() {}

    /** Sets the headers; answers the encoded {@code name=value} query pair for the query scheme, else null. */
    public static String place(Message message, ConnectorManifest.RequestAuth auth, Map<String, String> credentials) {
        String scheme = auth == null || auth.scheme() == null ? "none" : auth.scheme();
        switch (scheme) {
            case "bearer" -> message.setHeader("Authorization", "Bearer " + credential(credentials, auth.field()));
            case "basic" -> message.setHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (credential(credentials, auth.username()) + ":" + credential(credentials, auth.password()))
                            .getBytes(StandardCharsets.UTF_8)));
            case "header" -> message.setHeader(auth.name(), credential(credentials, auth.field()));
            case "query" -> {
                return encode(auth.name()) + "=" + encode(credential(credentials, auth.field()));
            }
            default -> { /* none */ }
        }
        return null;
    }

    private static String credential(Map<String, String> credentials, String field) {
        String value = field == null ? null : credentials.get(field);
        if (value == null || value.isBlank()) {
            throw CallFailure.invalidInputAt("/credentials/" + field, "the connection holds no " + field
                    + ", which this connector's requests carry");
        }
        return value;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
