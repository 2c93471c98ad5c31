package io.automators.connectors.families;

import io.automators.connectors.catalog.CatalogEntry;
import io.automators.connectors.catalog.ConnectorCatalog;
import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.catalog.FamilyRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * At start, every manifest names a family the runtime has, and gives what that family needs (a
 * dialect for sql; only the database fields for sql, mongodb and redis). The runtime refuses to
 * start otherwise, naming each problem, instead of failing the first call.
 */
@Component
class FamilyCheck implements InitializingBean, FamilyRules {

    private final ConnectorCatalog catalog;
    private final Map<String, ConnectorFamily> families = new TreeMap<>();

    FamilyCheck(ConnectorCatalog catalog, List<ConnectorFamily> families) {
        this.catalog = catalog;
        families.forEach(f -> this.families.put(f.name(), f));
    }

    @Override
    public void afterPropertiesSet() {
        List<String> problems = new ArrayList<>();
        for (CatalogEntry entry : catalog.all()) {
            ConnectorFamily family = families.get(entry.manifest().family());
            if (family == null) {
                problems.add(entry.id() + ": family " + entry.manifest().family() + " is not one of " + families.keySet());
                continue;
            }
            family.check(entry.manifest()).forEach(p -> problems.add(entry.id() + ": " + p));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("connector manifests the families cannot run:\n  " + String.join("\n  ", problems));
        }
    }

    @Override
    public List<String> problems(ConnectorManifest manifest) {
        ConnectorFamily family = families.get(manifest.family());
        return family == null ? List.of("family " + manifest.family() + " is not one of " + families.keySet())
                : family.check(manifest);
    }
}
