package io.automators.connectors.contracts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.automators.connectors.ApiTestSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every connector's contract cases, as data: {@code src/test/resources/contracts/<connector>/*.yaml},
 * each an action's input, the exact request the vendor must receive (method, path, query, headers,
 * JSON or form body), the vendor's documented answer and what the caller must get (the output, or the
 * problem). One WireMock server stands for every vendor; each connector's base URL points at it, and
 * a connection's own host (a Salesforce instance, a Jira site) is written {@code ${vendor}} in a case.
 * Adding a connector adds files here, not a test class. The folder's README names the vendor's doc pages.
 */
@DirtiesContext
class ConnectorContractsTest extends ApiTestSupport {

    static final Path CASES = Path.of("src/test/resources/contracts");
    static final WireMockServer VENDOR = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @DynamicPropertySource
    static void vendors(DynamicPropertyRegistry registry) throws IOException {
        VENDOR.start();
        for (Path folder : connectorFolders()) {
            String id = folder.getFileName().toString();
            String baseUrl = YAML.readTree(Path.of("config/connectors", id + ".yaml").toFile()).path("baseUrl").asText("");
            if (baseUrl.startsWith("{")) {
                continue; // the whole URL is the connection's: its cases give ${vendor} in the credentials
            }
            // A host built from connection fields (https://{site}.atlassian.net) becomes a path on the
            // stub (http://127.0.0.1:<port>/{site}), so the cases see the fields land where they belong.
            java.util.regex.Matcher fields = java.util.regex.Pattern.compile("\\{[A-Za-z][A-Za-z0-9_]*}").matcher(baseUrl);
            StringBuilder path = new StringBuilder();
            while (fields.find()) {
                path.append('/').append(fields.group());
            }
            registry.add("automators.connectors." + id + ".base-url", () -> VENDOR.baseUrl() + path);
        }
        // A 429 with a longer Retry-After is answered at once (the retries' bound), so cases do not wait.
        registry.add("automators.retries.max-retry-after-seconds", () -> "1");
    }

    @AfterAll
    static void stop() {
        VENDOR.stop();
    }

    @TestFactory
    Stream<DynamicTest> everyConnectorsContractCases() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path folder : connectorFolders()) {
            assertThat(folder.resolve("README.md")).as("each contract folder names the vendor's doc pages").exists();
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                    tests.add(DynamicTest.dynamicTest(folder.getFileName() + "/" + file.getFileName(), file.toUri(),
                            () -> run(folder.getFileName().toString(), file)));
                }
            }
        }
        return tests.stream();
    }

    private void run(String connector, Path file) throws IOException {
        JsonNode contract = YAML.readTree(Files.readString(file).replace("${vendor}", VENDOR.baseUrl()));
        VENDOR.resetAll();
        JsonNode expected = contract.path("request");
        VENDOR.stubFor(stub(expected).willReturn(answer(contract.path("response"))));
        // Requests the connector makes first (a token endpoint), each with its answer.
        contract.path("before").forEach(other -> VENDOR.stubFor(stub(other.path("request")).willReturn(answer(other.path("response")))));

        Tenant t = newWorkspace("pro");
        if (contract.has("credentials")) {
            Response connected = call("POST", "/api/v1/connectors/" + connector + "/connect", t.apiKey(),
                    Map.of("name", "contract", "credentials", YAML.convertValue(contract.get("credentials"), Map.class)));
            assertThat(connected.status()).as("connect: %s", connected).isEqualTo(201);
        }
        Response r = call("POST", "/api/v1/connectors/" + connector + "/actions/" + contract.path("action").asText(), t.apiKey(),
                Map.of("input", YAML.convertValue(contract.path("input"), Map.class)));

        List<LoggedRequest> received = VENDOR.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
        assertThat(VENDOR.findAllUnmatchedRequests()).as("requests the vendor would not have taken: %s",
                VENDOR.findNearMissesForAllUnmatchedRequests()).isEmpty();
        JsonNode expect = contract.path("expect");
        if (expect.path("vendorCalled").asBoolean(true)) {
            assertThat(received).as("the vendor received the request").isNotEmpty();
        } else {
            assertThat(received).as("the vendor is not called").isEmpty();
        }
        int status = expect.path("status").asInt(200);
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        if (expect.has("output")) {
            assertThat(r.json().get("output")).as("output of %s", r).isEqualTo(expect.get("output"));
        }
        JsonNode problem = expect.path("problem");
        for (Iterator<Map.Entry<String, JsonNode>> it = problem.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            switch (field.getKey()) {
                case "type" -> assertThat(r.json().get("type").asText()).endsWith("/" + field.getValue().asText());
                case "detailContains" -> assertThat(r.json().get("detail").asText()).contains(field.getValue().asText());
                default -> assertThat(r.json().get(field.getKey())).as("problem's %s in %s", field.getKey(), r)
                        .isEqualTo(field.getValue());
            }
        }
        // No credential value ever reaches the caller.
        contract.path("credentials").forEach(value -> {
            if (value.asText().length() >= 8) {
                assertThat(r.body()).doesNotContain(value.asText());
            }
        });
    }

    /** The request the vendor must receive, exactly: anything else finds no stub and fails the case. */
    private static MappingBuilder stub(JsonNode expected) {
        MappingBuilder stub = request(expected.path("method").asText("GET"), urlPathEqualTo(expected.path("path").asText()));
        expected.path("query").fields().forEachRemaining(q -> stub.withQueryParam(q.getKey(), equalTo(q.getValue().asText())));
        // A header value "~<regex>" matches a pattern (an idempotency key made per call); null: must be absent.
        expected.path("headers").fields().forEachRemaining(h -> stub.withHeader(h.getKey(),
                h.getValue().isNull() ? absent() : h.getValue().asText().startsWith("~")
                        ? com.github.tomakehurst.wiremock.client.WireMock.matching(h.getValue().asText().substring(1))
                        : equalTo(h.getValue().asText())));
        if (expected.has("bodyMatches")) {
            // A body the connector makes unique per call (a MIME message's boundary): its shape, as a pattern.
            stub.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.matching(expected.get("bodyMatches").asText()));
        }
        if (expected.has("json")) {
            stub.withRequestBody(equalToJson(expected.get("json").toString(), false, false));
        }
        if (expected.has("form")) {
            Map<String, String> form = new LinkedHashMap<>();
            expected.get("form").fields().forEachRemaining(f -> form.put(f.getKey(), f.getValue().asText()));
            stub.andMatching(request -> {
                Map<String, String> sent = formOf(request.getBodyAsString());
                return sent.equals(form) ? com.github.tomakehurst.wiremock.matching.MatchResult.exactMatch()
                        : com.github.tomakehurst.wiremock.matching.MatchResult.noMatch();
            });
        }
        return stub;
    }

    private static ResponseDefinitionBuilder answer(JsonNode response) {
        ResponseDefinitionBuilder answer = aResponse().withStatus(response.path("status").asInt(200));
        response.path("headers").fields().forEachRemaining(h -> answer.withHeader(h.getKey(), h.getValue().asText()));
        if (response.has("json")) {
            answer.withHeader("Content-Type", "application/json").withBody(response.get("json").toString());
        } else if (response.has("body")) {
            answer.withBody(response.get("body").asText());
        }
        return answer;
    }

    static Map<String, String> formOf(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            form.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    static List<Path> connectorFolders() {
        try (Stream<Path> folders = Files.list(CASES)) {
            return folders.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
