package io.automators.connectors.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rule 9 through the HTTP API: an ELT action runs `meltano run <tap> <target>` in the project
 * directory (a stand-in command with Meltano's command-line contract: Meltano itself cannot be
 * installed on these machines), its exit mapped, the tail of its output in the answer and the event
 * row with secrets masked, and a run past its maximum runtime killed with its children.
 */
class MeltanoBackendTest extends BackendStubs {

    @Test
    void runsThePipelineInTheProjectDirectoryAndAnswersTheTailOfItsOutput() throws Exception {
        Tenant t = newWorkspace("pro");

        Response r = act(t, "elt-demo", "run_pipeline", Map.of("input", Map.of("full_refresh", true)));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("rule").asInt()).isEqualTo(9);
        assertThat(r.json().get("provider").asText()).isEqualTo("meltano");
        assertThat(r.json().at("/output/exitCode").asInt()).isZero();
        assertThat(r.json().at("/output/pipeline").asText()).isEqualTo("tap-demo target-jsonl");
        assertThat(r.json().at("/output/outputTail").toString()).contains("Block run completed");
        assertThat(Files.readString(MELTANO_PROJECT.resolve("last-run.txt")).trim())
                .isEqualTo("tap-demo target-jsonl --full-refresh");
        assertThat(eventRow(r.json().get("traceId").asText()).get("context").toString()).contains("Block run completed");
    }

    @Test
    void aPipelineThatExitsNonZeroIsAFailureWithItsExitCodeAndMaskedOutput() {
        Tenant t = newWorkspace("pro");

        Response r = act(t, "elt-broken", "run_pipeline", Map.of("input", Map.of()));

        assertThat(r.status()).as(r.toString()).isEqualTo(502);
        assertThat(r.json().get("exitCode").asInt()).isEqualTo(1);
        assertThat(r.json().get("detail").asText()).isEqualTo("meltano run tap-broken target-jsonl exited 1");
        assertThat(r.json().get("outputTail").toString()).contains("Extractor failed").contains("password=***")
                .doesNotContain("hunter2");
        Map<String, Object> row = eventRow(r.json().get("traceId").asText());
        assertThat(row.get("status")).isEqualTo("error");
        assertThat(row.get("context").toString()).contains("Extractor failed").doesNotContain("hunter2");
    }

    @Test
    void aPipelinePastItsMaximumRuntimeIsKilledWithItsChildren() throws Exception {
        Tenant t = newWorkspace("pro");

        Response r = act(t, "elt-slow", "run_pipeline", Map.of("input", Map.of()));

        assertThat(r.status()).as(r.toString()).isEqualTo(504);
        assertThat(r.json().get("detail").asText()).contains("longer than 3 s").contains("killed with its children");
        long child = Long.parseLong(Files.readString(MELTANO_PROJECT.resolve("slow-child.pid")).trim());
        await().atMost(Duration.ofSeconds(5)).until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
    }
}
