package dev.cascade.node.it.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import dev.cascade.node.it.NodeProcess;

/**
 * One node of the hierarchy as the harness crashes and restarts it. It keeps its data directory
 * and ports across restarts, restarts a {@code serve} process that exited by itself (as systemd's
 * {@code Restart=on-failure} would), and counts what it went through.
 */
final class ChaosNode {

    enum Role { CONSUMER, OWNER, RELAY }

    /** What a crash kills: the node's JVM only, its embedded PostgreSQL's postmaster only, or both (the machine). */
    enum Crash { JVM, POSTMASTER, MACHINE }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String region;
    final Role role;
    final NodeProcess process;
    /** Held by a catalog change in flight at this node; a crash waits for it (see {@link CatalogLoad}). */
    final ReentrantReadWriteLock changeGuard = new ReentrantReadWriteLock();
    private final ChaosLog log;
    private volatile boolean down;
    final AtomicInteger crashes = new AtomicInteger();
    final AtomicInteger restarts = new AtomicInteger();
    final AtomicInteger exitsByItself = new AtomicInteger();
    /** Restarts refused because a postmaster left running by a killed JVM still held the cluster. */
    final AtomicInteger restartsRefused = new AtomicInteger();

    ChaosNode(String region, Role role, NodeProcess process, ChaosLog log) {
        this.region = region;
        this.role = role;
        this.process = process;
        this.log = log;
    }

    boolean isUp() {
        return !down && process.isAlive();
    }

    boolean isDown() {
        return down;
    }

    /** Ready as its health check says: serving and with a working database. */
    boolean isReady() {
        try {
            HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + process.httpPort + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Kills with SIGKILL; the node stays down until {@link #restart()}. A postmaster-only crash
     * leaves the JVM running: whether the node notices is what it shows.
     */
    void crash(Crash kind) {
        changeGuard.writeLock().lock();
        try {
            crashes.incrementAndGet();
            switch (kind) {
                case JVM -> {
                    down = true;
                    process.kill();
                }
                case POSTMASTER -> killPostgres(false);
                case MACHINE -> {
                    down = true;
                    process.kill();
                    killPostgres(true);
                }
            }
        } finally {
            changeGuard.writeLock().unlock();
        }
    }

    /** Starts {@code serve} again on the same data directory; counts a refusal caused by an orphaned postmaster. */
    void restart() {
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                process.serve();
                restarts.incrementAndGet();
                down = false;
                return;
            } catch (AssertionError e) {
                String tail = process.logTail();
                if (tail.contains("lock file \"postmaster.pid\" already exists")) {
                    restartsRefused.incrementAndGet();
                    log.say("%s: restart refused, the killed JVM's postmaster still holds the cluster; stopping it as an operator would",
                            region);
                    killPostgres(true);
                } else {
                    log.say("%s: restart attempt %d failed: %s; the log ends:%n%s", region, attempt, firstLine(e.getMessage()),
                            lastLines(tail, 8));
                }
            }
        }
        throw new IllegalStateException(region + " could not be restarted; see " + process.log());
    }

    /**
     * Whether the {@code serve} process ended without the harness killing it; if so the node counts
     * as down from now and the caller restarts it.
     */
    synchronized boolean exitedByItself() {
        if (!down && !process.isAlive()) {
            exitsByItself.incrementAndGet();
            down = true;
            log.say("%s: serve exited by itself; restarting it", region);
            return true;
        }
        return false;
    }

    Path spool(String exchangeId) {
        return process.dataDir.resolve("exchange-spool").resolve(exchangeId + ".chunks");
    }

    Optional<Long> postmasterPid() {
        Path pid = process.dataDir.resolve("postgres/cluster/postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pid);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** SIGKILL to the postmaster and, for a machine crash, to its backends too (they would die with the machine). */
    private void killPostgres(boolean withBackends) {
        postmasterPid().flatMap(ProcessHandle::of).filter(p -> p.info().command().orElse("").endsWith("postgres"))
                .ifPresent(postmaster -> {
                    List<ProcessHandle> backends = postmaster.children().toList();
                    postmaster.destroyForcibly();
                    if (withBackends) {
                        backends.forEach(ProcessHandle::destroyForcibly);
                    }
                    try {
                        // Bounded: a killed postmaster whose parent never reaps it stays a zombie.
                        postmaster.onExit().get(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (ExecutionException | TimeoutException e) {
                        // gone or a zombie: either way it no longer serves
                    }
                });
    }

    private static String lastLines(String text, int n) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
