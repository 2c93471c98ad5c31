package io.automators.connectors.reload;

import static io.automators.connectors.builtin.BuiltinRoutes.KAMELETS;
import static io.automators.connectors.builtin.BuiltinRoutes.KAMELET_SUFFIX;
import static io.automators.connectors.builtin.BuiltinRoutes.ROUTES;
import static io.automators.connectors.builtin.BuiltinRoutes.ROUTE_SUFFIX;

import io.automators.connectors.builtin.BuiltinOverlay;
import io.automators.connectors.builtin.KameletsProperties;
import io.automators.connectors.builtin.RoutesProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.springframework.stereotype.Component;

/**
 * Swaps in the route files and Kamelets that changed under {@code automators.routes.directory} and
 * {@code automators.kamelets.directory} (overlaying the jar's built-ins as at start). A changed route
 * file is parsed first (a file that does not parse touches nothing), then its routes are replaced:
 * Camel stops each old route gracefully, so an exchange in flight finishes on the version it started
 * with, while a new call to its {@code direct:} endpoint waits for the new consumer. A file whose routes
 * fail to start is rolled back to its last good content and reported. A changed Kamelet is parsed, its
 * template dropped, and the route files that use it are loaded again so they take the new template.
 */
@Component
class RouteFilesReload {

    private final CamelContext camel;
    private final RoutesProperties routes;
    private final KameletsProperties kamelets;
    private final ReloadStatus status;
    /** The last good content of each route file, by its path under the routes root, with the ids of its routes. */
    private final Map<String, Loaded> loaded = new HashMap<>();
    /** What each file held when it was last tried, good or not: a broken file is reported once per change. */
    private final Map<String, String> attempted = new HashMap<>();
    private final Map<String, String> kameletContent = new HashMap<>();
    private boolean started;
    private String stamp;

    private record Loaded(String location, String content, Set<String> routeIds) {}

    RouteFilesReload(CamelContext camel, RoutesProperties routes, KameletsProperties kamelets, ReloadStatus status) {
        this.camel = camel;
        this.routes = routes;
        this.kamelets = kamelets;
        this.status = status;
    }

    /** Compares the directories with what is loaded and swaps in what changed. */
    synchronized void check() {
        String now = DirectoryStamp.of(Path.of(routes.getDirectory())) + DirectoryStamp.of(Path.of(kamelets.getDirectory()));
        if (started && now.equals(stamp)) {
            return;
        }
        stamp = now;
        BuiltinOverlay routeFiles = BuiltinOverlay.resolve(ROUTES, Path.of(routes.getDirectory()), ROUTE_SUFFIX, true);
        BuiltinOverlay kameletFiles = BuiltinOverlay.resolve(KAMELETS, Path.of(kamelets.getDirectory()), KAMELET_SUFFIX, false);
        if (!started) {
            remember(routeFiles, kameletFiles);
            started = true;
            return;
        }
        Set<String> reloadForKamelets = new LinkedHashSet<>();
        Map<String, String> kameletsNow = new HashMap<>();
        for (BuiltinOverlay.File file : kameletFiles.files()) {
            String content = read(file);
            kameletsNow.put(file.path(), content);
            if (!content.equals(kameletContent.get(file.path()))) {
                String name = file.path().substring(0, file.path().length() - KAMELET_SUFFIX.length());
                kameletContent.put(file.path(), content);
                if (kameletChanged(file, content, name)) {
                    loaded.forEach((path, l) -> {
                        if (l.content().contains("kamelet:" + name)) {
                            reloadForKamelets.add(path);
                        }
                    });
                }
            }
        }
        kameletContent.keySet().retainAll(kameletsNow.keySet());

        Set<String> present = new HashSet<>();
        for (BuiltinOverlay.File file : routeFiles.files()) {
            present.add(file.path());
            String content = read(file);
            String tried = attempted.get(file.path());
            boolean changed = tried == null || !tried.equals(file.location() + "\n" + content);
            if (changed || reloadForKamelets.contains(file.path())) {
                attempted.put(file.path(), file.location() + "\n" + content);
                apply(file.path(), file.location(), content);
            }
        }
        for (String gone : new HashSet<>(loaded.keySet())) {
            if (!present.contains(gone)) {
                attempted.remove(gone);
                remove(gone);
            }
        }
    }

