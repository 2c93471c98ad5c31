package io.automators.connectors.events;

import static io.automators.connectors.events.RuntimeProcess.HTTP;
import static io.automators.connectors.events.RuntimeProcess.JSON;
import static io.automators.connectors.events.RuntimeProcess.baseUrl;
import static io.automators.connectors.events.RuntimeProcess.freePort;
import static io.automators.connectors.events.RuntimeProcess.request;
import static io.automators.connectors.events.RuntimeProcess.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.automators.connectors.AutomatorsApplication;
import io.automators.connectors.slack.SlackStub;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Two runtime nodes behind one address, sharing one PostgreSQL and one Kafka cluster (a KRaft broker in
 * this JVM), with {@code automators.events.transport=kafka}: calls to either node are answered, each
 * call's event is stored once though both nodes consume the event topic (one consumer group, the
 * partitions split between them), and each event reaches PostHog and RudderStack once though both
 * nodes drain the outbox. Then one node stops cleanly in the middle of the burst: the other takes its
 * partitions, and still every answered call has one row and each event one delivery per sink. A node
 * whose Kafka is not there yet answers its calls, holds their events in the journal, and publishes them
 * once the cluster comes.
 */
class KafkaTransportTest {

    // Each test its own topic and group: the other's nodes are gone, but not their group's memory.
    static final String TOPIC = "two-nodes.events";
    static final String GROUP = "two-nodes-store";
    static final EmbeddedKafkaKraftBroker BROKER = broker();
    static final WireMockServer POSTHOG = SinkStubs.posthog();
    static final WireMockServer RUDDERSTACK = SinkStubs.rudderstack();

