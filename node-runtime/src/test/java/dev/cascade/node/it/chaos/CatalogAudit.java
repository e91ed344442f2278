package dev.cascade.node.it.chaos;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.cascade.node.it.NodeDatabase;

/**
 * The catalog's part of the proof, for the resources the chaos load changed (national scope, so
 * every node must end with them): every change an origin acknowledged is in its own change log
 * and in every other node's, once; every node's entry for each resource has the origin's version
 * and withdrawal state; no node applied one change twice (its ledger has one
 * {@code catalog.change-applied} entry per change).
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
                long twice = twiceApplied(n, origin);
                if (twice > 0) {
                    duplicated += (int) twice;
                    problems.add(n.region + " applied " + twice + " change(s) of " + origin + " more than once");
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

    /** Ledger entries beyond the first for one change (its subject and detail name the resource, version and sequence number). */
    private static long twiceApplied(ChaosNode node, String origin) {
        return NodeDatabase.count(node.process, "select coalesce(sum(n - 1), 0) from (select count(*) as n from node_event"
                + " where type = 'catalog.change-applied' and subject like '" + origin + "/3.01.001.003-%'"
                + " group by subject, detail) applied");
    }
}
