package io.automators.connectors.catalog;

import java.util.List;

/**
 * What the families say of a manifest (families/FamilyCheck): the catalog checks a connector a
 * workspace registers with them without knowing the families (they depend on the catalog, not back).
 */
public interface FamilyRules {

    /** What the manifest's family cannot run; empty when it can. */
    List<String> problems(ConnectorManifest manifest);
}
