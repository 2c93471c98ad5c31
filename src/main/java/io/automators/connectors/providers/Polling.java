package io.automators.connectors.providers;

import com.fasterxml.jackson.databind.JsonNode;
import io.automators.connectors.failures.CallFailure;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Following a backend's long work (a StackStorm execution, an Airbyte job) to its end: asked again
 * every poll interval until it ended or the caller's wait is over. The thread waits in between,
 * interruptibly: a stopping runtime ends the wait, and the call fails saying so.
 */
public final class Polling {

    private Polling() {}

    /**
     * The work's last state once {@code ended} holds; {@code overdue} (given the last state) is thrown
     * when the wait is over first.
     */
    public static JsonNode until(JsonNode state, Predicate<JsonNode> ended, Supplier<JsonNode> ask, Duration wait,
            Duration interval, Function<JsonNode, CallFailure> overdue) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!ended.test(state)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw overdue.apply(state);
            }
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(interval.toNanos(), left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CallFailure.unavailable("the runtime stopped while following the work; it goes on at the backend", null);
            }
            state = ask.get();
        }
        return state;
    }
}
