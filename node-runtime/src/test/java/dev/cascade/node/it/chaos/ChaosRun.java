package dev.cascade.node.it.chaos;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cascade.node.it.Api;
import dev.cascade.node.it.NodeProcess;
import dev.cascade.node.it.Topology;

/**
 * Chaos on a live hierarchy (issue 20): five real nodes under mixed load — concurrent exchanges of
 * different sizes over four hops, approvals, catalog changes — while the seed's {@link FaultPlan}
 * kills nodes and their embedded PostgreSQL with SIGKILL and cuts tier links; then a quiet phase in
 * which everything must end within a stated bound, and the proof. The result is one JSON object.
 */
public final class ChaosRun {

    private final ChaosSettings settings;
    private final ChaosLog log;
    private final Path work;
    private final AtomicInteger kills = new AtomicInteger();
    private final AtomicInteger postmasterKills = new AtomicInteger();
    private final AtomicInteger linkCuts = new AtomicInteger();
    private final Map<ChaosNode.Role, AtomicInteger> killsByRole = new LinkedHashMap<>();
    private final List<Future<?>> restarts = new CopyOnWriteArrayList<>();
    private final ExecutorService restarter = Executors.newCachedThreadPool(daemon("chaos-restart"));

    ChaosRun(ChaosSettings settings) throws Exception {
        this.settings = settings;
        this.work = Files.createTempDirectory("cascade-chaos-");
        this.log = new ChaosLog(work.resolve("timeline.log"));
        for (ChaosNode.Role r : ChaosNode.Role.values()) {
            killsByRole.put(r, new AtomicInteger());
        }
    }

    /** {@code deploy/local/chaos.sh} runs this with the test class path; the JSON object goes to stdout. */
    public static void main(String[] args) throws Exception {
        ObjectNode report = new ChaosRun(ChaosSettings.fromSystemProperties(Duration.ofMinutes(3))).run();
        System.out.println(report.toPrettyString());
        System.exit(0);
    }

