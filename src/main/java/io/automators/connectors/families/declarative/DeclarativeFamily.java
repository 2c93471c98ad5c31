package io.automators.connectors.families.declarative;

import com.fasterxml.jackson.databind.JsonNode;
import io.automators.connectors.catalog.ConnectorManifest;
import io.automators.connectors.catalog.ManifestTemplates;
import io.automators.connectors.families.ConnectorFamily;
import io.automators.connectors.security.GuardedDns;
import io.automators.connectors.security.HostGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Processor;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The declarative family: a connector described as data (rule 6, the Integuru slot) — its base URL,
 * how requests carry the credentials ({@code requestAuth}), and per action the request and the output
 * (docs/connectors.md, "Declarative connectors"). One route runs every such action
 * (routes/families/declarative.camel.yaml) with camel-http over a connection pool whose DNS is the host guard.
 */
@Configuration(proxyBeanMethods = false)
class DeclarativeFamily implements ConnectorFamily {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> SCHEMES = Set.of("none", "bearer", "basic", "header", "query");
    private static final Set<String> RESERVED_HEADERS = Set.of("authorization", "host", "content-length", "cookie",
            "transfer-encoding", "connection", "proxy-authorization");
    private static final Pattern TOKEN = Pattern.compile("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$");
    private static final Pattern PATH_FIELD = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    @Override
    public String name() { return "declarative"; }

    @Override
    public List<String> check(ConnectorManifest m) {
        List<String> problems = new ArrayList<>();
        if (m.baseUrl() == null || m.baseUrl().isBlank()) {
            problems.add("a declarative connector needs a baseUrl (a field of the connection in braces where the host is the tenant's)");
        }
        ConnectorManifest.RequestAuth auth = m.requestAuth();
        String scheme = auth == null || auth.scheme() == null ? "none" : auth.scheme();
        if (!SCHEMES.contains(scheme)) {
            problems.add("requestAuth.scheme must be one of " + SCHEMES);
        }
        if (m.auth() != null && m.auth().isOAuth2() && !"bearer".equals(scheme)) {
            problems.add("an oauth2 connector's requests carry its token: requestAuth.scheme bearer");
        }
        if (("header".equals(scheme) || "query".equals(scheme)) && (auth.name() == null || !TOKEN.matcher(auth.name()).matches())) {
            problems.add("requestAuth." + scheme + " needs the name the credential goes under");
        }
        if ("header".equals(scheme) && auth.name() != null && RESERVED_HEADERS.contains(auth.name().toLowerCase(Locale.ROOT))) {
            problems.add("requestAuth.name " + auth.name() + " is a header the runtime sets itself; use scheme bearer or basic");
        }
        for (String field : "basic".equals(scheme) ? List.of(nz(auth.username()), nz(auth.password()))
                : "none".equals(scheme) ? List.<String>of() : List.of(nz(auth.field()))) {
            boolean oauthToken = m.auth() != null && m.auth().isOAuth2() && "apiKey".equals(field);
            if (!oauthToken && (m.auth() == null || m.auth().credentialFields().stream().noneMatch(f -> f.name().equals(field)))) {
                problems.add("requestAuth names the credential field '" + field + "', which the connector does not declare");
            }
        }
        if (m.actions() != null) {
            m.actions().forEach((name, action) -> checkAction(name, action, problems));
        }
        return problems;
    }

    private static void checkAction(String name, ConnectorManifest.Action action, List<String> problems) {
        ConnectorManifest.Request request = action.request();
        if (request == null) {
            problems.add("action " + name + " needs a request (method and path)");
            return;
        }
        if (request.method() == null || !METHODS.contains(request.method().toUpperCase(Locale.ROOT))) {
            problems.add("action " + name + ": request.method must be one of " + METHODS);
        }
        if (request.path() == null || !request.path().startsWith("/") || request.path().contains("?")
                || request.path().contains("#")) {
            problems.add("action " + name + ": request.path starts with / and has no query (request.query holds it)");
        } else {
            Matcher fields = PATH_FIELD.matcher(request.path());
            JsonNode properties = action.input() == null ? null : action.input().path("properties");
            while (fields.find()) {
                if (properties == null || !properties.has(fields.group(1))) {
                    problems.add("action " + name + ": request.path names {" + fields.group(1) + "}, which its input does not declare");
                }
            }
        }
        if (request.headers() != null) {
            request.headers().keySet().forEach(header -> {
                if (!TOKEN.matcher(header).matches() || RESERVED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
                    problems.add("action " + name + ": request.headers may not set " + header);
                }
            });
        }
        for (JsonNode template : new JsonNode[] {request.body(), action.output()}) {
            for (String pointer : ManifestTemplates.pointers(template)) {
                if (!pointer.isEmpty() && !pointer.startsWith("/")) {
                    problems.add("action " + name + ": ${" + pointer + "} is not a JSON pointer");
                }
            }
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** The family's HTTP connections: pooled, bounded in time, resolved through the host guard. */
    @Bean(destroyMethod = "close")
    PoolingHttpClientConnectionManager declarativeConnections(HostGuard guard) {
        return PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedDns(guard))
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(10, TimeUnit.SECONDS)
                        .setSocketTimeout(30, TimeUnit.SECONDS).build())
                .setMaxConnTotal(200).setMaxConnPerRoute(20)
                .build();
    }

    @Bean Processor declarativeRequest(DeclarativeRequests requests) { return requests::request; }
    @Bean Processor declarativeOutput(DeclarativeRequests requests) { return requests::output; }
}
