package dev.cascade.node.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** Builds real multi-tier topologies with the CLI, the way the operator guide describes. */
public final class Topology implements AutoCloseable {

    private final Path root;
    private final List<NodeProcess> nodes = new ArrayList<>();
    private final IntSupplier ports;

    public Topology(Path root) {
        this(root, Topology::freePort);
    }

    /** A topology whose nodes listen on ports {@code ports} hands out (a harness keeping to a range). */
    public Topology(Path root, IntSupplier ports) {
        this.root = root;
        this.ports = ports;
        try {
            // Nodes run as root here hand their PostgreSQL to an unprivileged user, who must be
            // able to traverse into the test's directory (JUnit makes it 0700).
            java.nio.file.Files.setPosixFilePermissions(root, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public NodeProcess national() {
        return national(java.util.Map.of());
    }

    public NodeProcess national(java.util.Map<String, String> env) {
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
    public NodeProcess join(NodeProcess parent, String region) {
        return join(parent, region, java.util.Map.of());
    }

    public NodeProcess join(NodeProcess parent, String region, java.util.Map<String, String> env) {
        return join(parent, region, env, parent.tierEndpoint());
    }

    /** As {@link #join(NodeProcess, String, java.util.Map)}, the child dialling its parent at {@code parentEndpoint} (a forwarder, say). */
    public NodeProcess join(NodeProcess parent, String region, java.util.Map<String, String> env, String parentEndpoint) {
        NodeProcess child;
        // Onboarding steps of several children may run at once; each touches its parent's data directory.
        synchronized (this) {
            String token = NodeProcess.cliOk("token", "create", "--region", region, "--data-dir", parent.dataDir.toString()).out();
            child = node(region);
            List<String> args = new ArrayList<>(List.of("join", "--parent", parentEndpoint, "--token", token, "--region", region));
            args.addAll(List.of(child.listen()));
            NodeProcess.cliOk(args.toArray(String[]::new));
        }
        child.env.putAll(env);
        child.serve();
        await(Duration.ofSeconds(30), () -> region + " received its ancestors' policy: " + child.policy(),
                () -> child.policy().path("inForce").asBoolean());
        return child;
    }

    /**
     * Runs several onboardings at once, say the provinces under national, then their cities: each
     * node's start is mostly one JVM's class loading and its PostgreSQL's initdb, which overlap well
     * on two cores. Returns the nodes in the order given; the first failure is rethrown.
     */
    @SafeVarargs
    public static List<NodeProcess> together(Supplier<NodeProcess>... onboardings) {
        List<FutureTask<NodeProcess>> tasks = new ArrayList<>();
        for (Supplier<NodeProcess> onboarding : onboardings) {
            FutureTask<NodeProcess> task = new FutureTask<>(onboarding::get);
            Thread t = new Thread(task, "topology-onboarding");
            t.setDaemon(true);
            t.start();
            tasks.add(task);
        }
        List<NodeProcess> started = new ArrayList<>();
        for (FutureTask<NodeProcess> task : tasks) {
            try {
                started.add(task.get());
            } catch (ExecutionException e) {
                if (e.getCause() instanceof Error error) {
                    throw error;
                }
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while onboarding", e);
            }
        }
        return started;
    }

    /** Removes a test's directory once its nodes are stopped (each holds a PostgreSQL distribution). */
    public static void deleteTree(Path dir) {
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    synchronized NodeProcess node(String region) {
        NodeProcess n = new NodeProcess(root.resolve("node-" + region), ports.getAsInt(), ports.getAsInt());
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

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls until the condition holds; the failure message says what never happened. */
    public static void await(Duration limit, Supplier<String> what, BooleanSupplier condition) {
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