    /** At start: what BuiltinRoutes loaded, and which routes each file made. */
    private void remember(BuiltinOverlay routeFiles, BuiltinOverlay kameletFiles) {
        Map<String, Set<String>> idsByLocation = new HashMap<>();
        for (Route route : camel.getRoutes()) {
            Resource source = route.getSourceResource();
            if (source != null) {
                idsByLocation.computeIfAbsent(source.getLocation(), l -> new LinkedHashSet<>()).add(route.getRouteId());
            }
        }
        for (BuiltinOverlay.File file : routeFiles.files()) {
            String content = read(file);
            loaded.put(file.path(), new Loaded(file.location(), content, idsByLocation.getOrDefault(file.location(), Set.of())));
            attempted.put(file.path(), file.location() + "\n" + content);
        }
        kameletFiles.files().forEach(f -> kameletContent.put(f.path(), read(f)));
    }

    private void apply(String path, String location, String content) {
        Loaded before = loaded.get(path);
        Set<String> oldIds = before == null ? Set.of() : before.routeIds();
        RoutesLoader loader = PluginHelper.getRoutesLoader(camel);
        Set<String> declared;
        try {
            declared = declaredIds(loader, ResourceHelper.fromString(location, content));
        } catch (Exception e) {
            status.failed("route", path, "does not parse: " + message(e));
            return;
        }
        for (String id : declared) {
            if (camel.getRoute(id) != null && !oldIds.contains(id)) {
                status.failed("route", path, "route id " + id + " is already defined by another file");
                return;
            }
        }
        try {
            for (String id : oldIds) {
                if (!declared.contains(id)) {
                    removeRoute(id);
                }
            }
            Set<String> ids = loader.updateRoutes(List.of(ResourceHelper.fromString(location, content)));
            loaded.put(path, new Loaded(location, content, new LinkedHashSet<>(ids)));
            status.applied("route", path);
        } catch (Exception e) {
            rollBack(path, before, declared);
            status.failed("route", path, message(e));
        }
    }

    /** Puts the file's last good routes back after a failed swap. */
    private void rollBack(String path, Loaded before, Set<String> attempted) {
        try {
            for (String id : attempted) {
                if (before == null || !before.routeIds().contains(id)) {
                    removeRoute(id);
                }
            }
            if (before != null) {
                PluginHelper.getRoutesLoader(camel).updateRoutes(List.of(ResourceHelper.fromString(before.location(), before.content())));
            }
        } catch (Exception e) {
            status.failed("route", path, "rolling back failed too: " + message(e));
        }
    }

    private void remove(String path) {
        Loaded before = loaded.remove(path);
        try {
            for (String id : before.routeIds()) {
                removeRoute(id);
            }
            status.applied("route", path);
        } catch (Exception e) {
            status.failed("route", path, "its routes could not be removed: " + message(e));
        }
    }

    private boolean kameletChanged(BuiltinOverlay.File file, String content, String name) {
        try {
            // A Kamelet that does not parse leaves the template in use alone.
            PluginHelper.getRoutesLoader(camel).findRoutesBuilders(List.of(ResourceHelper.fromString(file.location(), content)));
            camel.getCamelContextExtension().getContextPlugin(Model.class).removeRouteTemplateDefinitions(name);
            status.applied("kamelet", file.path());
            return true;
        } catch (Exception e) {
            status.failed("kamelet", file.path(), "does not parse: " + message(e));
            return false;
        }
    }

    private void removeRoute(String id) throws Exception {
        if (camel.getRoute(id) != null) {
            camel.getRouteController().stopRoute(id);
            camel.removeRoute(id);
        }
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        RouteDefinition definition = model.getRouteDefinition(id);
        if (definition != null) {
            model.removeRouteDefinition(definition);
        }
    }

    /** The route ids a file declares, read without touching the running routes. */
    private Set<String> declaredIds(RoutesLoader loader, Resource resource) throws Exception {
        Set<String> ids = new LinkedHashSet<>();
        for (RoutesBuilder builder : loader.findRoutesBuilders(List.of(resource))) {
            if (builder instanceof RouteBuilder routeBuilder) {
                for (RouteDefinition route : routeBuilder.configureRoutes(camel).getRoutes()) {
                    if (route.getId() != null) {
                        ids.add(route.getId());
                    }
                }
            }
        }
        return ids;
    }

    private static String read(BuiltinOverlay.File file) {
        try (InputStream in = file.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String message(Throwable e) {
        Throwable root = e;
        StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && !text.toString().contains(root.getMessage())) {
            text.append(" (").append(root.getMessage()).append(')');
        }
        return text.length() > 1000 ? text.substring(0, 1000) + "…" : text.toString();
    }
}
