package io.automators.connectors.providers.meltano;

import io.automators.connectors.exchange.ExchangeNames;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.failures.FailureKind;
import io.automators.connectors.providers.BackendProcess;
import io.automators.connectors.routing.BackendHealth;
import io.automators.connectors.routing.BackendProperties;
import io.automators.connectors.routing.RoutingRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Rule 9: an ELT action runs its connector's Meltano pipeline as {@code meltano run <tap> [<mapper>…] <target>}
 * (https://docs.meltano.com/reference/command-line-interface#run) in the configured Meltano project
 * directory, killed with its children past {@code max-runtime}. Exit 0 is success; any other exit is
 * the call's failure (502) with the exit code. The tail of its output (masked where it looks like a
 * secret) is in the answer and in the call's event row. Meltano itself is the deployer's to install:
 * the runtime only runs the command it is given.
 */
@Component
public class MeltanoBackend {

    static final String BACKEND = "meltano";
    private static final String NAME = "Meltano";

    private final BackendProperties backends;
    private final BackendHealth health;

    public MeltanoBackend(BackendProperties backends, BackendHealth health) {
        this.backends = backends;
        this.health = health;
    }

    /** The {@code runMeltanoPipeline} step. */
    public void run(Exchange exchange) {
        RoutingRequest request = exchange.getProperty(ExchangeNames.REQUEST, RoutingRequest.class);
        // Checked when the manifest loaded (ManifestRules): plugin names only, nothing a shell would read.
        String pipeline = request.connector().manifest().routingOrNone().meltanoPipeline();
        BackendProperties.Backend meltano = backends.backend(BACKEND);
        @SuppressWarnings("unchecked")
        Map<String, Object> input = exchange.getMessage().getBody(Map.class);
        List<String> command = new ArrayList<>(List.of(meltano.getCommand(), "run"));
        command.addAll(Arrays.asList(pipeline.trim().split("\\s+")));
        if (input != null && Boolean.TRUE.equals(input.get("full_refresh"))) {
            command.add("--full-refresh");
        }
        Path directory = meltano.getWorkingDirectory() == null ? null : Path.of(meltano.getWorkingDirectory());
        BackendProcess.Ended ended;
        try {
            ended = health.call(BACKEND, () -> {
                BackendProcess.Ended run = BackendProcess.run(NAME, command, directory, meltano.getMaxRuntime(), true, line -> {});
                exchange.setProperty(ExchangeNames.OUTPUT_TAIL, run.tail());
                if (run.exitCode() != 0) {
                    Map<String, Object> details = new LinkedHashMap<>();
                    details.put("exitCode", run.exitCode());
                    details.put("outputTail", run.tail());
                    throw new CallFailure(FailureKind.VENDOR_FAILED, null, "meltano run " + pipeline + " exited "
                            + run.exitCode(), details, null);
                }
                return run;
            });
        } catch (CallFailure failure) {
            if (failure.details().get("outputTail") instanceof List<?> tail) {
                exchange.setProperty(ExchangeNames.OUTPUT_TAIL, tail);
            }
            throw failure;
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("pipeline", pipeline);
        output.put("exitCode", 0);
        output.put("durationMs", ended.took().toMillis());
        output.put("outputTail", ended.tail());
        exchange.getMessage().setBody(output);
    }
}
