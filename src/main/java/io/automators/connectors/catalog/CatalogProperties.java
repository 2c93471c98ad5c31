package io.automators.connectors.catalog;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where the connector manifests are. */
@ConfigurationProperties("automators.catalog")
public class CatalogProperties {

    /** Directory of the connector manifests (one {@code <id>.yaml} each). */
    private String directory = "config/connectors";

    public String getDirectory() { return directory; }
    public void setDirectory(String directory) { this.directory = directory; }
}
