package io.automators.connectors.families.declarative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The declarative family's templates: JSON as written, where a string {@code ${/pointer}} reads the
 * source (the input for a request, the vendor's answer for an output) at that JSON pointer — the
 * value itself, its type kept, when the string is only that; its text inside a longer string. A
 * value the source does not have is left out (an object's field, an array's element), or is null
 * where the template is only that value.
 */
final class Templates {

    private static final Pattern WHOLE = Pattern.compile("^\\$\\{(/[^}]*|)}$");
    private static final Pattern PART = Pattern.compile("\\$\\{(/[^}]*|)}");

    private Templates() {}

    /** The template filled from the source; null where it reads a value the source does not have. */
    static JsonNode fill(JsonNode template, JsonNode source) {
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

    /** The pointers a template reads (for the manifest check). */
    static java.util.List<String> pointers(JsonNode template) {
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
