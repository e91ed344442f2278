package dev.cascade.node.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/** The {@code --data-dir} every command takes: it names the local node the command acts for. */
final class DataDirOption {

    @Option(names = "--data-dir", required = true, paramLabel = "DIR",
            defaultValue = "${env:CASCADE_DATA_DIR}",
            description = "the node's data directory (default: $CASCADE_DATA_DIR)")
    Path dataDir;

    Path path() {
        return dataDir.toAbsolutePath().normalize();
    }
}
