package io.automators.connectors.families.declarative;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.automators.connectors.catalog.ConnectorCatalog;
import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.failures.CallFailure;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Turns an Integuru-style capture — the requests a browser or proxy recorded while a person used an
 * app (a HAR file's {@code log.entries}, or a plain list of {@code {method, url, headers, body}}) — into
 * a declarative connector manifest: one action per distinct request (method and path, id-like path
 * segments made input fields), its query parameters and JSON body leaves made input fields and
 * templates, the credential it carried made the connector's {@code requestAuth}. The captured values
 * of credentials, cookies and other headers are never copied into the manifest. The result is checked
 * by the catalog's and the family's rules before it is answered; registering it is the marketplace's.
 */
@Component
public class CapturedRequestsImport {

    static final int MAX_REQUESTS = 200;
    private static final Pattern ID_SEGMENT = Pattern.compile(
            "^(\\d+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{16,}"
                    + "|(?=[A-Za-z0-9_-]*\\d)[A-Za-z0-9_-]{12,})$");
    private static final Pattern KEY_PARAM = Pattern.compile("(?i)^(api[_-]?key|key|token|access[_-]?token|apikey|auth|signature)$");
    private static final Pattern KEY_HEADER = Pattern.compile("(?i)^(x-api-key|api-key|apikey|x-auth-token|x-access-token)$");
    private static final Pattern VERSION_HEADER = Pattern.compile("(?i)^[a-z0-9-]*version[a-z0-9-]*$");

    private final ObjectMapper mapper;

    public CapturedRequestsImport(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The manifest, its YAML, and what the import left out or guessed. */
    public record Imported(ConnectorManifest manifest, String yaml, List<String> notes) {}

    public Imported importRequests(String id, String name, String category, JsonNode capture) {
        if (id == null || !ConnectorCatalog.ID.matcher(id).matches()) {
            throw CallFailure.invalidInputAt("/id", "must match " + ConnectorCatalog.ID.pattern());
        }
        List<Captured> requests = read(capture);
        if (requests.isEmpty()) {
            throw CallFailure.invalidInputAt("/requests", "holds no request (a HAR's log.entries, or [{method, url, headers, body}])");
        }
        List<String> notes = new ArrayList<>();
        URI origin = requests.get(0).url();
        String base = origin.getScheme() + "://" + origin.getRawAuthority();
        Map<String, ConnectorManifest.Action> actions = new LinkedHashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        ConnectorManifest.RequestAuth auth = null;
        List<ConnectorManifest.CredentialField> credentials = new ArrayList<>();
        for (Captured request : requests) {
            String from = request.url().getScheme() + "://" + request.url().getRawAuthority();
            if (!from.equals(base)) {
                notes.add(request.method() + " " + request.url().getRawPath() + " is on " + from + ", not " + base + ": left out");
                continue;
            }
            ObjectNode properties = JsonNodeFactory.instance.objectNode();
            List<String> required = new ArrayList<>();
            String path = pathTemplate(request.url().getRawPath(), properties, required);
            if (!seen.add(request.method() + " " + path)) {
                continue;
            }
            Map<String, JsonNode> query = new LinkedHashMap<>();
            for (String pair : request.url().getRawQuery() == null ? new String[0] : request.url().getRawQuery().split("&")) {
                String param = java.net.URLDecoder.decode(pair.split("=", 2)[0], java.nio.charset.StandardCharsets.UTF_8);
                if (param.isBlank()) {
                    continue;
                }
                if (KEY_PARAM.matcher(param).matches()) {
                    auth = auth != null ? auth : new ConnectorManifest.RequestAuth("query", "apiKey", param, null, null);
                    continue;
                }
                String field = field(param);
                properties.set(field, JsonNodeFactory.instance.objectNode().put("type", "string"));
                query.put(param, TextNode.valueOf("${/" + field + "}"));
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (Map.Entry<String, String> h : request.headers().entrySet()) {
                String header = h.getKey();
                String value = h.getValue();
                if ("authorization".equalsIgnoreCase(header)) {
                    String scheme = value.split(" ", 2)[0].toLowerCase(Locale.ROOT);
                    auth = auth != null ? auth : "basic".equals(scheme)
                            ? new ConnectorManifest.RequestAuth("basic", null, null, "username", "password")
                            : new ConnectorManifest.RequestAuth("bearer", "apiKey", null, null, null);
                } else if (KEY_HEADER.matcher(header).matches()) {
                    auth = auth != null ? auth : new ConnectorManifest.RequestAuth("header", "apiKey", header, null, null);
                } else if ("cookie".equalsIgnoreCase(header)) {
                    notes.add("the session cookie of " + request.method() + " " + path + " is not imported: connect with an API credential");
                } else if (VERSION_HEADER.matcher(header).matches()) {
                    headers.put(header, value);
                }
            }
            JsonNode body = null;
            if (request.body() != null && !request.body().isBlank()) {
                try {
                    body = template(mapper.readTree(request.body()), "", properties);
                } catch (JsonProcessingException e) {
                    notes.add(request.method() + " " + path + " sent a body that is not JSON: left out of the action");
                }
            }
            ObjectNode input = JsonNodeFactory.instance.objectNode().put("type", "object").put("additionalProperties", false);
            if (!required.isEmpty()) {
                input.set("required", mapper.valueToTree(required));
            }
            input.set("properties", properties);
            String action = unique(actionName(request.method(), path), actions.keySet());
            actions.put(action, new ConnectorManifest.Action(request.method() + " " + path + " (imported from a captured request)",
                    null, input, null, "GET".equals(request.method()),
                    new ConnectorManifest.Request(request.method(), path, query.isEmpty() ? null : query,
                            headers.isEmpty() ? null : headers, body), null, null));
        }
        if (auth != null) {
            if ("basic".equals(auth.scheme())) {
                credentials.add(new ConnectorManifest.CredentialField("username", true, false, "The account's user name"));
                credentials.add(new ConnectorManifest.CredentialField("password", true, true, "The account's password"));
            } else {
                credentials.add(new ConnectorManifest.CredentialField("apiKey", true, true, "The credential the captured requests carried ("
                        + auth.scheme() + (auth.name() == null ? "" : " " + auth.name()) + ")"));
            }
            notes.add("the captured credential's value is not imported: each workspace connects with its own");
        } else {
            notes.add("the captured requests carried no credential: the connector takes none (auth none)");
        }
        ConnectorManifest manifest = new ConnectorManifest(id, name == null || name.isBlank() ? id : name,
                category == null || category.isBlank() ? "other" : category, "1.0.0",
                "Imported from " + requests.size() + " captured requests to " + base + ".", "declarative",
                new ConnectorManifest.Auth(auth == null ? "none" : "api_key", null, null, null, false, credentials),
                base, null, null, actions, null, auth, null);
        List<String> problems = new ArrayList<>(ConnectorCatalog.problems(manifest));
        new DeclarativeFamily().check(manifest).forEach(problems::add);
        if (!problems.isEmpty()) {
            throw CallFailure.invalidInput(null, "the captured requests make no valid connector: " + String.join("; ", problems),
                    problems.stream().map(p -> Map.of("path", "/requests", "message", p)).toList());
        }
        return new Imported(manifest, yaml(manifest), notes);
    }

    /** The request's path with id-like segments as input fields named after the segment before them. */
    private static String pathTemplate(String rawPath, ObjectNode properties, List<String> required) {
        StringBuilder path = new StringBuilder();
        String previous = "id";
        for (String segment : (rawPath == null || rawPath.isEmpty() ? "/" : rawPath).split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (ID_SEGMENT.matcher(segment).matches()) {
                String field = uniqueField(singular(previous) + "_id", properties);
                properties.set(field, JsonNodeFactory.instance.objectNode().put("type", "string").put("minLength", 1));
                required.add(field);
                path.append("/{").append(field).append('}');
            } else {
                path.append('/').append(segment);
                previous = field(java.net.URLDecoder.decode(segment, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return path.length() == 0 ? "/" : path.toString();
    }

    /** A JSON body as a template: each leaf an input field named by its path, arrays kept whole. */
    private JsonNode template(JsonNode value, String prefix, ObjectNode properties) {
        if (value.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            value.fields().forEachRemaining(f -> out.set(f.getKey(), template(f.getValue(),
                    prefix.isEmpty() ? field(f.getKey()) : prefix + "_" + field(f.getKey()), properties)));
            return out;
        }
        String field = uniqueField(prefix.isEmpty() ? "body" : prefix, properties);
        String type = value.isArray() ? "array" : value.isBoolean() ? "boolean" : value.isIntegralNumber() ? "integer"
                : value.isNumber() ? "number" : "string";
        properties.set(field, JsonNodeFactory.instance.objectNode().put("type", type));
        return TextNode.valueOf("${/" + field + "}");
    }

    private List<Captured> read(JsonNode capture) {
        JsonNode entries = capture == null ? null : capture.has("log") ? capture.path("log").path("entries") : capture;
        if (entries == null || !entries.isArray()) {
            throw CallFailure.invalidInputAt("/requests", "must be a HAR ({\"log\": {\"entries\": [...]}}) or a list of requests");
        }
        if (entries.size() > MAX_REQUESTS) {
            throw CallFailure.invalidInputAt("/requests", "at most " + MAX_REQUESTS + " requests");
        }
        List<Captured> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i).has("request") ? entries.get(i).get("request") : entries.get(i);
            String method = entry.path("method").asText("").toUpperCase(Locale.ROOT);
            URI url;
            try {
                url = URI.create(entry.path("url").asText(""));
            } catch (IllegalArgumentException e) {
                throw CallFailure.invalidInputAt("/requests/" + i + "/url", "is not a URL");
            }
            if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
                throw CallFailure.invalidInputAt("/requests/" + i + "/url", "must be an http(s) URL");
            }
            if (!Set.of("GET", "POST", "PUT", "PATCH", "DELETE").contains(method)) {
                continue; // OPTIONS, HEAD: a browser's, not the app's
            }
            Map<String, String> headers = new LinkedHashMap<>();
            JsonNode h = entry.path("headers");
            if (h.isArray()) {
                h.forEach(x -> headers.put(x.path("name").asText(), x.path("value").asText()));
            } else if (h.isObject()) {
                h.fields().forEachRemaining(x -> headers.put(x.getKey(), x.getValue().asText()));
            }
            String body = entry.path("postData").path("text").asText(null);
            if (body == null && entry.has("body")) {
                body = entry.get("body").isTextual() ? entry.get("body").asText() : entry.get("body").toString();
            }
            out.add(new Captured(method, url, headers, body));
        }
        return out;
    }

    private record Captured(String method, URI url, Map<String, String> headers, String body) {}

    private static String actionName(String method, String path) {
        StringBuilder name = new StringBuilder(method.toLowerCase(Locale.ROOT));
        for (String segment : path.split("/")) {
            if (!segment.isEmpty() && !segment.startsWith("{")) {
                name.append('_').append(field(segment));
            }
        }
        String s = name.toString().replaceAll("_+", "_");
        return s.length() > 63 ? s.substring(0, 63) : s;
    }

    private static String unique(String name, Set<String> taken) {
        String candidate = name;
        for (int n = 2; taken.contains(candidate); n++) {
            candidate = name + "_" + n;
        }
        return candidate;
    }

    private static String uniqueField(String name, ObjectNode properties) {
        String candidate = name;
        for (int n = 2; properties.has(candidate); n++) {
            candidate = name + "_" + n;
        }
        return candidate;
    }

    /** A name fit for an input field and an action: lower case letters, digits and _. */
    private static String field(String name) {
        String f = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return f.isEmpty() ? "value" : Character.isDigit(f.charAt(0)) ? "f_" + f : f;
    }

    private static String singular(String word) {
        return word.endsWith("ies") ? word.substring(0, word.length() - 3) + "y"
                : word.endsWith("s") && !word.endsWith("ss") ? word.substring(0, word.length() - 1) : word;
    }

    private String yaml(ConnectorManifest manifest) {
        try {
            return new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
                    .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                    .writeValueAsString(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an imported manifest that cannot be written", e);
        }
    }
}
