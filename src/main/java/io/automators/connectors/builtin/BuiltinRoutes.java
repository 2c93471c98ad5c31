package io.automators.connectors.builtin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Loads the Camel route files before Camel starts: the built-ins of the jar
 * ({@code classpath:builtin/routes/}, copied from {@code routes/} by pom.xml), overlaid by the files of
 * {@code automators.routes.directory} (see {@link BuiltinOverlay}: the same relative path replaces, each file
 * loads once, so no route id is defined twice). All files load in one go, route configurations
 * ({@code call-errors}, {@code decide-only}) before the routes that name them. Also logs which Kamelets
 * the directory overlays; Camel itself finds them through {@code camel.component.kamelet.location}.
 */
@Component
public class BuiltinRoutes implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BuiltinRoutes.class);
    public static final String ROUTES = "builtin/routes";
    public static final String ROUTE_SUFFIX = ".camel.yaml";
    public static final String KAMELETS = "builtin/kamelets";
    public static final String KAMELET_SUFFIX = ".kamelet.yaml";

    private final RoutesProperties routes;
    private final KameletsProperties kamelets;

    public BuiltinRoutes(RoutesProperties routes, KameletsProperties kamelets) {
        this.routes = routes;
        this.kamelets = kamelets;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        BuiltinOverlay files = BuiltinOverlay.resolve(ROUTES, Path.of(routes.getDirectory()), ROUTE_SUFFIX, true);
        List<Resource> resources = new ArrayList<>();
        try {
            for (BuiltinOverlay.File file : files.files()) {
                resources.add(ResourceHelper.resolveMandatoryResource(camel, file.location()));
            }
            PluginHelper.getRoutesLoader(camel).loadRoutes(resources);
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the route files (" + files.summary(path -> path) + "): "
                    + e.getMessage(), e);
        }
        log.info("Routes: {} files ({})", files.files().size(), files.summary(path -> path));
        BuiltinOverlay kameletFiles = BuiltinOverlay.resolve(KAMELETS, Path.of(kamelets.getDirectory()),
                KAMELET_SUFFIX, false);
        log.info("Kamelets: {} ({})", kameletFiles.files().size(),
                kameletFiles.summary(path -> path.substring(0, path.length() - KAMELET_SUFFIX.length())));
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // Nothing: the routes are in before the start.
    }
}
