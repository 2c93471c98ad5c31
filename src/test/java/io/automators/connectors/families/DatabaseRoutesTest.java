package io.automators.connectors.families;

import static io.automators.connectors.families.DatabaseTestSupport.freePort;
import static io.automators.connectors.families.DatabaseTestSupport.limits;
import static io.automators.connectors.families.DatabaseTestSupport.localGuard;
import static org.assertj.core.api.Assertions.assertThat;

import io.automators.connectors.catalog.CatalogProperties;
import io.automators.connectors.catalog.ConnectorCatalog;
import io.automators.connectors.exchange.ExchangeNames;
import io.automators.connectors.failures.CallFailure;
import io.automators.connectors.families.mongodb.MongodbFamily;
import io.automators.connectors.families.redis.RedisFamily;
import io.automators.connectors.families.sql.SqlFamily;
import io.automators.connectors.observability.DownstreamSpans;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import redis.embedded.RedisServer;

/**
 * The four route files, loaded by Camel's YAML DSL as the runtime loads them, with the families'
 * processors under their names: the ids and endpoints are the ones the catalog derives, and the
 * exchange's credentials, connection id and connector id reach the family.
 */
class DatabaseRoutesTest {

    static RedisServer redis;
    static int redisPort;
    static CamelContext camel;
    static SqlFamily sql;
    static MongodbFamily mongodb;
    static RedisFamily redisActions;

    @BeforeAll
    static void start() throws Exception {
        redisPort = freePort();
        redis = RedisServer.newRedisServer().port(redisPort).bind("127.0.0.1").build();
        redis.start();
        CatalogProperties catalogProperties = new CatalogProperties();
        ConnectorCatalog catalog = new ConnectorCatalog(catalogProperties, new StandardEnvironment());
        sql = new SqlFamily(localGuard(), limits(30, 1000), catalog);
        mongodb = new MongodbFamily(localGuard(), limits(30, 1000));
        redisActions = new RedisFamily(localGuard());
        camel = new DefaultCamelContext();
        DownstreamSpans spans = new DownstreamSpans(OpenTelemetry.noop().getTracer("test"));
        camel.getRegistry().bind("sqlExecuteQuery", (Processor) sql::executeQuery);
        camel.getRegistry().bind("sqlListTables", (Processor) sql::listTables);
        camel.getRegistry().bind("mongodbFind", FamilyAction.step(spans.database("mongodb", "find"), mongodb::find));
        camel.getRegistry().bind("mongodbInsert", FamilyAction.step(spans.database("mongodb", "insert"), mongodb::insert));
        camel.getRegistry().bind("redisGet", FamilyAction.step(spans.database("redis", "get"), redisActions::get));
        camel.getRegistry().bind("redisSet", FamilyAction.step(spans.database("redis", "set"), redisActions::set));
        for (String connector : List.of("postgresql", "mysql", "mongodb", "redis")) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(camel, "file:routes/connectors/" + connector + ".camel.yaml"));
        }
        camel.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        for (AutoCloseable bean : new AutoCloseable[] {
                sql == null ? null : sql::close,
                mongodb == null ? null : mongodb::close, redisActions == null ? null : redisActions::close}) {
            if (bean != null) {
                bean.close();
            }
        }
        if (redis != null) {
            redis.stop();
        }
    }

    @Test
    void everyActionHasItsRouteWithADescription() {
        assertThat(camel.getRoutes().stream().map(Route::getId)).containsExactlyInAnyOrder(
                "postgresql-execute-query", "postgresql-list-tables", "mysql-execute-query", "mysql-list-tables",
                "mongodb-find", "mongodb-insert", "redis-get", "redis-set");
        for (Route route : camel.getRoutes()) {
            assertThat(route.getEndpoint().getEndpointUri()).isEqualTo("direct://" + route.getId());
            assertThat(route.getDescription()).isNotBlank();
        }
    }

    @Test
    void redisSetAndGetThroughTheRoutes() {
        Map<String, String> credentials = Map.of("host", "127.0.0.1", "port", String.valueOf(redisPort));

        Exchange set = call("direct:redis-set", credentials, Map.of("key", "route-key", "value", "v1"));
        Exchange get = call("direct:redis-get", credentials, Map.of("key", "route-key"));

        assertThat(set.getException()).isNull();
        assertThat(set.getMessage().getBody()).isEqualTo(Map.of("key", "route-key", "ok", true));
        assertThat(get.getMessage().getBody()).isEqualTo(Map.of("key", "route-key", "value", "v1"));
    }

    @Test
    void aCallFailureFromTheFamilyFailsTheExchange() {
        Exchange find = call("direct:mongodb-find", Map.of("host", "127.0.0.1", "database", "d"),
                Map.of("collection", "c", "filter", Map.of("$where", "true")));

        assertThat(find.getException()).isInstanceOf(CallFailure.class).hasMessageContaining("$where");
    }

    private static Exchange call(String uri, Map<String, String> credentials, Map<String, Object> input) {
        ProducerTemplate template = camel.createProducerTemplate();
        return template.send(uri, exchange -> {
            exchange.getIn().setBody(input);
            exchange.setProperty(ExchangeNames.CREDENTIALS, credentials);
            exchange.setProperty(ExchangeNames.CONNECTION_ID, "route-test");
            exchange.setProperty(ExchangeNames.CONNECTOR_ID, uri.substring("direct:".length(), uri.indexOf('-')));
        });
    }
}
