package dev.cascade.node.deploy;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository that the deployment tests read, from the root or from node-runtime (Maven's working directory). */
final class RepoFiles {

    private RepoFiles() {
    }

    static Path path(String relative) {
        Path here = Path.of("").toAbsolutePath();
        Path atRoot = here.resolve(relative);
        return Files.exists(atRoot) ? atRoot : here.getParent().resolve(relative);
    }
}
