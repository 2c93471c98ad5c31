package io.automators.connectors.families.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.camel.Exchange;

/**
 * A map as an {@code application/x-www-form-urlencoded} body, for vendors that take forms (Stripe,
 * Twilio). Nested maps and lists use the bracket convention Stripe documents ({@code metadata[plan]=pro},
 * {@code expand[0]=customer}); every name and value is percent-encoded, nulls are left out.
 */
final class FormBodies {

    private FormBodies() {}

    static void toForm(Exchange exchange) {
        Map<?, ?> fields = exchange.getMessage().getBody(Map.class);
        StringJoiner form = new StringJoiner("&");
        if (fields != null) {
            fields.forEach((name, value) -> add(form, String.valueOf(name), value));
        }
        exchange.getMessage().setBody(form.toString());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
    }

    private static void add(StringJoiner form, String name, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, inner) -> add(form, name + "[" + key + "]", inner));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                add(form, name + "[" + i + "]", list.get(i));
            }
        } else {
            form.add(encode(name) + "=" + encode(String.valueOf(value)));
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
