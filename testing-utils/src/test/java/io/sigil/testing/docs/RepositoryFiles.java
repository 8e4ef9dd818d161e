package io.sigil.testing.docs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The repository's own files, as a public clone has them: no build output, no hidden directories. */
final class RepositoryFiles {
    private RepositoryFiles() {
    }

    /** The repository root: the nearest directory above the working directory with docs/ and mvnw. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("docs")) && Files.exists(dir.resolve("mvnw")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no repository root (docs/ and mvnw) above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** Files under {@code root} whose names end with one of {@code suffixes}, sorted. */
    static List<Path> withSuffix(Path root, String... suffixes) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(path -> Stream.of(suffixes).anyMatch(path.toString()::endsWith))
                    .filter(path -> ownFile(root, path)).sorted().toList();
        }
    }

    private static boolean ownFile(Path root, Path path) {
        for (Path part : root.relativize(path)) {
            String name = part.toString();
            if (name.equals("target") || name.equals("node_modules") || name.startsWith(".")) {
                return false;
            }
        }
        return true;
    }
}
