package dev.cascade.node.it.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cascade.node.it.Api;
import dev.cascade.node.it.NodeDatabase;
import dev.cascade.node.it.NodeProcess;

/**
 * The exchanges' part of the proof: how each accepted exchange ended at the consumer; for a closed
 * one, that the rows downloaded equal {@link ExpectedDelivery} exactly and that no hop (relays and
 * owner) kept its spool or the owner its data key; for a failed, expired or denied one, that it
 * names a reason and no hop kept a spool. Anything else is unaccounted, described with the state
 * every node holds.
 */
final class ExchangeAudit {

    static final Set<String> ENDED = Set.of("CLOSED", "CONFIRMED", "FAILED", "EXPIRED", "DENIED");

    record Findings(int started, int closed, int endedWithReason, int unaccounted, Map<String, Integer> endStates,
                    Map<String, Integer> reasons, long rowsVerified, int deliveriesWrong, int spoolsLeft, int keysLeft, int grantsWider, List<String> problems) {
    }

    private final Api consumer;
    private final ChaosNode owner;
    private final List<ChaosNode> hops;
    private final List<ChaosNode> everyNode;

    /** @param hops the nodes between consumer and owner, and the owner: none may keep anything after the end */
    ExchangeAudit(Api consumer, ChaosNode owner, List<ChaosNode> hops, List<ChaosNode> everyNode) {
        this.consumer = consumer;
        this.owner = owner;
        this.hops = hops;
        this.everyNode = everyNode;
    }

    /** The consumer's view of an exchange, or null when it cannot be read. */
    JsonNode view(String id) {
        try {
            Api.Reply r = consumer.get("/api/v1/exchanges/" + id);
            return r.status() == 200 ? r.body() : null;
        } catch (Api.Unreachable e) {
            return null;
        }
    }

    boolean ended(ExchangeLoad.Tracked t) {
        JsonNode v = view(t.plan.id());
        return v != null && ENDED.contains(v.path("state").asText());
    }

    Findings audit(List<ExchangeLoad.Tracked> all) {
        int started = 0, closed = 0, withReason = 0, unaccounted = 0, wrong = 0, spools = 0, keys = 0, wider = 0;
        long rows = 0;
        Map<String, Integer> ends = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (ExchangeLoad.Tracked t : all) {
            if (!t.accepted) {
                continue;
            }
            started++;
            String id = t.plan.id();
            JsonNode v = view(id);
            String state = v == null ? "UNREADABLE" : v.path("state").asText();
            ends.merge(state, 1, Integer::sum);
            if (state.equals("CLOSED") || state.equals("CONFIRMED")) {
                closed++;
                Delivered d = delivered(t, v);
                rows += d.rows;
                if (d.problem != null) {
                    wrong++;
                    problems.add(id + ": " + d.problem);
                }
                if (d.wider != null) {
                    wider++;
                    problems.add(id + ": " + d.wider);
                }
                if (NodeDatabase.count(owner.process, "select count(*) from exchange where id = '" + id
                        + "' and role = 'owner' and stored_key is not null") > 0) {
                    keys++;
                    problems.add(id + ": the owner still holds the data key after CLOSED");
                }
            } else if (ENDED.contains(state) && !v.path("reason").asText("").isBlank()) {
                withReason++;
                reasons.merge(state + ": " + shortened(v.path("reason").asText()), 1, Integer::sum);
            } else {
                unaccounted++;
                problems.add(id + " (" + t.plan.source().resourceId() + ", answer " + t.plan.answer() + "): consumer says " + state
                        + (v != null && v.has("reason") ? " (" + v.path("reason").asText() + ")" : "") + "; " + statesEverywhere(id));
                continue;
            }
            for (ChaosNode hop : hops) {
                if (Files.exists(hop.spool(id))) {
                    spools++;
                    problems.add(id + ": " + hop.region + " kept its spool after " + state);
                }
            }
        }
        return new Findings(started, closed, withReason, unaccounted, ends, reasons, rows, wrong, spools, keys, wider, problems);
    }

