package io.automators.connectors.security;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Edge security: who may call, and which tenant hosts may be reached. */
@ConfigurationProperties("automators.security")
public class SecurityProperties {

    /** Hosts ("name", "name:port", "ip" or "ip:port") that tenant connections may reach although they are internal. */
    private List<String> allowedHosts = new ArrayList<>();

    public List<String> getAllowedHosts() { return allowedHosts; }
    public void setAllowedHosts(List<String> allowedHosts) { this.allowedHosts = allowedHosts; }
}
