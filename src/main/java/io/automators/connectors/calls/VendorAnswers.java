package io.automators.connectors.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.catalog.ConnectorManifest;
import java.util.List;

/**
 * The vendor's own code and message in an error answer, read with the manifest's JSON pointers
 * ({@code errors.code}, {@code errors.message}) or, where it names none, from the places most APIs
 * use. Cut short and stripped of control characters: it goes into a problem's detail.
 */
final class VendorAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CODES = List.of("/error/code", "/error/type", "/code", "/errorCode", "/category",
            "/errors/0/code", "/error", "/errors/0/extensions/code");
    private static final List<String> MESSAGES = List.of("/error/message", "/message", "/error_description",
            "/errors/0/message", "/errors/0/detail", "/detail", "/title", "/errorMessages/0", "/error");
    private static final int MAX = 300;

    private VendorAnswers() {}

    /** The vendor's code and message, each null where the answer has none. */
    static Said read(String body, ConnectorManifest.Errors errors) {
        if (body == null || body.isBlank()) {
            return new Said(null, null);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (Exception e) {
            answer = null;
        }
        if (answer == null || !answer.isContainerNode()) {
            // Some vendors answer errors as a short plain text (Trello: "invalid id"); an HTML page says nothing.
            String text = body.strip();
            return new Said(null, text.length() <= MAX && !text.startsWith("<") ? clean(text) : null);
        }
        String code = first(answer, errors.code() != null ? List.of(errors.code()) : CODES);
        String message = first(answer, errors.message() != null ? List.of(errors.message()) : MESSAGES);
        return new Said(code, message != null && message.equals(code) && errors.message() == null ? null : message);
    }

    private static String first(JsonNode answer, List<String> pointers) {
        for (String pointer : pointers) {
            JsonNode found = answer.at(pointer);
            if (found.isValueNode() && !found.asText().isBlank()) {
                return clean(found.asText());
            }
        }
        return null;
    }

    private static String clean(String text) {
        String flat = text.replaceAll("\\p{Cntrl}+", " ").strip();
        return flat.length() > MAX ? flat.substring(0, MAX) + "…" : flat;
    }

    /** What the vendor said: its code and its message. */
    record Said(String code, String message) {}
}
