package dev.cascade.node.cli;

import java.nio.file.Path;

import dev.cascade.node.config.NodeSettings;
import dev.cascade.protocol.trust.NodeKeyStore;

/** Refuses to create a node where one already lives: keys are never silently replaced. */
final class NodeStoreGuard {

    private NodeStoreGuard() {
    }

    static void requireEmpty(Path dataDir) {
        if (NodeSettings.existsIn(dataDir) || new NodeKeyStore(dataDir).exists()) {
            throw new CliFailure(dataDir + " already holds a node; refusing to overwrite its identity");
        }
    }

    static NodeSettings requireNode(Path dataDir) {
        try {
            return NodeSettings.load(dataDir);
        } catch (IllegalStateException e) {
            throw new CliFailure(e.getMessage());
        }
    }
}
