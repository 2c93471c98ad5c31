package io.automators.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** CPU time of a process (and of its descendants) from /proc/<pid>/stat utime+stime, in milliseconds. */
final class ProcCpu {

    /** USER_HZ; Linux reports 100 on every architecture we run on. */
    static final long TICKS_PER_SECOND = Long.getLong("bench.clkTck", 100);

    private ProcCpu() {}

    static double cpuMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state=0 ppid=1 ... utime=11 stime=12 (fields 14 and 15 of stat(5))
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            return ticks * 1000.0 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * CPU time of the JVM's JIT compiler threads (C1/C2 CompilerThread*): a JVM still compiling its hot
     * path charges that work to every request measured meanwhile.
     */
    static double jitCpuMs(long pid) {
        double sum = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String comm = Files.readString(task.resolve("comm")).trim();
                    if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                        String stat = Files.readString(task.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        sum += (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000.0 / TICKS_PER_SECOND;
                    }
                } catch (IOException | RuntimeException e) {
                    // a compiler thread that just ended
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return sum;
    }

    /** The process and every live descendant (an embedded PostgreSQL and its backends, for the runtime). */
    static double treeCpuMs(long pid) {
        double sum = 0;
        for (long p : tree(pid)) {
            sum += cpuMs(p);
        }
        return sum;
    }

    /** The process tree plus the tree of the PostgreSQL whose postmaster.pid is given (pg_ctl detaches it from the JVM). */
    static double treeCpuMs(long pid, String postmasterPidFile) {
        double sum = treeCpuMs(pid);
        if (postmasterPidFile != null && !postmasterPidFile.isBlank()) {
            try {
                long pg = Long.parseLong(Files.readAllLines(Path.of(postmasterPidFile)).get(0).trim());
                if (!tree(pid).contains(pg)) {
                    sum += treeCpuMs(pg);
                }
            } catch (IOException | RuntimeException e) {
                // no PostgreSQL (yet)
            }
        }
        return sum;
    }

    static List<Long> tree(long pid) {
        List<Long> all = new ArrayList<>();
        all.add(pid);
        for (int i = 0; i < all.size(); i++) {
            long p = all.get(i);
            try (var tasks = Files.list(Path.of("/proc/" + p + "/task"))) {
                for (Path task : tasks.toList()) {
                    String children = Files.readString(task.resolve("children")).trim();
                    if (!children.isEmpty()) {
                        for (String c : children.split("\\s+")) {
                            all.add(Long.parseLong(c));
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // gone or not readable: counts as no children
            }
        }
        return all;
    }
}