    ObjectNode run() throws Exception {
        long seed = settings.seed();
        log.say("seed %d (replay: chaos.sh --seed %d), work in %s, %s", seed, seed, work,
                settings.soak() ? "soak of " + settings.soakMinutes() + " min" : "chaos for " + settings.chaos().toSeconds() + " s");
        // One random per concern, so that the load's timing cannot shift the faults a seed draws, and back.
        Random faults = new Random(seed);
        Random exchanges = new Random(seed * 31 + 1);
        Random catalog = new Random(seed * 31 + 2);
        Random data = new Random(seed * 31 + 3);
        Random pace = new Random(seed * 31 + 4);
        String marker = "PLAINMARK" + HexFormat.of().formatHex(new byte[] {(byte) data.nextInt(), (byte) data.nextInt(),
                (byte) data.nextInt(), (byte) data.nextInt()}).toUpperCase();

        if (System.getProperty("cascade.it.ready-seconds") == null) {
            // Five nodes starting and restarting at once on two shared cores take longer than one node alone.
            System.setProperty("cascade.it.ready-seconds", "240");
        }
        ScheduledExecutorService load = Executors.newScheduledThreadPool(4, daemon("chaos-load"));
        ChaosHierarchy h = null;
        try {
            h = ChaosHierarchy.build(work, settings.portBase(), log);
            ChaosHierarchy hierarchy = h;
            ChaosNode consumerNode = hierarchy.node(ChaosHierarchy.CONSUMER);
            ChaosNode ownerNode = hierarchy.node(ChaosHierarchy.OWNER);
            // Each department is two CLI runs (a JVM each): made in parallel, they cost the setup less.
            CompletableFuture<Api> consumerDept = department(consumerNode, "gz-health", "consumer");
            CompletableFuture<Api> providerDept = department(ownerNode, "js-stats", "provider");
            CompletableFuture<Api> approverDept = providerDept.thenCompose(p -> department(ownerNode, "js-stats", "approver"));
            CompletableFuture<Api> cityProvider = department(consumerNode, "gz-market", "provider");
            CompletableFuture<Api> provinceProvider = department(hierarchy.node("320000"), "js-gov", "provider");
            Map<ChaosNode, CompletableFuture<Api>> auditing = new LinkedHashMap<>();
            hierarchy.all().forEach(n -> auditing.put(n, department(n, "chaos-audit", "auditor")));
            Api consumer = consumerDept.join();
            Api provider = providerDept.join();
            Api approver = approverDept.join();
            Map<ChaosNode, Api> auditors = new LinkedHashMap<>();
            auditing.forEach((n, a) -> auditors.put(n, a.join()));
            log.say("departments ready");

            List<SourceTable> automatic = List.of(
                    SourceTable.generate("3.01.001.002-000201", "unconditional", 80, marker, data),
                    SourceTable.generate("3.01.001.002-000202", "unconditional", 2500, marker, data),
                    SourceTable.generate("3.01.001.002-000203", "unconditional", 8000, marker, data));
            SourceTable conditional = SourceTable.generate("3.01.001.002-000204", "conditional", 600, marker, data);
            List<SourceTable> tables = new ArrayList<>(automatic);
            tables.add(conditional);
            for (SourceTable t : tables) {
                register(provider, t);
            }
            for (SourceTable t : tables) {
                Topology.await(Duration.ofSeconds(60), () -> t.resourceId() + " visible at 440100",
                        () -> consumer.sees("混沌测试", t.resourceId()));
            }
            CatalogLoad catalogLoad = new CatalogLoad(List.of(
                    new CatalogLoad.Origin(consumerNode, cityProvider.join(), 100_000),
                    new CatalogLoad.Origin(hierarchy.node("320000"), provinceProvider.join(), 200_000)),
                    catalog);
            ExchangeLoad exchangeLoad = new ExchangeLoad(consumer, approver, consumerNode, ownerNode, automatic, conditional,
                    exchanges, log);
            List<FaultPlan.Fault> plan = settings.soak() ? List.of()
                    : FaultPlan.draw(faults, settings.chaos(), ChaosHierarchy.CONSUMER, ChaosHierarchy.OWNER, ChaosHierarchy.RELAYS,
                            new ArrayList<>(hierarchy.uplinks.keySet()));
            plan.forEach(f -> log.say("planned fault: %s", f));

            // --- the load phase ---
            log.say("load phase: %s", settings.loadPhase());
            Instant phaseEnd = Instant.now().plus(settings.loadPhase());
            repeat(load, 1000, () -> {
                for (ChaosNode n : hierarchy.all()) {
                    if (n.exitedByItself()) {
                        restarts.add(restarter.submit(() -> restart(n)));
                    }
                }
            });
            repeat(load, 700, exchangeLoad::answerApprovals);
            repeat(load, 2000, exchangeLoad::retryUnaccepted);
            Random catalogPace = new Random(pace.nextLong());
            Future<?> requests = load.submit(() -> until(phaseEnd, exchangeLoad::requestNext, () -> 600 + pace.nextInt(1600)));
            Future<?> changes = load.submit(() -> until(phaseEnd, catalogLoad::changeNext, () -> 1500 + catalogPace.nextInt(2500)));
            SoakProbe probe = new SoakProbe(hierarchy.all());
            long phaseStart = System.currentTimeMillis();
            if (settings.soak()) {
                for (int minute = 1; minute <= settings.soakMinutes(); minute++) {
                    NodeProcess.sleep(Math.max(0, phaseStart + minute * 60_000L - System.currentTimeMillis()));
                    SoakProbe.Sample s = probe.sample(minute);
                    log.say("soak minute %d: rss %d MB, fds %d, errors %d, exchanges started %d", minute, s.rssMb(), s.fds(),
                            s.errors(), exchangeLoad.all().size());
                }
            } else {
                for (FaultPlan.Fault f : plan) {
                    NodeProcess.sleep(Math.max(0, phaseStart + f.atMs() - System.currentTimeMillis()));
                    inflict(hierarchy, f);
                }
            }
            requests.get();
            changes.get();
            log.say("load phase over: %d exchanges asked, %d catalog changes acknowledged", exchangeLoad.all().size(),
                    catalogLoad.acknowledged().size());

            // --- the quiet phase: links back, every node up, then everything must end within the bound ---
            hierarchy.uplinks.values().forEach(LinkForwarder::restore);
            for (Future<?> r : List.copyOf(restarts)) {
                r.get(150, TimeUnit.SECONDS);
            }
            Instant settleStart = Instant.now();
            List<String> notReady = hierarchy.awaitReady(Duration.ofSeconds(60));
            if (!notReady.isEmpty()) {
                log.say("not ready after the load phase: %s", notReady);
            }
            ExchangeAudit exchangeAudit = new ExchangeAudit(consumer, ownerNode, hierarchy.hopsAndOwner(), hierarchy.all());
            Instant settleBy = settleStart.plus(settings.settleBound());
            while (Instant.now().isBefore(settleBy)
                    && !(exchangeLoad.allAccepted() && exchangeLoad.all().stream().filter(t -> t.accepted).allMatch(exchangeAudit::ended))) {
                NodeProcess.sleep(1000);
            }
            long settleSeconds = Duration.between(settleStart, Instant.now()).toSeconds();
            log.say("settled after %d s (bound %d s)", settleSeconds, settings.settleBound().toSeconds());
            NodeProcess.sleep(3000); // the last receipts' purges and final updates reach every hop
            load.shutdownNow();

            // --- the proof ---
            ExchangeAudit.Findings ex = exchangeAudit.audit(exchangeLoad.all());
            PlaintextScan scan = new PlaintextScan(marker);
            int plaintext = 0;
            List<String> plaintextFiles = new ArrayList<>();
            for (String relay : ChaosHierarchy.RELAYS) {
                for (Path p : scan.filesWithMarker(hierarchy.node(relay).process.dataDir)) {
                    plaintext++;
                    plaintextFiles.add(relay + ": " + hierarchy.node(relay).process.dataDir.relativize(p));
                }
            }
            boolean control = !scan.filesWithMarker(ownerNode.process.dataDir).isEmpty();
            LedgerAudit.Findings ledgers = new LedgerAudit(auditors, work).audit(Duration.ofSeconds(30));
            CatalogAudit.Findings cat = catalogConverged(catalogLoad, hierarchy);

            ObjectNode report = NodeProcess.JSON.createObjectNode();
            report.put("seed", seed);
            report.put("mode", settings.soak() ? "soak" : "chaos");
            report.put("load_seconds", settings.loadPhase().toSeconds());
            report.put("exchanges_started", ex.started());
            report.put("exchanges_closed", ex.closed());
            report.put("exchanges_failed_with_reason", ex.endedWithReason());
            report.put("exchanges_unaccounted", ex.unaccounted());
            ObjectNode ends = report.putObject("exchange_end_states");
            ex.endStates().forEach(ends::put);
            ObjectNode reasons = report.putObject("end_reasons");
            ex.reasons().forEach(reasons::put);
            report.put("rows_verified", ex.rowsVerified());
            report.put("deliveries_wrong", ex.deliveriesWrong());
            report.put("grants_wider_than_asked", ex.grantsWider());
            report.put("spools_left", ex.spoolsLeft());
            report.put("keys_left", ex.keysLeft());
            report.put("kills", kills.get());
            ObjectNode byRole = report.putObject("kills_by_role");
            killsByRole.forEach((role, n) -> byRole.put(role.name().toLowerCase(), n.get()));
            report.put("postmaster_kills", postmasterKills.get());
            report.put("link_cuts", linkCuts.get());
            report.put("restarts", hierarchy.all().stream().mapToInt(n -> n.restarts.get()).sum());
            report.put("restarts_refused_by_orphaned_postmaster", hierarchy.all().stream().mapToInt(n -> n.restartsRefused.get()).sum());
            report.put("nodes_exited_by_themselves", hierarchy.all().stream().mapToInt(n -> n.exitsByItself.get()).sum());
            ArrayNode notReadyJson = report.putArray("nodes_not_ready_after_load");
            notReady.forEach(notReadyJson::add);
            report.put("settle_seconds", settleSeconds);
            report.put("settle_bound_seconds", settings.settleBound().toSeconds());
            report.put("plaintext_found", plaintext);
            report.put("plaintext_control_found_at_owner", control);
            report.put("ledgers_verified", ledgers.verified());
            report.put("ledgers_total", ledgers.total());
            report.put("catalog_changes", cat.changes());
            report.put("catalog_lost", cat.lost());
            report.put("catalog_duplicated", cat.duplicated());
            if (settings.soak() && !probe.samples().isEmpty()) {
                SoakProbe.Sample first = probe.samples().get(0);
                SoakProbe.Sample last = probe.samples().get(probe.samples().size() - 1);
                report.put("rss_mb_start", first.rssMb());
                report.put("rss_mb_end", last.rssMb());
                report.put("fds_start", first.fds());
                report.put("fds_end", last.fds());
                report.put("errors_per_minute_first", first.errors());
                report.put("errors_per_minute_last", last.errors());
            }
            ArrayNode problems = report.putArray("problems");
            ex.problems().stream().limit(40).forEach(problems::add);
            plaintextFiles.stream().limit(20).forEach(problems::add);
            ledgers.problems().forEach(problems::add);
            cat.problems().stream().limit(20).forEach(problems::add);
            report.put("timeline", work.resolve("timeline.log").toString());
            String json = report.toPrettyString();
            if (settings.report().isPresent()) {
                Files.writeString(settings.report().get(), json + "\n", StandardCharsets.UTF_8);
            }
            log.say("report: %s", report.deepCopy().without(List.of("problems")).toString());
            return report;
        } finally {
            load.shutdownNow();
            restarter.shutdownNow();
            if (h != null) {
                try {
                    h.close();
                } catch (AssertionError e) {
                    log.say("stopping the nodes: %s", e.getMessage());
                }
                h.all().forEach(n -> n.crash(ChaosNode.Crash.MACHINE)); // nothing of this run keeps running
            }
            if (!settings.keep()) {
                Topology.deleteTree(work);
            }
        }
    }

