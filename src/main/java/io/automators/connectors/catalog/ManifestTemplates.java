package io.automators.connectors.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The templates of manifests (a declarative connector's requests and outputs, a Panora mapping): JSON as written, where a string {@code ${/pointer}} reads the
 * source (the input for a request, the vendor's answer for an output) at that JSON pointer — the
 * value itself, its type kept, when the string is only that; its text inside a longer string. A
 * value the source does not have is left out (an object's field, an array's element), or is null
 * where the template is only that value.
 */
public final class ManifestTemplates {

    private static final Pattern WHOLE = Pattern.compile("^\\$\\{(/[^}]*|)}$");
    private static final Pattern PART = Pattern.compile("\\$\\{(/[^}]*|)}");

    private ManifestTemplates() {}

    /** The template filled from the source; null where it reads a value the source does not have. */
    public static JsonNode fill(JsonNode template, JsonNode source) {
        if (template == null || template.isNull()) {
            return null;
        }
        if (template.isTextual()) {
            return text(template.asText(), source);
        }
        if (template.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            template.fields().forEachRemaining(f -> {
                JsonNode value = fill(f.getValue(), source);
                if (value != null) {
                    out.set(f.getKey(), value);
                }
            });
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            template.forEach(element -> {
                JsonNode value = fill(element, source);
                if (value != null) {
                    out.add(value);
                }
            });
            return out;
        }
        return template;
    }

    private static JsonNode text(String template, JsonNode source) {
        Matcher whole = WHOLE.matcher(template);
        if (whole.matches()) {
            JsonNode value = source.at(whole.group(1));
            return value.isMissingNode() ? null : value;
        }
        Matcher part = PART.matcher(template);
        StringBuilder out = new StringBuilder();
        boolean any = false;
        while (part.find()) {
            JsonNode value = source.at(part.group(1));
            if (value.isMissingNode() || value.isNull()) {
                return null; // "Bearer ${/token}" without a token is no value at all
            }
            part.appendReplacement(out, Matcher.quoteReplacement(value.isValueNode() ? value.asText() : value.toString()));
            any = true;
        }
        part.appendTail(out);
        return any ? TextNode.valueOf(out.toString()) : TextNode.valueOf(template);
    }

    private static final Pattern PATH_FIELD = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /**
     * A request path with its {@code {field}} placeholders filled from the input, each value URL-encoded
     * as one path segment ("../admin" stays a segment of its own); a field the input lacks is a 400.
     */
    public static String fillPath(String template, JsonNode input) {
        Matcher m = PATH_FIELD.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            JsonNode value = input.get(m.group(1));
            if (value == null || value.isNull() || value.isContainerNode() || value.asText().isEmpty()) {
                throw io.automators.connectors.failures.CallFailure.invalidInputAt("/" + m.group(1),
                        "is required: it is part of the request's path");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(encode(value.asText())));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * A query string ({@code a=1&b=x}, encoded; empty when nothing is left) of parameter templates filled
     * from the input; a parameter whose value the input lacks is left out.
     */
    public static String fillQuery(java.util.Map<String, JsonNode> query, JsonNode input) {
        StringBuilder out = new StringBuilder();
        if (query != null) {
            for (java.util.Map.Entry<String, JsonNode> q : query.entrySet()) {
                JsonNode value = fill(q.getValue(), input);
                if (value != null && !value.isNull()) {
                    out.append(out.length() == 0 ? "" : "&").append(encode(q.getKey())).append('=')
                            .append(encode(value.isValueNode() ? value.asText() : value.toString()));
                }
            }
        }
        return out.toString();
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The pointers a template reads (for the manifest check). */
    public static java.util.List<String> pointers(JsonNode template) {
        java.util.List<String> found = new java.util.ArrayList<>();
        collect(template, found);
        return found;
    }

    private static void collect(JsonNode template, java.util.List<String> found) {
        if (template == null) {
            return;
        }
        if (template.isTextual()) {
            Matcher m = PART.matcher(template.asText());
            while (m.find()) {
                found.add(m.group(1));
            }
        } else {
            template.forEach(child -> collect(child, found));
        }
    }
}
