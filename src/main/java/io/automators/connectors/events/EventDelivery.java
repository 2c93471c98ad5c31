package io.automators.connectors.events;

import java.util.List;

/**
 * Where the event writer takes the journal's events: into PostgreSQL ({@link PostgresEventStore}, the
 * {@code local} transport) or onto the event topic that every node's {@link EventTopicStore} consumes
 * ({@link KafkaEventPublisher}, the {@code kafka} transport).
 */
interface EventDelivery {

    /**
     * Delivers one batch, in order, or throws to have the whole batch tried again: a delivery must take
     * a repeated event as the same event (its UUID). {@code replayed}: some of them are the last run's.
     */
    void deliver(List<EventLogEntry> events, boolean replayed);

    /** How long after {@link #deliver} the journal must still keep the batch, until the delivery is surely durable. */
    long durabilityLagMs();

    /** What the writer's log lines call the destination. */
    String name();

    /** Called once the writer has stopped. */
    default void close() {}
}
