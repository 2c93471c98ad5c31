package io.automators.connectors.events;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Processor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The event pipeline's steps on a call's route, as processors the routes name with
 * {@code process: ref}: called directly, where a {@code bean} step binds the method by reflection
 * on every call (bench/).
 */
@Configuration(proxyBeanMethods = false)
class EventTapSteps {

    @Bean Processor finishCall(ActionEvents events) { return events::finish; }
    @Bean Processor enqueueEventLog(EventLogWriter writer) { return writer::enqueueActionCall; }

    /**
     * The executor of the event-log wire-tap: the tap's only work is a non-blocking enqueue (the
     * batch writer does the database write on its own thread), so it runs on the caller's thread;
     * handing it to a pool thread cost more than the enqueue itself (bench/). The wire-tap still
     * works on a copy of the exchange, so the tap can never change the caller's answer.
     */
    @Bean
    ExecutorService eventTapExecutor() {
        return new CallerThreadExecutor();
    }

    static final class CallerThreadExecutor extends AbstractExecutorService {
        private volatile boolean shutdown;

        @Override public void execute(Runnable command) { command.run(); }
        @Override public void shutdown() { shutdown = true; }
        @Override public List<Runnable> shutdownNow() { shutdown = true; return List.of(); }
        @Override public boolean isShutdown() { return shutdown; }
        @Override public boolean isTerminated() { return shutdown; }
        @Override public boolean awaitTermination(long timeout, TimeUnit unit) { return true; }
    }
}
