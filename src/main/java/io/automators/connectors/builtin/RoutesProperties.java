package io.automators.connectors.builtin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where an integrator's Camel route files are: they overlay the built-in routes of the jar. */
@ConfigurationProperties("automators.routes")
public class RoutesProperties {

    /**
     * Directory of route files ({@code **}{@code /*.camel.yaml}, subdirectories included). A file with the
     * relative path of a built-in one ({@code connectors/slack.camel.yaml}) replaces it; any other is added.
     * A missing directory: the built-in routes only.
     */
    private String directory = "routes";

    public String getDirectory() { return directory; }
    public void setDirectory(String directory) { this.directory = directory; }
}
