package io.automators.connectors.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.automators.connectors.ApiTestSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every error answers RFC 9457 problem+json with a specific type and a traceId: the container's
 * (hostile paths, a bad Host, TRACE), Spring MVC's (404, 405, 406, 415, unreadable or mistyped
 * input) and the runtime's; bodies over the limit get their 413 however they are sent.
 */
class ProblemJsonEverywhereTest extends ApiTestSupport {

    private Tenant tenant;

    @BeforeEach
    void workspace() {
        tenant = newWorkspace("free");
    }

    @Test
    void anEncodedSlashInThePathIsAProblemNotTomcatsPage() throws IOException {
        assertProblem(raw("GET /api/v1/connectors/a%2Fb HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                400, "invalid-input");
    }

    @Test
    void aBackslashInThePathIsAProblem() throws IOException {
        assertProblem(raw("GET /api/v1/connectors/a\\b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                400, "invalid-input");
    }

    @Test
    void aNulByteInThePathIsAProblem() throws IOException {
        assertProblem(raw("GET /api/v1/connectors/a%00b HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                400, "invalid-input");
    }

    @Test
    void aBadHostHeaderIsAProblem() throws IOException {
        assertProblem(raw("GET /api/v1/connectors HTTP/1.1\r\nHost: bad_host!:x\r\nConnection: close\r\n\r\n"),
                400, "invalid-input");
    }

    @Test
    void traceIsRefusedWithAProblem() throws IOException {
        assertProblem(raw("TRACE /api/v1/connectors HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
                405, "method-not-allowed");
    }

    @Test
    void anUnknownPathIsANotFoundProblem() {
        assertProblem(call("GET", "/api/v1/no-such-thing", tenant.apiKey(), null), 404, "not-found");
    }

    @Test
    void aWrongMethodIsAMethodNotAllowedProblem() {
        Response r = call("DELETE", "/api/v1/route/decide", tenant.apiKey(), null);
        assertProblem(r, 405, "method-not-allowed");
        assertThat(r.header("Allow")).contains("POST");
    }

    @Test
    void anAcceptWithoutJsonIsANotAcceptableProblem() {
        assertProblem(call("GET", "/api/v1/connectors", tenant.apiKey(), null, Map.of("Accept", "text/html")),
                406, "not-acceptable");
    }

    @Test
    void aBodyThatIsNotJsonIsAnUnsupportedMediaTypeProblem() {
        Response r = call("POST", "/api/v1/route/decide", tenant.apiKey(), null, Map.of("Content-Type", "text/plain"));
        assertProblem(r, 415, "unsupported-media-type");
    }

    @Test
    void unreadableJsonIsAnInvalidInputProblem() {
        assertProblem(call("POST", "/api/v1/route/decide", tenant.apiKey(), "{\"connector\": "), 400, "invalid-input");
    }

    @Test
    void mistypedJsonIsAnInvalidInputProblem() {
        assertProblem(call("POST", "/api/v1/route/decide", tenant.apiKey(), "{\"connector\": {\"a\": 1}}"),
                400, "invalid-input");
    }

    @Test
    void aMistypedQueryParameterIsAnInvalidInputProblem() {
        assertProblem(call("GET", "/api/v1/connectors?page=abc", tenant.apiKey(), null), 400, "invalid-input");
    }

    @Test
    void aMissingKeyIsAnUnauthorizedProblem() {
        assertProblem(call("GET", "/api/v1/connectors", null, null), 401, "unauthorized");
    }

    @Test
    void aTwelveMegabyteBodyWithContentLengthGetsItsPayloadTooLargeAnswer() throws IOException {
        byte[] body = twelveMegabytes();
        String head = "POST /api/v1/connectors/postgresql/actions/list_tables HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + tenant.apiKey() + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        assertProblem(raw(head, body, false), 413, "payload-too-large");
    }

    @Test
    void aTwelveMegabyteChunkedBodyGetsItsPayloadTooLargeAnswerAndRunsNothing() throws IOException {
        byte[] body = twelveMegabytes();
        String head = "POST /api/v1/connectors/postgresql/actions/list_tables HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + tenant.apiKey() + "\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        assertProblem(raw(head, body, true), 413, "payload-too-large");
        // Nothing ran: the action would have answered 409 (no connection) and left an event row.
        Response decide = call("GET", "/api/v1/connections", tenant.apiKey(), null);
        assertThat(decide.status()).isEqualTo(200);
    }

    @Test
    void aContextFieldLongerThanTheCapIsAnInvalidInputProblemNamingIt() {
        Response r = call("POST", "/api/v1/connectors/postgresql/actions/list_tables", tenant.apiKey(),
                Map.of("input", Map.of(), "context", Map.of("flowId", "f".repeat(201))));
        assertProblem(r, 400, "invalid-input");
        assertThat(r.json().get("errors").get(0).get("path").asText()).isEqualTo("/context/flowId");
    }

    @Test
    void anEmptyRequiredCredentialFieldIsRefused() {
        Response r = call("POST", "/api/v1/connectors/slack/connect", tenant.apiKey(),
                Map.of("name", "empty", "credentials", Map.of("apiKey", "")));
        assertProblem(r, 400, "invalid-input");
        assertThat(r.json().get("errors").get(0).get("path").asText()).isEqualTo("/credentials/apiKey");
        assertThat(call("GET", "/api/v1/connections", tenant.apiKey(), null).json()).isEmpty();
    }

    private static byte[] twelveMegabytes() {
        byte[] body = new byte[12 * 1024 * 1024];
        Arrays.fill(body, (byte) ' ');
        byte[] json = "{\"context\":{\"flowId\":\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(json, 0, body, 0, json.length);
        return body;
    }

    private static void assertProblem(Response r, int status, String type) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).as(r.toString()).startsWith("application/problem+json");
        assertThat(r.body()).doesNotContainIgnoringCase("<html").doesNotContainIgnoringCase("tomcat");
        assertThat(r.header("Server")).isNull();
        JsonNode problem = r.json();
        assertThat(problem.get("type").asText()).isEqualTo("https://automators.io/problems/" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("traceId").asText()).matches("[0-9a-f]{32}");
    }

    private Response raw(String request) throws IOException {
        return raw(request, new byte[0], false);
    }

    /** Sends bytes as they are (no client library normalizes them) and reads the answer. */
    private Response raw(String head, byte[] body, boolean chunked) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            try {
                if (chunked) {
                    for (int offset = 0; offset < body.length; offset += 65536) {
                        int n = Math.min(65536, body.length - offset);
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body, offset, n);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    if (body.length > 0) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                } else {
                    out.write(body);
                }
                out.flush();
            } catch (IOException e) {
                // The server may answer and stop reading early; the answer is what counts.
            }
            return parse(socket.getInputStream());
        }
    }

    private static Response parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, split).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, java.util.List<String>> headers = new java.util.LinkedHashMap<>();
        String contentType = "";
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).trim();
            String value = lines[i].substring(colon + 1).trim();
            headers.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(value);
            if (name.equalsIgnoreCase("Content-Type")) {
                contentType = value;
            }
        }
        String body = text.substring(split + 4);
        if (headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Transfer-Encoding"))) {
            body = unchunk(body);
        }
        return new Response(status, contentType, headers, body);
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int eol = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
        return out.toString();
    }
}
