package io.automators.connectors.providers;

import io.automators.connectors.failures.CallFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * A backend that is a command (Meltano, a Singer tap): started in its directory with the runtime's
 * own settings taken out of its environment, its standard output handed line by line to the caller
 * (on the caller's thread, in order), its standard error kept as a tail. Past its maximum runtime, or
 * when the caller refuses a line, it is killed with all its children. The tail keeps the last lines,
 * each cut short, with anything that looks like a secret's value masked: it reaches answers and event rows.
 */
public final class BackendProcess {

    private static final int TAIL_LINES = 40;
    private static final int LINE_CHARS = 500;
    private static final Pattern SECRET = Pattern.compile(
            "(?i)((?:password|passwd|secret|token|api[_-]?key|authorization|credentials?)[\"']?\\s*[=:]\\s*[\"']?)[^\\s\"',}]+");
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "backend-process-watchdog");
        t.setDaemon(true);
        return t;
    });

    private BackendProcess() {}

    /** A line of standard output, handled; throwing ends the run (the process is killed). */
    @FunctionalInterface
    public interface Lines {
        void line(String line);
    }

    /** How the command ended: its exit code, the tail of its output and how long it ran. */
    public record Ended(int exitCode, List<String> tail, Duration took) {}

    /**
     * Runs the command to its end. {@code mergeOutput}: standard error joins standard output (Meltano
     * logs to both); otherwise only standard output goes to {@code lines} and standard error is the tail.
     */
    public static Ended run(String name, List<String> command, Path directory, Duration maxRuntime, boolean mergeOutput,
            Lines lines) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(mergeOutput);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        Map<String, String> env = builder.environment();
        // The runtime's own settings (keys, database passwords) are not the command's business.
        env.keySet().removeIf(k -> k.startsWith("AUTOMATORS_") || k.startsWith("SPRING_") || k.startsWith("OTEL_")
                || k.equals("DATABASE_URL"));
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw CallFailure.unavailable(name + " cannot be started (" + command.get(0) + "): " + e.getMessage(), null);
        }
        Deque<String> tail = new ArrayDeque<>();
        AtomicBoolean overdue = new AtomicBoolean();
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            overdue.set(true);
            killTree(process);
        }, maxRuntime.toMillis(), TimeUnit.MILLISECONDS);
        Thread stderr = null;
        if (!mergeOutput) {
            stderr = new Thread(() -> drain(process, tail), name + "-stderr");
            stderr.setDaemon(true);
            stderr.start();
        }
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (mergeOutput) {
                    keep(tail, line);
                }
                lines.line(line);
            }
            process.waitFor();
            if (stderr != null) {
                stderr.join(1000);
            }
        } catch (IOException e) {
            if (!overdue.get()) {
                killTree(process);
                throw CallFailure.vendorFailed(name + "'s output could not be read: " + e.getMessage(), null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            killTree(process);
            throw CallFailure.unavailable("the runtime stopped while " + name + " ran; it was killed", null);
        } catch (RuntimeException refused) {
            killTree(process);
            throw refused;
        } finally {
            watchdog.cancel(false);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        List<String> kept = snapshot(tail);
        if (overdue.get()) {
            throw new CallFailure(io.automators.connectors.failures.FailureKind.TIMEOUT, null, name + " ran longer than "
                    + maxRuntime.toSeconds() + " s and was killed with its children", Map.of("outputTail", kept), null);
        }
        return new Ended(process.exitValue(), kept, took);
    }

    private static void drain(Process process, Deque<String> tail) {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                keep(tail, line);
            }
        } catch (IOException e) {
            // The process ended or was killed: its tail is what was read.
        }
    }

    private static void keep(Deque<String> tail, String line) {
        String cut = line.length() > LINE_CHARS ? line.substring(0, LINE_CHARS) + "…" : line;
        String masked = SECRET.matcher(cut).replaceAll("$1***");
        synchronized (tail) {
            tail.addLast(masked);
            if (tail.size() > TAIL_LINES) {
                tail.removeFirst();
            }
        }
    }

    private static List<String> snapshot(Deque<String> tail) {
        synchronized (tail) {
            return new ArrayList<>(tail);
        }
    }

    /** The process and every descendant, at once: a tap's own children must not outlive it. */
    private static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
