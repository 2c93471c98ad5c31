package io.automators.connectors.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.stream.Stream;

/**
 * What a directory looks like without reading its files: each file's path, size and modification time.
 * A reload reads and compares contents only when this changed, so a quiet directory costs one walk per
 * check (the jar's built-ins never change while the runtime runs).
 */
final class DirectoryStamp {

    private DirectoryStamp() {}

    static String of(Path directory) {
        if (!Files.isDirectory(directory)) {
            return "none";
        }
        StringBuilder stamp = new StringBuilder();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : walk.sorted().toList()) {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                if (attributes.isRegularFile()) {
                    stamp.append(directory.relativize(file)).append('|').append(attributes.size()).append('|')
                            .append(attributes.lastModifiedTime().toInstant()).append('\n');
                }
            }
        } catch (IOException e) {
            // A file that went away during the walk: the next check sees the directory settled.
            return "unreadable " + System.nanoTime();
        }
        return stamp.toString();
    }
}
