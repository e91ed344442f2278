package dev.cascade.node.it.chaos;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntSupplier;

import dev.cascade.node.it.NodeProcess;
import dev.cascade.node.it.Topology;

/**
 * The five nodes of the exchange tests — 100000; 440000 with 440100 (the consumer); 320000 with
 * 320100 (the owner) — each child joined through a {@link LinkForwarder} to its parent, so every
 * tier link can be cut. Siblings are onboarded in parallel to keep the setup short.
 */
final class ChaosHierarchy implements AutoCloseable {

    static final String CONSUMER = "440100";
    static final String OWNER = "320100";
    static final List<String> RELAYS = List.of("440000", "100000", "320000");

    final Topology topology;
    final Map<String, ChaosNode> nodes = new LinkedHashMap<>();
    /** The forwarders by the child whose uplink each carries. */
    final Map<String, LinkForwarder> uplinks = new LinkedHashMap<>();
    private final ExecutorService onboarding = Executors.newCachedThreadPool();

    private ChaosHierarchy(Topology topology) {
        this.topology = topology;
    }

    static ChaosHierarchy build(Path work, int portBase, ChaosLog log) {
        IntSupplier ports = new PortRange(portBase, portBase + 199);
        ChaosHierarchy h = new ChaosHierarchy(new Topology(work, ports));
        Map<String, String> every = Map.of("CASCADE_LEDGER_ANCHOR_INTERVAL", "2s");
        Map<String, String> owner = new LinkedHashMap<>(every);
        // Approvals the load leaves unanswered expire within the settling; small chunks make deliveries long enough to be hit.
        owner.put("CASCADE_EXCHANGE_REPLY_DEADLINE", "PT40S");
        owner.put("CASCADE_EXCHANGE_CHUNK_BYTES", "32768");

        try {
            h.onboard(every, owner, ports, log);
        } catch (RuntimeException | Error e) {
            h.close();
            h.all().forEach(n -> n.crash(ChaosNode.Crash.MACHINE));
            throw e;
        }
        return h;
    }

    private void onboard(Map<String, String> every, Map<String, String> owner, IntSupplier ports, ChaosLog log) {
        NodeProcess national = topology.national(every);
        add("100000", ChaosNode.Role.RELAY, national, log);
        log.say("100000 serving");
        CompletableFuture<NodeProcess> guangdong = joinAsync(national, "440000", every, ports);
        CompletableFuture<NodeProcess> jiangsu = joinAsync(national, "320000", every, ports);
        add("440000", ChaosNode.Role.RELAY, guangdong.join(), log);
        add("320000", ChaosNode.Role.RELAY, jiangsu.join(), log);
        log.say("440000 and 320000 joined");
        CompletableFuture<NodeProcess> guangzhou = joinAsync(guangdong.join(), CONSUMER, every, ports);
        CompletableFuture<NodeProcess> nanjing = joinAsync(jiangsu.join(), OWNER, owner, ports);
        add(CONSUMER, ChaosNode.Role.CONSUMER, guangzhou.join(), log);
        add(OWNER, ChaosNode.Role.OWNER, nanjing.join(), log);
        log.say("440100 and 320100 joined");
    }

    private CompletableFuture<NodeProcess> joinAsync(NodeProcess parent, String region, Map<String, String> env, IntSupplier ports) {
        LinkForwarder uplink;
        synchronized (uplinks) {
            uplink = new LinkForwarder(region + "->" + parent.dataDir.getFileName(), ports.getAsInt(), parent.tierPort);
            uplinks.put(region, uplink);
        }
        uplink.restore();
        // Not the common pool: on two cores it runs one task at a time.
        return CompletableFuture.supplyAsync(() -> topology.join(parent, region, env, uplink.endpoint()), onboarding);
    }

    private synchronized void add(String region, ChaosNode.Role role, NodeProcess process, ChaosLog log) {
        nodes.put(region, new ChaosNode(region, role, process, log));
    }

    ChaosNode node(String region) {
        return nodes.get(region);
    }

    List<ChaosNode> all() {
        return new ArrayList<>(nodes.values());
    }

    /** The nodes that carry an exchange between consumer and owner, and the owner: none may keep a spool after the end. */
    List<ChaosNode> hopsAndOwner() {
        List<ChaosNode> out = new ArrayList<>();
        RELAYS.forEach(r -> out.add(nodes.get(r)));
        out.add(nodes.get(OWNER));
        return out;
    }

    /** Waits until every node serves and is ready; the regions that are not by then. */
    List<String> awaitReady(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> notReady = new ArrayList<>();
        for (ChaosNode n : nodes.values()) {
            while (System.nanoTime() < deadline && !(n.isUp() && n.isReady())) {
                NodeProcess.sleep(500);
            }
            if (!(n.isUp() && n.isReady())) {
                notReady.add(n.region);
            }
        }
        return notReady;
    }

    @Override
    public void close() {
        onboarding.shutdownNow();
        uplinks.values().forEach(LinkForwarder::close);
        topology.close();
    }

    /** Ports from a range given to this harness, skipping any another process holds. */
    static final class PortRange implements IntSupplier {
        private int next;
        private final int last;

        PortRange(int first, int last) {
            this.next = first;
            this.last = last;
        }

        @Override
        public synchronized int getAsInt() {
            while (next <= last) {
                int candidate = next++;
                try (ServerSocket probe = new ServerSocket()) {
                    probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), candidate));
                    return candidate;
                } catch (IOException e) {
                    // taken: try the next one
                }
            }
            throw new IllegalStateException("no free port left in the harness's range up to " + last);
        }
    }
}