    private static EmbeddedKafkaKraftBroker broker() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        return broker;
    }

    @AfterAll
    static void stop() {
        BROKER.destroy();
    }

    @Test
    void twoNodesStoreEachEventOnceAndSendItOnceToEachSinkAlsoWhenOneStopsMidBurst() throws Exception {
        Path base = Path.of("target/test-data/" + ProcessHandle.current().pid() + "-kafka").toAbsolutePath();
        Files.createDirectories(base.resolve("postgres"));
        int pgPort = freePort();
        String adminToken = secret();
        String cryptoKey = secret();
        List<ConfigurableApplicationContext> nodes = new ArrayList<>();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(base.resolve("postgres"))
                .setCleanDataDirectory(true).setPort(pgPort).setPGStartupWait(Duration.ofSeconds(60)).start();
        try {
            nodes.add(node(base.resolve("node-a"), pgPort, adminToken, cryptoKey, BROKER.getBrokersAsString(), TOPIC, GROUP));
            nodes.add(node(base.resolve("node-b"), pgPort, adminToken, cryptoKey, BROKER.getBrokersAsString(), TOPIC, GROUP));
            List<String> urls = nodes.stream().map(RuntimeProcess::baseUrl).toList();

            // Three workspaces, so their events are spread over the topic's partitions; each connects Slack on node a.
            List<String> keys = new ArrayList<>();
            List<String> workspaceIds = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                JsonNode created = send(urls.get(0), "POST", "/api/v1/admin/workspaces", adminToken,
                        Map.of("name", "kafka-" + i, "plan", "pro"));
                keys.add(created.get("apiKey").asText());
                workspaceIds.add(created.get("workspaceId").asText());
                send(urls.get(0), "POST", "/api/v1/connectors/slack/connect", created.get("apiKey").asText(),
                        Map.of("name", "kafka", "credentials", Map.of("apiKey", "xoxb-kafka-transport-test")));
            }
            await("both nodes in the event store's group, each with partitions").atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(membersWithPartitions()).isEqualTo(2));

            // Six callers, three on each node, 150 calls each; node b stops once 300 calls are answered.
            Set<String> answered = ConcurrentHashMap.newKeySet();
            AtomicInteger refusedByTheStoppedNode = new AtomicInteger();
            ExecutorService callers = Executors.newFixedThreadPool(6);
            for (int i = 0; i < 6; i++) {
                String url = urls.get(i % 2);
                String key = keys.get(i % 3);
                callers.submit(() -> {
                    for (int n = 0; n < 150; n++) {
                        try {
                            HttpResponse<String> r = HTTP.send(request(url, "POST", "/api/v1/connectors/slack/actions/send_message",
                                    key, Map.of("input", Map.of("channel", "C123ABC456", "text", "kafka " + n))),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) {
                                answered.add(JSON.readTree(r.body()).get("traceId").asText());
                            }
                        } catch (IOException stopped) {
                            refusedByTheStoppedNode.incrementAndGet();
                            return null;
                        }
                    }
                    return null;
                });
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> answered.size() >= 300);
            nodes.get(1).close();
            callers.shutdown();
            assertThat(callers.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
            assertThat(answered.size()).as("calls answered by both nodes").isGreaterThanOrEqualTo(450);

            SingleConnectionDataSource owner = new SingleConnectionDataSource(postgres.getJdbcUrl("postgres", "postgres"), true);
            JdbcTemplate db = new JdbcTemplate(owner);
            String inWorkspaces = "workspace_id IN ('" + String.join("','", workspaceIds) + "')";
            await("every answered call's row").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Map<String, Long> rowsByTrace = new HashMap<>();
                db.query("SELECT trace_id, count(*) FROM event_logs WHERE " + inWorkspaces + " GROUP BY trace_id",
                        rs -> { rowsByTrace.put(rs.getString(1), rs.getLong(2)); });
                assertThat(rowsByTrace.keySet()).containsAll(answered);
                assertThat(rowsByTrace.values()).as("one row per call").allMatch(n -> n == 1);
            });
            Set<String> eventIds = new HashSet<>(db.queryForList("SELECT event_id::text FROM event_logs WHERE " + inWorkspaces,
                    String.class));
            for (var sink : Map.of(POSTHOG, "uuid", RUDDERSTACK, "messageId").entrySet()) {
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
                        SinkStubs.accepted(sink.getKey(), sink.getValue())).as("events at %s; the outbox holds %s", sink.getValue(),
                        db.queryForList("SELECT destination, attempts, next_attempt_at, last_error, count(*) FROM event_outbox WHERE "
                                + inWorkspaces + " GROUP BY 1, 2, 3, 4")).containsAll(eventIds));
                List<String> ours = SinkStubs.accepted(sink.getKey(), sink.getValue()).stream().filter(eventIds::contains).toList();
                assertThat(ours).as("each event once").hasSize(eventIds.size()).doesNotHaveDuplicates();
            }
            assertThat(nodes.get(0).getBean(EventTopicStore.class).stored()).as("node a stored events from the topic").isPositive();
            assertThat(db.queryForObject("SELECT count(*) FROM event_outbox WHERE " + inWorkspaces, Long.class))
                    .as("delivered rows are pruned").isZero();
            owner.destroy();
        } finally {
            for (ConfigurableApplicationContext node : nodes) {
                node.close();
            }
            postgres.close();
        }
    }

    @Test
    void callsAnsweredWhileKafkaIsAwayHaveTheirRowsOnceItComes() throws Exception {
        Path base = Path.of("target/test-data/" + ProcessHandle.current().pid() + "-kafka-away").toAbsolutePath();
        Files.createDirectories(base.resolve("postgres"));
        int pgPort = freePort();
        int bootstrapPort = freePort();
        String adminToken = secret();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(base.resolve("postgres"))
                .setCleanDataDirectory(true).setPort(pgPort).setPGStartupWait(Duration.ofSeconds(60)).start();
        ConfigurableApplicationContext node = null;
        ServerSocket bootstrap = null;
        try {
            // Nothing listens on the cluster's bootstrap address yet: the node starts, and answers.
            node = node(base.resolve("node"), pgPort, adminToken, secret(), "127.0.0.1:" + bootstrapPort, "away.events", "away-store");
            String url = baseUrl(node);
            JsonNode created = send(url, "POST", "/api/v1/admin/workspaces", adminToken, Map.of("name", "kafka-away", "plan", "pro"));
            String key = created.get("apiKey").asText();
            send(url, "POST", "/api/v1/connectors/slack/connect", key,
                    Map.of("name", "away", "credentials", Map.of("apiKey", "xoxb-kafka-away-test")));
            List<String> answered = new ArrayList<>();
            for (int n = 0; n < 50; n++) {
                answered.add(send(url, "POST", "/api/v1/connectors/slack/actions/send_message", key,
                        Map.of("input", Map.of("channel", "C123ABC456", "text", "away " + n))).get("traceId").asText());
            }
            SingleConnectionDataSource owner = new SingleConnectionDataSource(postgres.getJdbcUrl("postgres", "postgres"), true);
            JdbcTemplate db = new JdbcTemplate(owner);
            String workspace = created.get("workspaceId").asText();
            assertThat(db.queryForObject("SELECT count(*) FROM event_logs WHERE workspace_id = ?::uuid", Long.class, workspace))
                    .as("no row while the topic is unreachable").isZero();
            assertThat(node.getBean(EventLogWriter.class).pending()).as("held in the journal").isEqualTo(50);

            // The cluster comes: its bootstrap address now leads to the broker (which the clients then reach directly).
            bootstrap = forwardTo(BROKER.getBrokersAsString(), bootstrapPort);
            await("every answered call's row once Kafka is up").atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                Map<String, Long> rowsByTrace = new HashMap<>();
                db.query("SELECT trace_id, count(*) FROM event_logs WHERE workspace_id = ?::uuid GROUP BY trace_id",
                        rs -> { rowsByTrace.put(rs.getString(1), rs.getLong(2)); }, workspace);
                assertThat(rowsByTrace.keySet()).containsExactlyInAnyOrderElementsOf(answered);
                assertThat(rowsByTrace.values()).as("one row per call").allMatch(n -> n == 1);
            });
            owner.destroy();
        } finally {
            if (node != null) {
                node.close();
            }
            if (bootstrap != null) {
                bootstrap.close();
            }
            postgres.close();
        }
    }

    /** A TCP forwarder from {@code port} to the broker: a bootstrap address that answers from now on. */
    private static ServerSocket forwardTo(String broker, int port) throws IOException {
        String[] hostPort = broker.split(",")[0].split(":");
        ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
                    pump(client, upstream);
                    pump(upstream, client);
                } catch (IOException closed) {
                    return;
                }
            }
        }, "bootstrap-forwarder");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    private static void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            try (from; to) {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException ignored) {
                // one side closed: so does the other
            }
        }, "bootstrap-pump");
        t.setDaemon(true);
        t.start();
    }

    private static ConfigurableApplicationContext node(Path dataDir, int pgPort, String adminToken, String cryptoKey,
            String bootstrapServers, String topic, String group) {
        // Command-line arguments: they win over the data directory the other test classes set as a system property.
        // Two nodes in one JVM: their MBeans need names of their own.
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0", "--automators.data-dir=" + dataDir, "--automators.datasource.max-pool-size=6",
                "--spring.jmx.unique-names=true",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres",
                "--spring.datasource.username=postgres",
                "--automators.admin-token=" + adminToken, "--automators.crypto.key=" + cryptoKey,
                "--automators.events.transport=kafka", "--automators.events.kafka.bootstrap-servers=" + bootstrapServers,
                "--automators.events.kafka.topic=" + topic, "--automators.events.kafka.group-id=" + group,
                "--automators.events.kafka.partitions=4",
                "--automators.connectors.slack.base-url=" + SlackStub.baseUrl()));
        args.addAll(SinkStubs.runtimeArgs(POSTHOG, RUDDERSTACK));
        return new SpringApplicationBuilder(AutomatorsApplication.class).profiles("test").run(args.toArray(String[]::new));
    }

    /** Members of the event store's group that hold at least one partition of the event topic. */
    private static long membersWithPartitions() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.getBrokersAsString());
        try (Admin admin = Admin.create(props)) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get(10, TimeUnit.SECONDS).get(GROUP);
            return group.members().stream().map(MemberDescription::assignment)
                    .filter(a -> a.topicPartitions().stream().anyMatch(p -> p.topic().equals(TOPIC))).count();
        }
    }

    private static String secret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }



}
