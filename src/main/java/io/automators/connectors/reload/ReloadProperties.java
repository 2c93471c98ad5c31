package io.automators.connectors.reload;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Reloading the route, Kamelet and manifest directories in a running server. */
@ConfigurationProperties("automators.reload")
public class ReloadProperties {

    /** Watch the directories and swap in what changed (off: files are read at start only). */
    private boolean enabled = true;
    /** How often the directories are compared with what is loaded. */
    private Duration interval = Duration.ofSeconds(2);

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Duration getInterval() { return interval; }
    public void setInterval(Duration interval) { this.interval = interval; }
}
