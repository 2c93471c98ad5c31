package io.automators.connectors.databases;

import io.automators.connectors.credentials.Connections;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Closes the pools and clients held for a connection once the workspace removes it. */
@Component
class ClientEviction {

    private final SqlActions postgresql;
    private final SqlActions mysql;
    private final MongodbActions mongodb;
    private final RedisActions redis;

    ClientEviction(PostgresqlActions postgresql, MysqlActions mysql, MongodbActions mongodb, RedisActions redis) {
        this.postgresql = postgresql;
        this.mysql = mysql;
        this.mongodb = mongodb;
        this.redis = redis;
    }

    @EventListener
    void on(Connections.ConnectionRemoved removed) {
        String id = removed.connectionId().toString();
        postgresql.evict(id);
        mysql.evict(id);
        mongodb.evict(id);
        redis.evict(id);
    }
}
