package io.automators.connectors.catalog;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where the connector manifests are, and the limits of the connectors workspaces register. */
@ConfigurationProperties("automators.catalog")
public class CatalogProperties {

    /**
     * Directory of connector manifests (one {@code <id>.yaml} each) that overlay the built-ins of the jar:
     * an id of a built-in replaces it, another id is added; missing: the built-in connectors only.
     */
    private String directory = "config/connectors";

    private final Custom custom = new Custom();

    public String getDirectory() { return directory; }
    public void setDirectory(String directory) { this.directory = directory; }
    public Custom getCustom() { return custom; }

    /** The connectors a workspace registers (POST /api/v1/connectors). */
    public static class Custom {
        /** How old a node's copy of a workspace's custom connectors may get before it reads them again. */
        private Duration refresh = Duration.ofSeconds(2);
        /** The largest OpenAPI document accepted, uploaded or fetched. */
        private long maxDocumentBytes = 5L * 1024 * 1024;
        /** Connectors per workspace. */
        private int maxConnectors = 200;
        /** Versions kept per connector. */
        private int maxVersions = 100;

        public Duration getRefresh() { return refresh; }
        public void setRefresh(Duration refresh) { this.refresh = refresh; }
        public long getMaxDocumentBytes() { return maxDocumentBytes; }
        public void setMaxDocumentBytes(long maxDocumentBytes) { this.maxDocumentBytes = maxDocumentBytes; }
        public int getMaxConnectors() { return maxConnectors; }
        public void setMaxConnectors(int maxConnectors) { this.maxConnectors = maxConnectors; }
        public int getMaxVersions() { return maxVersions; }
        public void setMaxVersions(int maxVersions) { this.maxVersions = maxVersions; }
    }
}