    private CompletableFuture<Api> department(ChaosNode node, String dept, String roles) {
        // Not the common pool: on two cores it runs one task at a time.
        return CompletableFuture.supplyAsync(() -> Api.department(node.process, dept, roles), restarter);
    }

    private void register(Api provider, SourceTable t) {
        Api.Reply r = provider.post("/api/v1/resources", t.descriptor());
        if (r.status() != 201) {
            throw new IllegalStateException("registering " + t.resourceId() + ": " + r.status() + " " + r.raw());
        }
        Api.Reply up = provider.putBytes("/api/v1/resources/" + t.resourceId() + "/data", "text/csv; charset=UTF-8", t.csv());
        if (up.status() < 200 || up.status() > 204) {
            throw new IllegalStateException("uploading " + t.resourceId() + ": " + up.status() + " " + up.raw());
        }
    }

    /** Waits until the catalog converged (bounded: propagation runs on after the load), then audits it. */
    private CatalogAudit.Findings catalogConverged(CatalogLoad catalogLoad, ChaosHierarchy h) throws Exception {
        CatalogAudit audit = new CatalogAudit();
        Instant by = Instant.now().plusSeconds(60);
        CatalogAudit.Findings f;
        while (true) {
            try {
                f = audit.audit(catalogLoad.acknowledged(), catalogLoad.originRegions(), h.all());
            } catch (Exception e) {
                f = new CatalogAudit.Findings(catalogLoad.acknowledged().size(), -1, -1, List.of("catalog unreadable: " + e));
            }
            if ((f.lost() == 0 && f.duplicated() == 0) || Instant.now().isAfter(by)) {
                return f;
            }
            NodeProcess.sleep(2000);
        }
    }

