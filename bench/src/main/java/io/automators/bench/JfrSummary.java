package io.automators.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a JFR recording's CPU samples (jdk.ExecutionSample) say: the hottest top frames (self time),
 * the hottest methods of our code and Camel's anywhere on the stack (inclusive time), and the share
 * of samples per package family. Same content as {@code jfr print --events jdk.ExecutionSample},
 * aggregated.
 */
public final class JfrSummary {

    private JfrSummary() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        int top = args.getInt("top", 15);
        List<RecordedEvent> events = RecordingFile.readAllEvents(Path.of(args.get("file")));
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> family = new HashMap<>();
        Map<String, Integer> owner = new HashMap<>();
        Map<String, Integer> ownerFamily = new HashMap<>();
        int samples = 0;
        for (RecordedEvent e : events) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            self.merge(name(frames.get(0)), 1, Integer::sum);
            // Self time charged to the nearest non-JDK frame: which library (or which of our methods) spends it.
            for (RecordedFrame f : frames) {
                String cls = f.getMethod().getType().getName();
                if (!(cls.startsWith("java.") || cls.startsWith("jdk.") || cls.startsWith("sun.") || cls.startsWith("com.sun."))) {
                    owner.merge(name(f), 1, Integer::sum);
                    ownerFamily.merge(family(cls), 1, Integer::sum);
                    break;
                }
            }
            Set<String> seen = new HashSet<>();
            Set<String> families = new HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f);
                String cls = f.getMethod().getType().getName();
                if ((cls.startsWith("io.automators") || cls.startsWith("org.apache.camel") || cls.startsWith("com.networknt")
                        || cls.startsWith("org.springframework.jdbc") || cls.startsWith("com.fasterxml")) && seen.add(n)) {
                    inclusive.merge(n, 1, Integer::sum);
                }
                families.add(family(cls));
            }
            families.forEach(f -> family.merge(f, 1, Integer::sum));
        }
        System.out.println("JFR " + args.get("file") + ": " + samples + " execution samples");
        print("Top frames (self)", self, samples, top);
        print("Hottest methods of ours / Camel / JSON / JDBC (inclusive)", inclusive, samples, top);
        print("Self time charged to the nearest non-JDK frame, by package family", ownerFamily, samples, 20);
        print("Self time charged to the nearest non-JDK frame, by method", owner, samples, 25);
        print("Samples by package family (inclusive; a sample counts once per family)", family, samples, 20);
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static String family(String cls) {
        for (String p : new String[] {"io.automators", "org.apache.camel", "org.apache.hc", "org.apache.catalina",
                "org.apache.coyote", "org.apache.tomcat", "org.springframework.web", "org.springframework.security",
                "org.springframework", "com.fasterxml.jackson", "com.networknt", "org.postgresql", "com.zaxxer",
                "io.micrometer", "ch.qos.logback", "org.slf4j", "sun.nio", "java.util.regex", "java", "jdk", "sun"}) {
            if (cls.startsWith(p)) {
                return p;
            }
        }
        int dot = cls.indexOf('.', cls.indexOf('.') + 1);
        return dot < 0 ? cls : cls.substring(0, dot);
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int top) {
        System.out.println("\n" + title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey()));
    }
}
