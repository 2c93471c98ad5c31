package io.automators.connectors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files a test writes for the runtime to read (manifests and routes in the overlay directories). */
public final class TestFiles {

    private TestFiles() {}

    /** Writes {@code content} to {@code root/name}, creating the folders on the way. */
    public static void write(Path root, String name, String content) {
        try {
            Path file = root.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
