package io.automators.connectors.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The files of one kind (connector manifests, route files, Kamelets): the built-ins shipped in the jar
 * under {@code classpath:builtin/<kind>/} (pom.xml copies them there), overlaid by the files of a
 * directory. A file is known by its path relative to its root ({@code slack.yaml},
 * {@code connectors/slack.camel.yaml}): a directory file with the path of a built-in replaces it, any
 * other directory file is added, and every path is loaded once — from the directory when it has it.
 * A missing directory leaves the built-ins alone; hidden files and directories ({@code .name}) are skipped.
 */
public final class BuiltinOverlay {

    /** Where a file to load comes from. */
    public enum Source {
        /** Only in the jar. */
        BUILTIN,
        /** In the directory, byte for byte the built-in of the same path (the repository's own files). */
        IDENTICAL,
        /** In the directory, different from the built-in of the same path, which it replaces. */
        REPLACES,
        /** Only in the directory. */
        ADDED
    }

    /**
     * One file to load: its path relative to its root ({@code /}-separated), its location
     * ({@code classpath:builtin/…} or {@code file:/…}, as Camel and Spring resolve them) and where it comes from.
     */
    public record File(String path, String location, Source source, Resource resource) {
        public InputStream open() throws IOException {
            return resource.getInputStream();
        }
    }

    private final int builtins;
    private final Path directory;
    private final boolean directoryExists;
    private final List<File> files;

    private BuiltinOverlay(int builtins, Path directory, boolean directoryExists, List<File> files) {
        this.builtins = builtins;
        this.directory = directory;
        this.directoryExists = directoryExists;
        this.files = List.copyOf(files);
    }

    /**
     * The files ending in {@code suffix} under the class-path root {@code builtinRoot} (none when null)
     * and under {@code directory}, subdirectories included when {@code recursive}.
     */
    public static BuiltinOverlay resolve(String builtinRoot, Path directory, String suffix, boolean recursive) {
        Map<String, Resource> builtin = builtinRoot == null ? Map.of() : builtins(builtinRoot, suffix, recursive);
        Path dir = directory.toAbsolutePath().normalize();
        boolean exists = Files.isDirectory(dir);
        Map<String, File> merged = new TreeMap<>();
        builtin.forEach((path, resource) -> merged.put(path,
                new File(path, "classpath:" + builtinRoot + "/" + path, Source.BUILTIN, resource)));
        if (exists) {
            for (Path file : directoryFiles(dir, suffix, recursive)) {
                String path = dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                Resource resource = new FileSystemResource(file);
                Resource original = builtin.get(path);
                Source source = original == null ? Source.ADDED
                        : Arrays.equals(bytes(original), bytes(resource)) ? Source.IDENTICAL : Source.REPLACES;
                merged.put(path, new File(path, "file:" + file, source, resource));
            }
        }
        return new BuiltinOverlay(builtin.size(), dir, exists, new ArrayList<>(merged.values()));
    }

    /** The files to load, each path once, in path order. */
    public List<File> files() {
        return files;
    }

    /** The directory, absolute. */
    public Path directory() {
        return directory;
    }

    /**
     * Which file came from where, for the start log, naming files by {@code name}: {@code 5 built-in;
     * from /srv/config/connectors: slack replaces the built-in, acme added, 4 identical to their built-ins}.
     */
    public String summary(Function<String, String> name) {
        String head = builtins + " built-in; ";
        if (!directoryExists) {
            return head + "no directory " + directory;
        }
        List<String> parts = new ArrayList<>();
        files.stream().filter(f -> f.source() == Source.REPLACES)
                .forEach(f -> parts.add(name.apply(f.path()) + " replaces the built-in"));
        files.stream().filter(f -> f.source() == Source.ADDED).forEach(f -> parts.add(name.apply(f.path()) + " added"));
        long identical = files.stream().filter(f -> f.source() == Source.IDENTICAL).count();
        if (identical == 1) {
            parts.add("1 identical to its built-in");
        } else if (identical > 1) {
            parts.add(identical + " identical to their built-ins");
        }
        return head + "from " + directory + ": " + (parts.isEmpty() ? "no files" : String.join(", ", parts));
    }

    private static Map<String, Resource> builtins(String root, String suffix, boolean recursive) {
        String pattern = "classpath*:" + root + "/" + (recursive ? "**/" : "") + "*" + suffix;
        Map<String, Resource> found = new TreeMap<>();
        try {
            for (Resource resource : new PathMatchingResourcePatternResolver(BuiltinOverlay.class.getClassLoader())
                    .getResources(pattern)) {
                if (!resource.isReadable()) {
                    continue;
                }
                String url = resource.getURL().toString();
                String path = URLDecoder.decode(url.substring(url.lastIndexOf(root + "/") + root.length() + 1)
                        .replace("+", "%2B"), StandardCharsets.UTF_8);
                // The first on the class path wins, as a plain classpath: lookup would.
                found.putIfAbsent(path, resource);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the built-in files " + pattern, e);
        }
        return found;
    }

    private static List<Path> directoryFiles(Path dir, String suffix, boolean recursive) {
        try (Stream<Path> files = recursive ? Files.walk(dir) : Files.list(dir)) {
            // Hidden files and directories are skipped: editors' copies, and the ..data links of a mounted ConfigMap.
            return files.filter(f -> f.getFileName().toString().endsWith(suffix) && Files.isRegularFile(f))
                    .filter(f -> !hidden(dir.relativize(f)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static boolean hidden(Path relative) {
        for (Path segment : relative) {
            if (segment.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static byte[] bytes(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
