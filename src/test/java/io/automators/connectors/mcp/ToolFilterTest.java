package io.automators.connectors.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which connectors' tools a session gets: the configuration's, narrowed by the client's URL. */
class ToolFilterTest {

    @Test
    void readsCommaSeparatedAndRepeatedQueryParameters() {
        ToolFilter filter = ToolFilter.ofQuery("connectors=postgresql,%20Slack&categories=database&connectors=jira&other=x");
        assertThat(filter.connectors()).containsExactlyInAnyOrder("postgresql", "slack", "jira");
        assertThat(filter.categories()).containsExactly("database");
        assertThat(ToolFilter.ofQuery(null)).isEqualTo(ToolFilter.ALL);
    }

    @Test
    void theUrlNarrowsTheConfigurationAndNeverWidensIt() {
        ToolFilter configured = ToolFilter.of(List.of("postgresql", "slack"), List.of());
        assertThat(configured.and(ToolFilter.ALL).connectors()).containsExactlyInAnyOrder("postgresql", "slack");
        assertThat(configured.and(ToolFilter.ofQuery("connectors=slack,jira")).connectors()).containsExactly("slack");
        // Nothing in common allows nothing, not everything.
        assertThat(configured.and(ToolFilter.ofQuery("connectors=jira")).connectors()).isNotEmpty().doesNotContain("jira", "slack");
        assertThat(ToolFilter.ALL.and(ToolFilter.ofQuery("categories=crm")).categories()).isEqualTo(Set.of("crm"));
    }
}
