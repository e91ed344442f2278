package dev.cascade.node.it.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.cascade.node.it.Api;
import dev.cascade.node.it.NodeProcess;

/**
 * Every node's ledger, exported by an auditor and verified offline with {@code cascade-node audit
 * verify} against the node's certificate; below national its newest signed head must also carry
 * the parent's anchoring receipt (waited for up to a bound, as anchoring runs every few seconds).
 */
final class LedgerAudit {

    private static final Pattern HEADS = Pattern.compile("heads verified: (\\d+) \\((\\d+) anchored by the parent\\)");

    record Findings(int verified, int total, List<String> problems) {
    }

    private final Map<ChaosNode, Api> auditors;
    private final Path work;

    LedgerAudit(Map<ChaosNode, Api> auditors, Path work) {
        this.auditors = auditors;
        this.work = work;
    }

    Findings audit(Duration anchoringBound) {
        Instant deadline = Instant.now().plus(anchoringBound);
        Set<ChaosNode> anchored = new HashSet<>();
        for (Map.Entry<ChaosNode, Api> e : auditors.entrySet()) {
            while (!isRoot(e.getKey()) && Instant.now().isBefore(deadline) && !anchored.contains(e.getKey())) {
                if (anchored(e.getValue())) {
                    anchored.add(e.getKey());
                } else {
                    NodeProcess.sleep(500);
                }
            }
        }
        int verified = 0;
        List<String> problems = new ArrayList<>();
        for (Map.Entry<ChaosNode, Api> e : auditors.entrySet()) {
            ChaosNode node = e.getKey();
            String problem = verify(node, e.getValue(), isRoot(node) || anchored.contains(node));
            if (problem == null) {
                verified++;
            } else {
                problems.add(node.region + ": " + problem);
            }
        }
        return new Findings(verified, auditors.size(), problems);
    }

    private static boolean isRoot(ChaosNode node) {
        return node.region.equals("100000");
    }

    private static boolean anchored(Api auditor) {
        try {
            Api.Reply head = auditor.get("/api/v1/audit/head");
            return head.status() == 200 && head.body().has("anchor");
        } catch (Api.Unreachable e) {
            return false;
        }
    }

    /** Null when the export verifies and, below national, a head of it was anchored after the settling. */
    private String verify(ChaosNode node, Api auditor, boolean newestHeadAnchored) {
        Api.Reply export;
        try {
            export = auditor.get("/api/v1/audit/export");
        } catch (Api.Unreachable e) {
            return "export not answered: " + e.getMessage();
        }
        if (export.status() != 200) {
            return "export refused: " + export.status() + " " + export.raw();
        }
        Path file = work.resolve("ledger-" + node.region + ".jsonl");
        try {
            Files.writeString(file, export.raw());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NodeProcess.Result r = NodeProcess.cli("audit", "verify", "--export", file.toString(), "--cert",
                node.process.dataDir.resolve("pki/app.pem").toString());
        if (r.exitCode() != 0) {
            return "audit verify exit " + r.exitCode() + ": " + (r.stdout() + r.stderr()).strip();
        }
        Matcher heads = HEADS.matcher(r.stdout());
        if (!isRoot(node) && (!heads.find() || Long.parseLong(heads.group(2)) == 0 || !newestHeadAnchored)) {
            return "verified, but no head signed after the settling was anchored at the parent: " + r.stdout().strip();
        }
        return null;
    }
}
