package dev.cascade.node.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Builds real multi-tier topologies with the CLI, the way the operator guide describes. */
final class Topology implements AutoCloseable {

    private final Path root;
    private final List<NodeProcess> nodes = new ArrayList<>();

    Topology(Path root) {
        this.root = root;
        try {
            // Nodes run as root here hand their PostgreSQL to an unprivileged user, who must be
            // able to traverse into the test's directory (JUnit makes it 0700).
            java.nio.file.Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    NodeProcess national() {
        return national(java.util.Map.of());
    }

    NodeProcess national(java.util.Map<String, String> env) {
        NodeProcess n = node("100000");
        n.env.putAll(env);
        List<String> args = new ArrayList<>(List.of("init", "--region", "100000"));
        args.addAll(List.of(n.listen()));
        NodeProcess.cliOk(args.toArray(String[]::new));
        return n.serve();
    }

    /**
     * Onboards {@code region} under a running parent: token on the parent, join on the child, serve;
     * then waits until the child enforces its ancestors' policy (it refuses registrations before).
     */
    NodeProcess join(NodeProcess parent, String region) {
        return join(parent, region, java.util.Map.of());
    }

    NodeProcess join(NodeProcess parent, String region, java.util.Map<String, String> env) {
        String token = NodeProcess.cliOk("token", "create", "--region", region, "--data-dir", parent.dataDir.toString()).out();
        NodeProcess child = node(region);
        List<String> args = new ArrayList<>(List.of("join", "--parent", parent.tierEndpoint(), "--token", token, "--region", region));
        args.addAll(List.of(child.listen()));
        NodeProcess.cliOk(args.toArray(String[]::new));
        child.env.putAll(env);
        child.serve();
        await(Duration.ofSeconds(30), () -> region + " received its ancestors' policy: " + child.policy(),
                () -> child.policy().path("inForce").asBoolean());
        return child;
    }

    /** Removes a test's directory once its nodes are stopped (each holds a PostgreSQL distribution). */
    static void deleteTree(Path dir) {
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    NodeProcess node(String region) {
        NodeProcess n = new NodeProcess(root.resolve("node-" + region), freePort(), freePort());
        nodes.add(n);
        return n;
    }

    @Override
    public void close() {
        // Children first, as an operator would take a hierarchy down.
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).stop();
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls until the condition holds; the failure message says what never happened. */
    static void await(Duration limit, Supplier<String> what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            NodeProcess.sleep(200);
        }
        throw new AssertionError("within " + limit.toSeconds() + " s: " + what.get());
    }
}
