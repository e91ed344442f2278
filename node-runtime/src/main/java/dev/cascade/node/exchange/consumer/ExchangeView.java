package dev.cascade.node.exchange.consumer;

import com.google.protobuf.ByteString;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.proto.exchange.v1.GrantBody;
import dev.cascade.proto.exchange.v1.UpdateBody;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** An exchange as the consumer REST API shows it: state, reason and rules, grant, history, usage. */
@ApplicationScoped
public class ExchangeView {

    @Inject
    ExchangeStore store;

    /** The exchange as its department sees it; {@code detailed} adds the grant, every state change and the usage. */
    public Map<String, Object> of(ExchangeRecord r, boolean detailed) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.id());
        v.put("state", r.state().name());
        v.put("origin", r.owner().code());
        v.put("resource", r.resourceId());
        v.put("purpose", r.purpose());
        v.put("createdAt", r.createdAt().toString());
        v.put("updatedAt", r.updatedAt().toString());
        if (r.reason() != null) {
            v.put("reason", r.reason());
        }
        if (r.rules() != null) {
            v.put("rules", Arrays.asList(r.rules().split(",")));
        }
        if (r.approvalDeadline() != null) {
            v.put("approvalDeadline", r.approvalDeadline().toString());
        }
        if (r.notAfter() != null) {
            v.put("notAfter", r.notAfter().toString());
        }
        if (r.rowCount() != null) {
            v.put("rows", r.rowCount());
            v.put("chunks", r.chunkCount());
        }
        if (detailed) {
            if (r.hasUpdate()) {
                try {
                    UpdateBody u = ExchangeWire.update(ByteString.copyFrom(r.updateBody()));
                    if (u.hasGrant()) {
                        GrantBody g = ExchangeWire.grant(u.getGrant().getBody());
                        Map<String, Object> grant = new LinkedHashMap<>();
                        grant.put("fields", g.getFieldsList().stream()
                                .map(f -> ordered("name", f.getName(), "mask", f.getMask())).toList());
                        grant.put("rowLimit", g.getRowLimit());
                        grant.put("notAfter", Instant.ofEpochMilli(g.getNotAfterMs()).toString());
                        grant.put("approvedBy", g.getApprovedBy());
                        grant.put("maskingProfiles", g.getMaskingProfilesList());
                        v.put("grant", grant);
                    }
                } catch (ExchangeWire.Malformed e) {
                    v.put("grant", "unreadable: " + e.getMessage());
                }
            }
            v.put("history", store.history(r.id(), r.role()).stream().map(e -> ordered("state", e.state().name(),
                    "detail", e.detail(), "at", e.at().toString())).toList());
            v.put("usage", store.usage(r.id()).stream().map(u -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("department", u.department());
                m.put("action", u.action());
                m.put("format", u.format());
                m.put("rows", u.rows());
                m.put("at", u.at().toString());
                return m;
            }).toList());
        }
        return v;
    }

    /**
     * A JSON object whose members keep the order written: {@code Map.of} iterates in an order that
     * changes from one JVM start to the next, and clients reading the output (the demo's history
     * listing among them) must not depend on luck.
     */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
