package io.automators.connectors.mcp;

import io.automators.connectors.catalog.CatalogEntry;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which connectors' actions a session gets as tools: those the configuration allows
 * ({@code automators.mcp.connectors} / {@code .categories}), narrowed by the client's URL
 * ({@code /mcp?connectors=slack,postgresql&categories=database}). An empty set allows all.
 */
record ToolFilter(Set<String> connectors, Set<String> categories) {

    static final ToolFilter ALL = new ToolFilter(Set.of(), Set.of());

    static ToolFilter of(List<String> connectors, List<String> categories) {
        return new ToolFilter(normalized(connectors), normalized(categories));
    }

    /** The filter a request's query string asks for ({@code connectors}, {@code categories}: comma-separated, repeatable). */
    static ToolFilter ofQuery(String query) {
        Set<String> connectors = new LinkedHashSet<>();
        Set<String> categories = new LinkedHashSet<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
                List<String> values = Arrays.asList(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).split(","));
                if (name.equals("connectors")) {
                    connectors.addAll(normalized(values));
                } else if (name.equals("categories")) {
                    categories.addAll(normalized(values));
                }
            }
        }
        return new ToolFilter(Set.copyOf(connectors), Set.copyOf(categories));
    }

    /** This filter narrowed by another: a connector must pass both. */
    ToolFilter and(ToolFilter other) {
        return new ToolFilter(intersect(connectors, other.connectors), intersect(categories, other.categories));
    }

    boolean allows(CatalogEntry connector) {
        return (connectors.isEmpty() || connectors.contains(connector.id().toLowerCase(Locale.ROOT)))
                && (categories.isEmpty() || (connector.manifest().category() != null
                        && categories.contains(connector.manifest().category().toLowerCase(Locale.ROOT))));
    }

    private static Set<String> intersect(Set<String> a, Set<String> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        Set<String> both = new LinkedHashSet<>(a);
        both.retainAll(b);
        // Nothing in common allows nothing, not everything.
        return both.isEmpty() ? Set.of("") : Set.copyOf(both);
    }

    private static Set<String> normalized(List<String> values) {
        Set<String> set = new LinkedHashSet<>();
        if (values != null) {
            values.stream().map(String::strip).filter(v -> !v.isEmpty()).map(v -> v.toLowerCase(Locale.ROOT)).forEach(set::add);
        }
        return Set.copyOf(set);
    }
}
