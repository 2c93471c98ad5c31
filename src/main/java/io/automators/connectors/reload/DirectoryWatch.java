package io.automators.connectors.reload;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Compares the watched directories with what is loaded every {@code automators.reload.interval}, once
 * Camel has started, on one thread of its own: manifests first (a new connector's routes may follow
 * in the same round), then Kamelets and routes. Comparing contents (not change events) keeps it right
 * on any file system, a mounted volume included.
 */
@Component
class DirectoryWatch implements CamelContextConfiguration, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DirectoryWatch.class);

    private final ReloadProperties properties;
    private final ManifestsReload manifests;
    private final RouteFilesReload routes;
    private final ReloadStatus status;
    private ScheduledExecutorService timer;

    DirectoryWatch(ReloadProperties properties, ManifestsReload manifests, RouteFilesReload routes, ReloadStatus status) {
        this.properties = properties;
        this.manifests = manifests;
        this.routes = routes;
        this.status = status;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        // Nothing: the files are loaded by BuiltinRoutes and the catalog.
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        status.checked(properties.isEnabled());
        if (!properties.isEnabled()) {
            return;
        }
        check(); // what is loaded now is the baseline
        long every = Math.max(100, properties.getInterval().toMillis());
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "automators-reload");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
        log.info("Reload: watching the connectors, routes and Kamelets directories every {} ms", every);
    }

    private void check() {
        try {
            manifests.check();
            routes.check();
        } catch (RuntimeException e) {
            log.error("Reload check failed", e);
        } finally {
            status.checked(true);
        }
    }

    @Override
    public void destroy() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
