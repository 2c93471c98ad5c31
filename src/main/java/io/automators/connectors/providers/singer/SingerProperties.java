package io.automators.connectors.providers.singer;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Singer taps load their records ({@code automators.providers.singer.target.*}): a PostgreSQL
 * database and schema of the operator's, never the runtime's own. Unset, the embedded PostgreSQL's
 * database {@code singer} is used (created at first use). The taps themselves and their config
 * directory are backend settings ({@code automators.providers.singer.taps.<name>}, {@code .working-directory}).
 */
@ConfigurationProperties("automators.providers.singer.target")
public class SingerProperties {

    /** JDBC URL of the target database (PostgreSQL); unset: the embedded server's database "singer". */
    private String url;
    private String username;
    private String password;
    /** The schema of the stream tables and of the taps' bookmarks (_singer_state). */
    private String schema = "singer";
    /** Records inserted per JDBC batch. */
    private int batchSize = 500;

    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public String getSchema() { return schema; }
    public void setSchema(String schema) { this.schema = schema; }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
}
