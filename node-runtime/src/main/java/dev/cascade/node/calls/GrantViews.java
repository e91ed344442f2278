package dev.cascade.node.calls;

import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.proto.exchange.v1.GrantedField;
import dev.cascade.proto.exchange.v1.StandingTerms;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Standing grants as departments and operators see them: terms, state, and the use recorded here. */
@ApplicationScoped
public class GrantViews {

    @Inject
    ExchangeStore store;
    @Inject
    CallUsage usage;

    public List<Map<String, Object>> list(ExchangeRole role, Optional<String> dept) {
        return store.standingGrants(role, dept).stream().map(r -> view(r, false)).toList();
    }

    public Optional<Map<String, Object>> one(String id, ExchangeRole role, Optional<String> dept) {
        return store.find(id, role).filter(ExchangeRecord::standing).filter(r -> dept.isEmpty() || dept.get().equals(r.consumerDept()))
                .map(r -> view(r, true));
    }

    private Map<String, Object> view(ExchangeRecord r, boolean withUse) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.id());
        v.put("mode", r.standingMode().name().toLowerCase());
        v.put("state", r.state().name());
        v.put("role", r.role().column());
        v.put("consumerRegion", r.consumer().code());
        v.put("consumerDepartment", r.consumerDept());
        v.put("ownerRegion", r.owner().code());
        v.put("resource", r.resourceId());
        v.put("purpose", r.purpose());
        v.put("reason", r.reason());
        v.put("validUntil", Optional.ofNullable(r.notAfter()).map(Instant::toString).orElse(null));
        GrantStates.of(r).map(GrantStates.Grant::grant).ifPresent(g -> {
            StandingTerms t = g.getStanding();
            v.put("quotaPerDay", t.getQuotaPerDay());
            v.put("ratePerSecond", t.getRatePerSecond());
            Map<String, String> fields = new LinkedHashMap<>();
            for (GrantedField f : g.getFieldsList()) {
                fields.put(f.getName(), f.getMask());
            }
            v.put("fields", fields);
        });
        if (withUse && r.role() != ExchangeRole.RELAY) {
            v.put("calls", usage.outcomes(r.id(), r.role().column()));
            v.put("recentCalls", usage.recent(r.id(), r.role().column(), 20));
        }
        v.put("createdAt", r.createdAt().toString());
        return v;
    }
}