    private void inflict(ChaosHierarchy h, FaultPlan.Fault f) {
        if (f.kind() == FaultPlan.Kind.CUT_LINK) {
            LinkForwarder link = h.uplinks.get(f.target());
            link.cut();
            linkCuts.incrementAndGet();
            log.say("cut link %s for %.1f s", link.name(), f.downMs() / 1000.0);
            restarter.submit(() -> {
                NodeProcess.sleep(f.downMs());
                link.restore();
                log.say("link %s restored", link.name());
            });
            return;
        }
        ChaosNode node = h.node(f.target());
        Instant wait = Instant.now().plusSeconds(240);
        while (!node.isUp() && Instant.now().isBefore(wait)) {
            NodeProcess.sleep(250); // still coming back from an earlier fault
        }
        if (!node.isUp()) {
            log.say("skipped %s: %s did not come back in time", f, node.region);
            return;
        }
        switch (f.kind()) {
            case CRASH_POSTMASTER -> {
                node.crash(ChaosNode.Crash.POSTMASTER);
                postmasterKills.incrementAndGet();
                log.say("SIGKILL to the postmaster of %s (%s); its JVM keeps running", node.region, node.role);
                restarter.submit(() -> {
                    NodeProcess.sleep(20_000);
                    log.say("%s 20 s after its postmaster was killed: %s", node.region,
                            !node.process.isAlive() ? "serve exited" : node.isReady() ? "ready" : "alive but NOT ready");
                });
            }
            case CRASH_JVM, CRASH_MACHINE -> {
                ChaosNode.Crash crash = f.kind() == FaultPlan.Kind.CRASH_JVM ? ChaosNode.Crash.JVM : ChaosNode.Crash.MACHINE;
                node.crash(crash);
                kills.incrementAndGet();
                killsByRole.get(node.role).incrementAndGet();
                log.say("SIGKILL %s of %s (%s), down for %.1f s", crash == ChaosNode.Crash.JVM ? "to the JVM" : "to the JVM and PostgreSQL",
                        node.region, node.role, f.downMs() / 1000.0);
                restarts.add(restarter.submit(() -> {
                    NodeProcess.sleep(f.downMs());
                    restart(node);
                }));
            }
            case CUT_LINK -> throw new IllegalStateException("handled above");
        }
    }

    private void restart(ChaosNode node) {
        try {
            node.restart();
            log.say("%s restarted", node.region);
        } catch (RuntimeException e) {
            log.say("%s", e.getMessage()); // the report lists it among the nodes not ready
        }
    }

    private void until(Instant end, Runnable step, LongSupplier pause) {
        while (Instant.now().isBefore(end)) {
            try {
                step.run();
            } catch (RuntimeException | AssertionError e) {
                log.say("load step failed: %s", e);
            }
            NodeProcess.sleep(pause.getAsLong());
        }
    }

    private void repeat(ScheduledExecutorService on, long everyMs, Runnable task) {
        on.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException | AssertionError e) {
                log.say("load task failed: %s", e);
            }
        }, everyMs, everyMs, TimeUnit.MILLISECONDS);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
