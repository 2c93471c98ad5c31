package io.automators.connectors.providers.singer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.automators.connectors.exchange.ExchangeNames;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import io.automators.connectors.providers.BackendProcess;
import io.automators.connectors.routing.BackendHealth;
import io.automators.connectors.routing.BackendProperties;
import io.automators.connectors.routing.RoutingRequest;
import io.automators.connectors.storage.RuntimeDatabaseConfiguration.RuntimeDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Rule 8: a data-sync action runs its connector's Singer tap ({@code routing.singerTap}) —
 * {@code <tap> --config <dir>/<tap>.json [--catalog <dir>/<tap>.catalog.json] [--state <last bookmark>]}
 * — and loads what it writes into the target database ({@link SingerLoad}: a table per stream, the
 * bookmark committed with the records before it). The tap runs at most {@code max-runtime} and is then
 * killed with its children; its standard error's tail is in the answer and the event row. The taps,
 * their configuration and the target are the deployment's (the operator's), not a workspace's.
 */
@Component
public class SingerBackend {

    static final String BACKEND = "singer";
    private static final Pattern SCHEMA = Pattern.compile("^[a-z_][a-z0-9_]{0,62}$");

    private final BackendProperties backends;
    private final BackendHealth health;
    private final SingerProperties target;
    private final RuntimeDatabase runtimeDatabase;
    private final ObjectMapper mapper;

    public SingerBackend(BackendProperties backends, BackendHealth health, SingerProperties target,
            RuntimeDatabase runtimeDatabase, ObjectMapper mapper) {
        this.backends = backends;
        this.health = health;
        this.target = target;
        this.runtimeDatabase = runtimeDatabase;
        this.mapper = mapper;
    }

    /** The {@code runSingerTap} step. */
    public void run(Exchange exchange) {
        RoutingRequest request = exchange.getProperty(ExchangeNames.REQUEST, RoutingRequest.class);
        String tap = request.connector().manifest().routingOrNone().singerTap();
        BackendProperties.Backend singer = backends.backend(BACKEND);
        String executable = singer.getTaps().get(tap);
        if (executable == null) {
            throw CallFailure.unavailable("the Singer tap " + tap + " is not configured (automators.providers.singer.taps." + tap + ")", null);
        }
        Path directory = Path.of(singer.getWorkingDirectory() == null ? "." : singer.getWorkingDirectory());
        Path config = directory.resolve(tap + ".json");
        if (!Files.isRegularFile(config)) {
            throw CallFailure.unavailable("the Singer tap " + tap + " has no configuration file " + config
                    + " (automators.providers.singer.working-directory)", null);
        }
        try {
            health.call(BACKEND, () -> {
                runTap(exchange, request.connector().id(), tap, executable, directory, config, singer);
                return null;
            });
        } catch (CallFailure failure) {
            if (failure.details().get("outputTail") instanceof List<?> tail) {
                exchange.setProperty(ExchangeNames.OUTPUT_TAIL, tail);
            }
            throw failure;
        }
    }