    private record Delivered(long rows, String problem, String wider) {
    }

    /** The downloaded rows against the expected ones, and the grant against what was asked. */
    private Delivered delivered(ExchangeLoad.Tracked t, JsonNode view) {
        ExpectedDelivery.Grant grant = ExpectedDelivery.Grant.of(view.path("grant"));
        String wider = null;
        ExchangeLoad.Plan plan = t.plan;
        if (!plan.fields().isEmpty() && !plan.fields().containsAll(grant.columns())) {
            wider = "granted columns " + grant.columns() + " beyond those asked " + plan.fields();
        }
        long asked = plan.answer() == ExchangeLoad.Answer.APPROVE_FEWER_ROWS && t.answered ? plan.approvedRows() : plan.rowLimit();
        if (asked > 0 && (grant.rowLimit() == 0 || grant.rowLimit() > asked)) {
            wider = "granted " + grant.rowLimit() + " rows where " + asked + " were asked or approved";
        }
        List<List<String>> expected = ExpectedDelivery.rows(plan.source(), grant, owner.process.dataDir, plan.id());
        Api.Reply data = consumer.get("/api/v1/exchanges/" + plan.id() + "/data?format=jsonl");
        if (data.status() != 200) {
            return new Delivered(0, "download refused: " + data.status() + " " + data.raw(), wider);
        }
        List<List<String>> got = new ArrayList<>();
        for (String line : data.raw().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = parse(line);
            List<String> values = new ArrayList<>();
            for (String c : grant.columns()) {
                JsonNode v = row.get(c);
                values.add(v == null || v.isNull() ? null : v.asText());
            }
            got.add(values);
        }
        if (got.size() != expected.size()) {
            return new Delivered(got.size(), got.size() + " rows delivered, " + expected.size() + " expected", wider);
        }
        for (int i = 0; i < got.size(); i++) {
            if (!got.get(i).equals(expected.get(i))) {
                return new Delivered(got.size(), "row " + i + " is " + got.get(i) + ", expected " + expected.get(i), wider);
            }
        }
        long declared = view.path("rows").asLong(-1);
        if (declared != got.size()) {
            return new Delivered(got.size(), "the exchange declares " + declared + " rows, " + got.size() + " delivered", wider);
        }
        return new Delivered(got.size(), null, wider);
    }

    /** Role, state, reason and purge time of the exchange at every node that holds it, for the report. */
    String statesEverywhere(String id) {
        StringBuilder out = new StringBuilder();
        for (ChaosNode n : everyNode) {
            out.append(n.region).append('=');
            try (Connection c = NodeDatabase.connect(n.process);
                 PreparedStatement s = c.prepareStatement("select role, state, reason, purged_at is not null,"
                         + " receipt_body is not null from exchange where id = ?")) {
                s.setString(1, id);
                try (ResultSet rs = s.executeQuery()) {
                    boolean any = false;
                    while (rs.next()) {
                        any = true;
                        out.append(rs.getString(1)).append(':').append(rs.getString(2))
                                .append(rs.getBoolean(4) ? ",purged" : "").append(rs.getBoolean(5) ? ",receipt" : "")
                                .append(rs.getString(3) == null ? "" : ",reason=" + rs.getString(3));
                    }
                    if (!any) {
                        out.append("none");
                    }
                }
            } catch (Exception e) {
                out.append("unreadable(").append(e.getMessage()).append(')');
            }
            out.append(Files.exists(n.spool(id)) ? ",spool" : "").append("; ");
        }
        return out.toString();
    }

    /** A reason without the exchange-specific parts (ids, numbers), so that equal causes count together. */
    private static String shortened(String reason) {
        String general = reason.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID")
                .replaceAll("\\d+", "N");
        return general.length() > 160 ? general.substring(0, 160) + "…" : general;
    }

    private static JsonNode parse(String line) {
        try {
            return NodeProcess.JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("a delivered line is not JSON: " + line, e);
        }
    }
}
