package io.automators.connectors.families.backend;

import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.families.ConnectorFamily;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The backend family: connectors whose actions only a waterfall backend runs — StackStorm's runbooks
 * and events, Airbyte's syncs, Meltano's pipelines, Singer's taps. They have no route of their own:
 * the backend's provider route is the Java that speaks the protocol, and the deployment's backend
 * settings hold the keys, so the connector takes no credentials (auth none) and every action is of a
 * backend's kind (not standard). Where the backend is not configured the call is unroutable (422),
 * saying which settings would route it.
 */
@Component
class BackendFamily implements ConnectorFamily {

    @Override
    public String name() { return "backend"; }

    @Override
    public List<String> check(ConnectorManifest manifest) {
        List<String> problems = new ArrayList<>();
        if (manifest.dialect() != null) {
            problems.add("a dialect is for the sql family only");
        }
        if (manifest.auth() != null && !"none".equals(manifest.auth().type())) {
            problems.add("a backend connector takes no credentials of its own (auth.type none): the backend's settings hold its keys");
        }
        if (manifest.actions() != null) {
            manifest.actions().forEach((name, action) -> {
                if ("standard".equals(action.kindOrDefault())) {
                    problems.add("action " + name + " is standard; a backend connector's actions are data_sync, elt or devops_event");
                }
            });
        }
        return problems;
    }
}
