package dev.cascade.node.it.chaos;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.cascade.node.it.NodeDatabase;
import dev.cascade.protocol.catalog.AppliedRun;

/**
 * The catalog's part of the proof, for the resources the chaos load changed (national scope, so
 * every node must end with them): every change an origin acknowledged is in its own change log
 * and in every other node's, once; every node's entry for each resource has the origin's version
 * and withdrawal state; every node's ledger records each change it applied, once (its
 * {@code catalog.changes-applied} runs add up to its change log and never share a number).
 */
final class CatalogAudit {

    static final String IDS = "3.01.001.003-%";

    record Findings(int changes, int lost, int duplicated, List<String> problems) {
    }

    private record Entry(int version, boolean withdrawn) {
    }

    private record Change(long seq, String resourceId, int version) {
    }

    Findings audit(List<CatalogLoad.Acknowledged> acknowledged, List<String> origins, List<ChaosNode> nodes) throws Exception {
        int lost = 0;
        int duplicated = 0;
        List<String> problems = new ArrayList<>();
        Map<String, ChaosNode> byRegion = new HashMap<>();
        nodes.forEach(n -> byRegion.put(n.region, n));
        for (String origin : origins) {
            ChaosNode home = byRegion.get(origin);
            Map<String, Entry> truth = entries(home, origin);
            List<Change> originChanges = changes(home, origin);
            Set<Change> atOrigin = new HashSet<>(originChanges);
            Set<String> versions = new HashSet<>();
            for (Change c : originChanges) {
                if (!versions.add(c.resourceId() + " v" + c.version())) {
                    duplicated++;
                    problems.add(origin + " recorded " + c.resourceId() + " v" + c.version() + " twice");
                }
            }
            for (CatalogLoad.Acknowledged a : acknowledged) {
                if (a.origin().equals(origin) && !atOrigin.contains(new Change(a.seq(), a.resourceId(), a.version()))) {
                    lost++;
                    problems.add(origin + " acknowledged change " + a.seq() + " (" + a.kind() + " " + a.resourceId() + " v"
                            + a.version() + ") but does not hold it");
                }
            }
            for (ChaosNode n : nodes) {
                if (n.region.equals(origin)) {
                    continue;
                }
                Set<Change> held = new HashSet<>(changes(n, origin));
                for (Change c : originChanges) {
                    if (!held.contains(c)) {
                        lost++;
                        problems.add(n.region + " lacks " + origin + "'s change " + c.seq() + " (" + c.resourceId() + " v" + c.version() + ")");
                    }
                }
                Map<String, Entry> seen = entries(n, origin);
                for (Map.Entry<String, Entry> t : truth.entrySet()) {
                    Entry there = seen.get(t.getKey());
                    if (!t.getValue().equals(there)) {
                        lost++;
                        problems.add(n.region + " shows " + origin + "/" + t.getKey() + " as " + there + ", the origin as " + t.getValue());
                    }
                }
                Recorded recorded = recorded(n, origin);
                if (recorded.twice() > 0) {
                    duplicated += (int) recorded.twice();
                    problems.add(n.region + " applied " + recorded.twice() + " change(s) of " + origin + " more than once");
                }
                long inLog = NodeDatabase.count(n.process, "select count(*) from catalog_change where origin = '" + origin + "'");
                if (recorded.applied() != inLog) {
                    lost += (int) Math.abs(inLog - recorded.applied());
                    problems.add(n.region + "'s ledger records " + recorded.applied() + " applied change(s) of " + origin
                            + ", its change log holds " + inLog);
                }
            }
        }
        return new Findings(acknowledged.size(), lost, duplicated, problems);
    }

    private static Map<String, Entry> entries(ChaosNode node, String origin) throws Exception {
        Map<String, Entry> out = new HashMap<>();
        try (Connection c = NodeDatabase.connect(node.process);
             PreparedStatement s = c.prepareStatement("select resource_id, version, withdrawn_at is not null from catalog_entry"
                     + " where origin = ? and resource_id like ?")) {
            s.setString(1, origin);
            s.setString(2, IDS);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Entry(rs.getInt(2), rs.getBoolean(3)));
                }
            }
        }
        return out;
    }

    private static List<Change> changes(ChaosNode node, String origin) throws Exception {
        List<Change> out = new ArrayList<>();
        try (Connection c = NodeDatabase.connect(node.process);
             PreparedStatement s = c.prepareStatement("select seq, resource_id, version from catalog_change"
                     + " where origin = ? and resource_id like ? order by seq")) {
            s.setString(1, origin);
            s.setString(2, IDS);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Change(rs.getLong(1), rs.getString(2), rs.getInt(3)));
                }
            }
        }
        return out;
    }

    /** What a node's ledger says it applied of one origin: how many changes, and how many of them twice. */
    private record Recorded(long applied, long twice) {
    }

    /**
     * Reads a node's {@code catalog.changes-applied} entries of one origin. Each records a run of
     * the origin's changes by their numbers (decision 0030), so two runs whose numbers overlap
     * applied a change twice.
     */
    private static Recorded recorded(ChaosNode node, String origin) throws Exception {
        List<AppliedRun.Span> runs = new ArrayList<>();
        try (Connection c = NodeDatabase.connect(node.process);
             PreparedStatement s = c.prepareStatement("select detail from node_event where type = 'catalog.changes-applied'"
                     + " and subject = ?")) {
            s.setString(1, origin);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String detail = rs.getString(1);
                    runs.add(AppliedRun.span(detail).orElseThrow(() -> new AssertionError("unreadable run: " + detail)));
                }
            }
        }
        runs.sort(Comparator.comparingLong(AppliedRun.Span::firstSeq));
        long applied = 0;
        long twice = 0;
        for (int i = 0; i < runs.size(); i++) {
            AppliedRun.Span run = runs.get(i);
            applied += run.applied();
            if (i > 0 && runs.get(i - 1).overlaps(run)) {
                twice += Math.min(runs.get(i - 1).lastSeq(), run.lastSeq()) - run.firstSeq() + 1;
            }
        }
        return new Recorded(applied, twice);
    }
}
