package io.automators.connectors.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where the runtime keeps its own state when no external database is configured. */
@ConfigurationProperties("automators")
public class StorageProperties {

    /** Directory of the embedded PostgreSQL, the generated admin token, crypto key and first-run credentials. */
    private String dataDir = "./data";

    /** The admin token; unset means generated on first start into {@code <data-dir>/admin-token}. */
    private String adminToken;

    /** Embedded PostgreSQL, used when spring.datasource.url (DATABASE_URL) is unset. */
    private final EmbeddedPostgres embeddedPostgres = new EmbeddedPostgres();

    public String getDataDir() { return dataDir; }
    public void setDataDir(String dataDir) { this.dataDir = dataDir; }
    public String getAdminToken() { return adminToken; }
    public void setAdminToken(String adminToken) { this.adminToken = adminToken; }
    public EmbeddedPostgres getEmbeddedPostgres() { return embeddedPostgres; }

    public static class EmbeddedPostgres {
        /** Port of the embedded PostgreSQL; 0 picks a free one (tests). */
        private int port = 15432;
        /** Create the demo database and role used by the README quickstart. */
        private boolean demoDatabase = true;

        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public boolean isDemoDatabase() { return demoDatabase; }
        public void setDemoDatabase(boolean demoDatabase) { this.demoDatabase = demoDatabase; }
    }
}
