package io.automators.connectors.reload;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the reloads did: the files that are broken now (each still served by its previous version),
 * the last changes, when the directories were last compared. Read by GET /api/v1/admin/reload-status;
 * counted in {@code automators.reload} (kind, outcome) and {@code automators.reload.broken}.
 */
@Component
public class ReloadStatus {

    private static final Logger log = LoggerFactory.getLogger(ReloadStatus.class);
    private static final int RECENT = 50;

    /** One reload of one file: kind (route, kamelet, manifests), its path, applied or failed, and why. */
    public record Change(String kind, String path, String outcome, String error, Instant at) {}

    private final MeterRegistry meters;
    private final Map<String, Change> broken = new TreeMap<>();
    private final Deque<Change> recent = new ArrayDeque<>();
    private volatile Instant lastCheck;
    private volatile boolean enabled;

    public ReloadStatus(MeterRegistry meters) {
        this.meters = meters;
        Gauge.builder("automators.reload.broken", this, s -> s.brokenCount())
                .description("Watched files that failed to reload; their previous versions keep serving").register(meters);
    }

    synchronized void applied(String kind, String path) {
        broken.remove(kind + ":" + path);
        record(new Change(kind, path, "applied", null, Instant.now()));
        log.info("Reloaded {} {}", kind, path);
    }

    synchronized void failed(String kind, String path, String error) {
        Change change = new Change(kind, path, "failed", error, Instant.now());
        broken.put(kind + ":" + path, change);
        record(change);
        log.warn("Reload of {} {} failed; the previous version keeps serving: {}", kind, path, error);
    }

    private void record(Change change) {
        recent.addFirst(change);
        while (recent.size() > RECENT) {
            recent.removeLast();
        }
        meters.counter("automators.reload", "kind", change.kind(), "outcome", change.outcome()).increment();
    }

    void checked(boolean enabled) {
        this.enabled = enabled;
        this.lastCheck = Instant.now();
    }

    synchronized int brokenCount() {
        return broken.size();
    }

    /** The status as the admin API shows it. */
    public synchronized Map<String, Object> view() {
        Map<String, Object> view = new java.util.LinkedHashMap<>();
        view.put("enabled", enabled);
        view.put("lastCheckAt", lastCheck == null ? null : lastCheck.toString());
        view.put("broken", List.copyOf(broken.values()));
        view.put("recent", new ArrayList<>(recent));
        return view;
    }
}
