package io.automators.connectors.catalog;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where the connector manifests are. */
@ConfigurationProperties("automators.catalog")
public class CatalogProperties {

    /**
     * Directory of connector manifests (one {@code <id>.yaml} each) that overlay the built-ins of the jar:
     * an id of a built-in replaces it, another id is added; missing: the built-in connectors only.
     */
    private String directory = "config/connectors";

    public String getDirectory() { return directory; }
    public void setDirectory(String directory) { this.directory = directory; }
}
