package io.automators.connectors.families.http;

import io.automators.connectors.failures.CallFailure;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.Exchange;

/**
 * An e-mail as an RFC 5322 message, for vendors that take one (Gmail's users.messages.send takes it
 * base64url-encoded in {@code raw}). Jakarta Mail writes the headers: addresses are parsed strictly and
 * a subject is encoded (RFC 2047), so no input can add a header or a recipient.
 */
final class MailMessages {

    private static final Session SESSION = Session.getInstance(new Properties());

    private MailMessages() {}

    /** The action's input ({to, cc, subject, text, html}) becomes {"raw": base64url of the message}. */
    static void toGmailRaw(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> input = exchange.getMessage().getBody(Map.class);
        exchange.getMessage().setBody(Map.of("raw", Base64.getUrlEncoder().withoutPadding().encodeToString(rfc5322(input))));
    }

    static byte[] rfc5322(Map<String, Object> input) {
        try {
            MimeMessage message = new MimeMessage(SESSION);
            message.setRecipients(Message.RecipientType.TO, addresses("to", input.get("to")));
            if (input.get("cc") != null) {
                message.setRecipients(Message.RecipientType.CC, addresses("cc", input.get("cc")));
            }
            message.setSubject(String.valueOf(input.getOrDefault("subject", "")), "UTF-8");
            String text = (String) input.get("text");
            String html = (String) input.get("html");
            if (text != null && html != null) {
                MimeMultipart alternative = new MimeMultipart("alternative");
                alternative.addBodyPart(part(text, "plain"));
                alternative.addBodyPart(part(html, "html"));
                message.setContent(alternative);
            } else if (html != null) {
                message.setText(html, "UTF-8", "html");
            } else {
                message.setText(text == null ? "" : text, "UTF-8", "plain");
            }
            message.saveChanges();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (MessagingException | IOException e) {
            throw CallFailure.invalidInput("the message cannot be written as an e-mail: " + e.getMessage());
        }
    }

    private static MimeBodyPart part(String content, String subtype) throws MessagingException {
        MimeBodyPart part = new MimeBodyPart();
        part.setText(content, StandardCharsets.UTF_8.name(), subtype);
        return part;
    }

    private static InternetAddress[] addresses(String field, Object value) {
        Collection<?> all = value instanceof Collection<?> list ? list : List.of(String.valueOf(value));
        InternetAddress[] parsed = new InternetAddress[all.size()];
        int i = 0;
        for (Object one : all) {
            try {
                parsed[i++] = new InternetAddress(String.valueOf(one), true);
            } catch (AddressException e) {
                throw CallFailure.invalidInputAt("/" + field, "'" + one + "' is not an e-mail address");
            }
        }
        return parsed;
    }
}
