package io.automators.connectors.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.AutomatorsApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The runtime as a process of its own (the test JVM's class path, the test profile), for the fault tests
 * that kill it or take its database away, with the HTTP helpers they share.
 */
final class RuntimeProcess {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RuntimeProcess() {}

    /** Starts the runtime on {@code port} with its output in {@code log}; {@code args} are more --key=value. */
    static Process start(int port, Path log, String... args) throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), AutomatorsApplication.class.getName(),
                "--spring.profiles.active=test", "--server.port=" + port, "--automators.datasource.max-pool-size=6"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static void awaitHealthy(int port) {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
                HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }

    static HttpRequest request(int port, String method, String path, String bearer, Object body) throws IOException {
        return request(local(port), method, path, bearer, body);
    }

    static HttpRequest request(String base, String method, String path, String bearer, Object body) throws IOException {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
    }

    /** The answer of a call that must succeed (200 or 201), as JSON. */
    static JsonNode send(String base, String method, String path, String bearer, Object body) throws Exception {
        HttpResponse<String> r = HTTP.send(request(base, method, path, bearer, body), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + " " + r.body()).isBetween(200, 201);
        return JSON.readTree(r.body());
    }

    static String local(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** The address of a runtime started in this JVM. */
    static String baseUrl(ConfigurableApplicationContext runtime) {
        return local(((WebServerApplicationContext) runtime).getWebServer().getPort());
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
