package io.automators.connectors.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.automators.connectors.builtin.BuiltinOverlay.File;
import io.automators.connectors.builtin.BuiltinOverlay.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The overlay rule on the real built-in routes of the class path (pom.xml copies routes/ to
 * builtin/routes/): the same relative path replaces, other files are added, each path loads once.
 */
class BuiltinOverlayTest {

    private static final Path REPOSITORY_ROUTES = Path.of("routes");

    @TempDir
    Path dir;

    @Test
    void shipsEveryRouteFileOfTheRepositoryAsABuiltIn() throws IOException {
        BuiltinOverlay overlay = resolve(dir.resolve("missing"));

        assertThat(overlay.files()).extracting(File::path).containsExactlyElementsOf(repositoryRouteFiles());
        assertThat(overlay.files()).allSatisfy(f -> {
            assertThat(f.source()).isEqualTo(Source.BUILTIN);
            assertThat(f.location()).isEqualTo("classpath:builtin/routes/" + f.path());
        });
        assertThat(overlay.files()).extracting(File::path)
                .contains("errors.camel.yaml", "waterfall.camel.yaml", "connectors/slack.camel.yaml");
        assertThat(overlay.summary(Function.identity()))
                .isEqualTo(repositoryRouteFiles().size() + " built-in; no directory " + dir.resolve("missing"));
    }

    @Test
    void replacesTheBuiltInOfTheSamePathAddsTheOthersAndLoadsEachPathOnce() throws IOException {
        write("connectors/slack.camel.yaml", "- route: { id: slack-send-message, from: { uri: direct:x, steps: [] } }\n");
        Files.createDirectories(dir);
        Files.copy(REPOSITORY_ROUTES.resolve("errors.camel.yaml"), dir.resolve("errors.camel.yaml"));
        write("extra/acme.camel.yaml", "- route: { id: acme-ping, from: { uri: direct:acme-ping, steps: [] } }\n");
        write(".hidden/copy.camel.yaml", "not loaded");
        write("notes.md", "not a route file");

        BuiltinOverlay overlay = resolve(dir);

        Map<String, File> byPath = overlay.files().stream().collect(Collectors.toMap(File::path, f -> f));
        assertThat(overlay.files()).hasSize(repositoryRouteFiles().size() + 1);
        assertThat(byPath.get("connectors/slack.camel.yaml").source()).isEqualTo(Source.REPLACES);
        assertThat(byPath.get("connectors/slack.camel.yaml").location())
                .isEqualTo("file:" + dir.resolve("connectors/slack.camel.yaml"));
        assertThat(byPath.get("errors.camel.yaml").source()).isEqualTo(Source.IDENTICAL);
        assertThat(byPath.get("errors.camel.yaml").location()).startsWith("file:");
        assertThat(byPath.get("extra/acme.camel.yaml").source()).isEqualTo(Source.ADDED);
        assertThat(byPath.get("waterfall.camel.yaml").source()).isEqualTo(Source.BUILTIN);
        assertThat(byPath).doesNotContainKeys(".hidden/copy.camel.yaml", "notes.md");
        assertThat(overlay.summary(Function.identity())).isEqualTo(repositoryRouteFiles().size() + " built-in; from "
                + dir + ": connectors/slack.camel.yaml replaces the built-in, extra/acme.camel.yaml added,"
                + " 1 identical to its built-in");
    }

    @Test
    void loadsTheRepositoryDirectoryOnceWhenItEqualsTheBuiltIns() throws IOException {
        BuiltinOverlay overlay = resolve(REPOSITORY_ROUTES);

        assertThat(overlay.files()).extracting(File::path).containsExactlyElementsOf(repositoryRouteFiles());
        assertThat(overlay.files()).extracting(File::source).containsOnly(Source.IDENTICAL);
        assertThat(overlay.summary(Function.identity())).endsWith(": " + repositoryRouteFiles().size()
                + " identical to their built-ins");
    }

    @Test
    void takesOnlyTheTopLevelFilesWhenNotRecursive() throws IOException {
        write("top.camel.yaml", "- route: { id: top, from: { uri: direct:top, steps: [] } }\n");
        write("sub/nested.camel.yaml", "- route: { id: nested, from: { uri: direct:nested, steps: [] } }\n");

        BuiltinOverlay overlay = BuiltinOverlay.resolve(null, dir, ".camel.yaml", false);

        assertThat(overlay.files()).extracting(File::path).containsExactly("top.camel.yaml");
        assertThat(overlay.summary(Function.identity())).isEqualTo("0 built-in; from " + dir + ": top.camel.yaml added");
    }

    private BuiltinOverlay resolve(Path directory) {
        return BuiltinOverlay.resolve(BuiltinRoutes.ROUTES, directory, BuiltinRoutes.ROUTE_SUFFIX, true);
    }

    private void write(String path, String content) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static List<String> repositoryRouteFiles() throws IOException {
        try (Stream<Path> files = Files.walk(REPOSITORY_ROUTES)) {
            return files.filter(f -> f.toString().endsWith(".camel.yaml"))
                    .map(f -> REPOSITORY_ROUTES.relativize(f).toString().replace('\\', '/')).sorted().toList();
        }
    }
}