    private void runTap(Exchange exchange, String connector, String tap, String executable, Path directory, Path config,
            BackendProperties.Backend singer) {
        try (SingerLoad load = new SingerLoad(connect(), schema(), connector + ":" + tap, mapper, target.getBatchSize())) {
            List<String> command = new ArrayList<>(List.of(executable, "--config", config.toAbsolutePath().toString()));
            Path catalog = directory.resolve(tap + ".catalog.json");
            if (Files.isRegularFile(catalog)) {
                command.addAll(List.of("--catalog", catalog.toAbsolutePath().toString()));
            }
            Path state = null;
            if (load.startState() != null) {
                state = Files.createTempFile("singer-state-", ".json");
                Files.writeString(state, load.startState().toString());
                command.addAll(List.of("--state", state.toAbsolutePath().toString()));
            }
            BackendProcess.Ended ended;
            try {
                ended = BackendProcess.run("the Singer tap " + tap, command, directory, singer.getMaxRuntime(), false, load::accept);
            } catch (CallFailure failure) {
                throw withProgress(failure, load);
            } finally {
                if (state != null) {
                    Files.deleteIfExists(state);
                }
            }
            exchange.setProperty(ExchangeNames.OUTPUT_TAIL, ended.tail());
            if (ended.exitCode() != 0) {
                Map<String, Object> details = progress(load);
                details.put("exitCode", ended.exitCode());
                details.put("outputTail", ended.tail());
                throw new CallFailure(FailureKind.VENDOR_FAILED, null, "the Singer tap " + tap + " exited " + ended.exitCode()
                        + "; the records up to its last STATE are kept, and the next run starts from there", details, null);
            }
            load.finish();
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("tap", tap);
            output.put("streams", load.committed());
            output.put("recordsLoaded", load.committed().values().stream().mapToInt(Integer::intValue).sum());
            output.put("state", load.lastState());
            output.put("durationMs", ended.took().toMillis());
            output.put("outputTail", ended.tail());
            exchange.getMessage().setBody(output);
        } catch (SQLException e) {
            throw CallFailure.unavailable("the Singer target database failed: " + e.getMessage(), null);
        } catch (IOException e) {
            throw CallFailure.internal("the Singer tap's bookmark file could not be written", e);
        }
    }

    /** A failure of the run, with what was kept of it. */
    private static CallFailure withProgress(CallFailure failure, SingerLoad load) {
        Map<String, Object> details = new LinkedHashMap<>(failure.details());
        details.putAll(progress(load));
        return new CallFailure(failure.kind(), failure.title(), failure.detail(), details, failure.getCause());
    }

    private static Map<String, Object> progress(SingerLoad load) {
        Map<String, Object> progress = new LinkedHashMap<>();
        progress.put("recordsKept", load.committed().values().stream().mapToInt(Integer::intValue).sum());
        progress.put("stateSaved", load.stateSaved());
        return progress;
    }

    private String schema() {
        String schema = target.getSchema();
        if (schema == null || !SCHEMA.matcher(schema).matches() || schema.equals("public") && target.getUrl() == null) {
            throw CallFailure.unavailable("automators.providers.singer.target.schema must be a lower-case schema name"
                    + " of its own (not public of the default target)", null);
        }
        return schema;
    }

    /** The target: the operator's database, or the embedded server's database "singer" — never the runtime's own. */
    private Connection connect() throws SQLException {
        if (target.getUrl() != null && !target.getUrl().isBlank()) {
            if (sameDatabase(target.getUrl(), runtimeDatabase.jdbcUrl())) {
                throw CallFailure.unavailable("the Singer target is the runtime's own database; set"
                        + " automators.providers.singer.target.url to another database", null);
            }
            return DriverManager.getConnection(target.getUrl(), target.getUsername(), target.getPassword());
        }
        if (!runtimeDatabase.isEmbedded()) {
            throw CallFailure.unavailable("the Singer target is not configured (automators.providers.singer.target.url):"
                    + " with an external runtime database there is no default target", null);
        }
        var server = runtimeDatabase.embedded();
        try (Connection admin = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", server.superuserPassword());
                var exists = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = 'singer'");
                var rs = exists.executeQuery()) {
            if (!rs.next()) {
                try (var create = admin.createStatement()) {
                    create.execute("CREATE DATABASE singer");
                } catch (SQLException raced) {
                    if (!"42P04".equals(raced.getSQLState())) { // another call created it first
                        throw raced;
                    }
                }
            }
        }
        return DriverManager.getConnection(server.jdbcUrl("singer"), "postgres", server.superuserPassword());
    }

    private static boolean sameDatabase(String a, String b) {
        return a.replaceAll("\\?.*$", "").equalsIgnoreCase(b.replaceAll("\\?.*$", ""));
    }
}
