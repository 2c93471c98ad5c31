package io.automators.connectors.families;

import io.automators.connectors.catalog.ConnectorManifest;
import java.util.List;

/** A family as the catalog check sees it: its name in manifests, and what it asks of a manifest. */
public interface ConnectorFamily {

    /** The name a manifest's {@code family} gives. */
    String name();

    /** What is wrong with a manifest of this family; empty when nothing is. */
    List<String> check(ConnectorManifest manifest);

    /** The check of a database family without a dialect (mongodb, redis). */
    static List<String> checkDatabaseFamily(ConnectorManifest manifest) {
        return manifest.dialect() == null ? checkDatabaseFields(manifest) : List.of("a dialect is for the sql family only");
    }

    /** A database family takes the credential fields of {@link DatabaseEndpoint#KEYS} and no others. */
    static List<String> checkDatabaseFields(ConnectorManifest manifest) {
        return manifest.auth() == null ? List.of() : manifest.auth().credentialFields().stream()
                .filter(f -> !DatabaseEndpoint.KEYS.contains(f.name()))
                .map(f -> "credential field " + f.name() + " is not one the " + manifest.family()
                        + " family reads (" + new java.util.TreeSet<>(DatabaseEndpoint.KEYS) + ")")
                .toList();
    }
}
