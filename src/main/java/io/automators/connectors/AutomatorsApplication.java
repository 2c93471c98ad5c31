package io.automators.connectors;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The connector runtime: HTTP action calls, the waterfall, Camel connector routes and the event pipeline. */
// The database connectors build their own per-tenant clients; Spring Boot's default Mongo client is not wanted.
@SpringBootApplication(exclude = {MongoAutoConfiguration.class})
@ConfigurationPropertiesScan
public class AutomatorsApplication {

    public static void main(String[] args) {
        SpringApplication.run(AutomatorsApplication.class, args);
    }
}
