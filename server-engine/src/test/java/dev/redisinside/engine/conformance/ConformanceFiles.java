package dev.redisinside.engine.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the case files live: {@code server-engine/src/test/resources/conformance}. */
final class ConformanceFiles {

    private ConformanceFiles() {
    }

    static Path directory() {
        String configured = System.getProperty("conformance.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path candidate : List.of(Path.of("src/test/resources/conformance"),
                Path.of("server-engine/src/test/resources/conformance"))) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Cannot find the conformance directory; set -Dconformance.dir");
    }

    static List<Path> caseFiles() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".cases")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path recordingOf(Path caseFile) {
        String name = caseFile.getFileName().toString();
        return caseFile.resolveSibling(name.substring(0, name.length() - ".cases".length()) + ".recorded");
    }
}
