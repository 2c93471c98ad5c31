package io.automators.connectors.builtin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where an integrator's Kamelets are. Camel looks them up by name in
 * {@code camel.component.kamelet.location}, which application.yaml sets to this directory first, then the
 * built-ins of the jar: a {@code <name>.kamelet.yaml} here replaces the built-in Kamelet of that name.
 */
@ConfigurationProperties("automators.kamelets")
public class KameletsProperties {

    /** Directory of Kamelets ({@code <name>.kamelet.yaml}); missing: the built-in Kamelets only. */
    private String directory = "kamelets";

    public String getDirectory() { return directory; }
    public void setDirectory(String directory) { this.directory = directory; }
}
