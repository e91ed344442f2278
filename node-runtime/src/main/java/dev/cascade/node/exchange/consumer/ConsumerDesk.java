package dev.cascade.node.exchange.consumer;

import dev.cascade.node.exchange.DirectiveCheck;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.cascade.node.exchange.ChunkRows;
import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.exchange.store.ChunkSpool;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeSpools;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.exchange.store.NodeSecrets;
import dev.cascade.node.exchange.store.SpooledChunk;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.proto.exchange.v1.GrantBody;
import dev.cascade.proto.exchange.v1.RequestBody;
import dev.cascade.proto.exchange.v1.StandingMode;
import dev.cascade.proto.exchange.v1.StandingTerms;
import dev.cascade.proto.exchange.v1.UpdateBody;
import dev.cascade.protocol.envelope.ChunkOpener;
import dev.cascade.protocol.envelope.DataKey;
import dev.cascade.protocol.envelope.ExchangeId;
import dev.cascade.protocol.envelope.SealedChunk;
import dev.cascade.protocol.envelope.StoredDataKey;
import dev.cascade.protocol.exchange.ExchangeState;
import dev.cascade.protocol.region.RegionCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import dev.cascade.node.link.LinkHub;
import dev.cascade.node.link.ParentClock;
import dev.cascade.node.config.CascadeConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The consumer node's side for its departments: it turns a department's request into a request
 * signed by this node and routes it, shows every exchange with its history, streams delivered data
 * (decrypting from the at-rest copy), and registers every download and confirmation.
 */
@ApplicationScoped
public class ConsumerDesk {

    @Inject
    DirectiveCheck directives;

    @Inject
    LocalNode node;
    @Inject
    ExchangeStore store;
    @Inject
    SignedRequests requests;
    @Inject
    ExchangeSpools spools;
    @Inject
    NodeSecrets secrets;
    @Inject
    ExchangeView view;
    @Inject
    LinkHub links;
    @Inject
    CascadeConfig config;

    /** The outcome of a request call: the exchange, and whether this call created it. */
    public record Asked(Map<String, Object> exchange, boolean created) {
    }

    /**
     * @param clearance the department's clearance as admitted for this request (the level its
     *                  request carries to the owner)
     */
    public Asked request(String dept, String clearance, Collection<String> roles, JsonNode json) {
        if (json == null || !json.isObject()) {
            throw ProblemException.badRequest("the body must be a JSON object");
        }
        List<String> problems = new ArrayList<>();
        String origin = text(json, "origin", problems, true);
        String resource = text(json, "resource", problems, true);
        String purpose = text(json, "purpose", problems, false);
        String legalBasis = text(json, "legalBasis", problems, false);
        String requestId = text(json, "requestId", problems, false);
        List<String> fields = new ArrayList<>();
        if (json.has("fields")) {
            if (!json.get("fields").isArray()) {
                problems.add("fields: must be an array of field names");
            } else {
                json.get("fields").forEach(f -> {
                    if (f.isTextual() && !f.asText().isBlank()) {
                        fields.add(f.asText());
                    } else {
                        problems.add("fields: every entry must be a field name");
                    }
                });
            }
        }
        long rowLimit = 0;
        if (json.has("rowLimit")) {
            if (!json.get("rowLimit").canConvertToLong() || json.get("rowLimit").asLong() < 0) {
                problems.add("rowLimit: must be a non-negative integer");
            } else {
                rowLimit = json.get("rowLimit").asLong();
            }
        }
        Instant start = null;
        Instant end = null;
        if (json.has("window")) {
            try {
                start = Instant.parse(json.get("window").path("start").asText());
                end = Instant.parse(json.get("window").path("end").asText());
                if (!end.isAfter(start)) {
                    problems.add("window: end must be after start");
                }
            } catch (DateTimeParseException e) {
                problems.add("window: start and end must be ISO-8601 instants");
            }
        }
        StandingTerms standing = standing(json.get("standing"), problems);
        RegionCode owner = null;
        if (origin != null) {
            try {
                owner = RegionCode.parse(origin);
            } catch (IllegalArgumentException e) {
                problems.add("origin: " + e.getMessage());
            }
        }
        if (requestId != null) {
            try {
                ExchangeWire.exchangeId(requestId);
            } catch (ExchangeWire.Malformed e) {
                problems.add("requestId: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw ProblemException.badRequest(String.join("; ", problems));
        }
        if (owner.equals(node.region())) {
            throw ProblemException.badRequest("resource " + resource + " is provided at this node: exchanges cross tier "
                    + "links, ask the provider department directly");
        }
        // No check against this node's catalog: it may lag the owner's, and resources that never leave
        // their node (not shareable, core) are never listed here. The owner node is the authority and
        // answers every request, with a denial naming the rule where the policy forbids it.
        String id = requestId == null ? UUID.randomUUID().toString() : requestId;
        // Only a department's own request id can name an exchange already on record.
        Optional<ExchangeRecord> existing = requestId == null ? Optional.empty() : store.find(id, ExchangeRole.CONSUMER);
        if (existing.isPresent()) {
            ExchangeRecord r = existing.get();
            if (!r.consumerDept().equals(dept) || !r.owner().equals(owner) || !r.resourceId().equals(resource)) {
                throw ProblemException.conflict("request id " + id + " is already used for another request");
            }
            return new Asked(view.of(r, true), false);
        }
        requireClockInStep();
        Optional<DirectiveCheck.Stop> stop = directives.stops(node.region(), dept, owner, resource);
        if (stop.isPresent()) {
            throw ProblemException.forbidden("refused by " + stop.get().reason());
        }
        RequestBody.Builder body = RequestBody.newBuilder().setExchangeId(id).setConsumerRegion(node.region().code())
                .setConsumerDepartment(dept).addAllConsumerRoles(roles).setClearance(clearance).setOwnerRegion(owner.code())
                .setResourceId(resource).addAllFields(fields).setPurpose(purpose == null ? "" : purpose)
                .setLegalBasis(legalBasis == null ? "" : legalBasis).setRowLimit(rowLimit);
        if (start != null) {
            body.setWindowStartMs(start.toEpochMilli()).setWindowEndMs(end.toEpochMilli());
        }
        if (standing != null) {
            body.setStanding(standing);
        }
        SignedRequests.Sent sent = requests.send(body, "requested by " + dept + " for " + resource + " of " + owner);
        // Not on its way: failed at once, when the owner is below this node and no node serves the region on the way.
        ExchangeRecord now = sent.onItsWay() ? sent.record() : store.find(id, ExchangeRole.CONSUMER).orElseThrow();
        return new Asked(view.of(now, true), sent.created());
    }

    /**
     * A standing grant asked for: {@code {"mode": "service"|"subscription", "validUntil": instant,
     * "quotaPerDay": n, "ratePerSecond": n}}; null when the request is a one-off.
     */
    private static StandingTerms standing(JsonNode json, List<String> problems) {
        if (json == null || json.isNull()) {
            return null;
        }
        if (!json.isObject()) {
            problems.add("standing: must be an object with a mode (service or subscription)");
            return null;
        }
        StandingTerms.Builder terms = StandingTerms.newBuilder();
        switch (json.path("mode").asText("")) {
            case "service" -> terms.setMode(StandingMode.SERVICE);
            case "subscription" -> terms.setMode(StandingMode.SUBSCRIPTION);
            default -> problems.add("standing.mode: must be service or subscription");
        }
        if (json.hasNonNull("validUntil")) {
            try {
                terms.setValidUntilMs(Instant.parse(json.get("validUntil").asText()).toEpochMilli());
            } catch (DateTimeParseException e) {
                problems.add("standing.validUntil: must be an ISO-8601 instant");
            }
        }
        if (json.has("quotaPerDay")) {
            JsonNode q = json.get("quotaPerDay");
            if (!q.canConvertToLong() || q.asLong() < 1) {
                problems.add("standing.quotaPerDay: must be a positive whole number of calls");
            } else {
                terms.setQuotaPerDay(q.asLong());
            }
        }
        if (json.has("ratePerSecond")) {
            JsonNode r = json.get("ratePerSecond");
            if (!r.canConvertToInt() || r.asInt() < 1) {
                problems.add("standing.ratePerSecond: must be a positive whole number of calls per second");
            } else {
                terms.setRatePerSecond(r.asInt());
            }
        }
        if (terms.getMode() != StandingMode.SERVICE && (terms.getQuotaPerDay() > 0 || terms.getRatePerSecond() > 0)) {
            problems.add("standing: a quota and rate belong to service calls, not to a subscription");
        }
        return terms.build();
    }

    /**
     * Every hop checks a request's issue time against its own clock and refuses one further off
     * than the freshness window as stale or replayed. A node whose clock is that far from its
     * parent's says so here, plainly, instead of sending requests that would vanish on the way.
     */
    private void requireClockInStep() {
        Duration window = config.exchange().requestFreshness();
        links.parentClock().beyond(window).ifPresent(offset -> {
            throw new ProblemException(503, "Clock out of step", ParentClock.describe(offset, window));
        });
    }

    public List<Map<String, Object>> list(String dept, int limit) {
        return store.ofConsumerDepartment(dept, limit).stream().map(r -> view.of(r, false)).toList();
    }

    public Map<String, Object> show(String dept, String id) {
        return view.of(mine(dept, id), true);
    }

    /** Streams the delivered rows, decrypting chunk by chunk from the at-rest copy; registers the download. */
    public void download(String dept, String id, DeliveryFormat format, OutputStream out) throws IOException {
        ExchangeRecord r = readable(dept, id);
        Grant grant = grantOf(r);
        DataKey key = DataKey.restore(secrets.storageKey(), new ExchangeId(id), new StoredDataKey(r.storedKey()));
        try {
            ChunkOpener opener = key.opener();
            // Each download reads the stored copy through its own handle, closed when the stream ends.
            try (ChunkSpool spool = ChunkSpool.open(spools.fileOf(id))) {
                requireIntact(r, spool);
                writeRows(id, spool, opener, format.writer(out, grant.columns()));
            }
        } finally {
            key.destroy();
        }
        store.recordUsage(id, dept, "download", format.name().toLowerCase(Locale.ROOT), r.rowCount(),
                ExchangeWire.sm3(grant.body()), node.clock().instant());
    }

    private static void writeRows(String id, ChunkSpool spool, ChunkOpener opener, DeliveryFormat.Writer writer) throws IOException {
        try (writer) {
            for (long i = 0; i < spool.next(); i++) {
                SpooledChunk c = spool.read(i);
                byte[] plain = opener.open(new SealedChunk(new ExchangeId(id), c.index(), c.last(), c.sealed()));
                ChunkRows.read(plain, writer::row);
            }
        }
    }

    /** Checks an exchange can be downloaded now; throws the problem otherwise (before any byte is written). */
    public ExchangeRecord readable(String dept, String id) {
        ExchangeRecord r = mine(dept, id);
        if (r.state() != ExchangeState.DELIVERED && r.state() != ExchangeState.CLOSED && r.state() != ExchangeState.CONFIRMED) {
            throw ProblemException.conflict("exchange " + id + " is " + r.state() + ": nothing to download yet");
        }
        if (r.notAfter() != null && node.clock().instant().isAfter(r.notAfter())) {
            throw new ProblemException(410, "Grant expired", "the grant of exchange " + id + " ended at " + r.notAfter());
        }
        try (ChunkSpool spool = ChunkSpool.open(spools.fileOf(id))) {
            requireIntact(r, spool);
        }
        return r;
    }

    /** Opening a spool checked every record's checksum and cut it at the first damaged one: all chunks must be left. */
    private static void requireIntact(ExchangeRecord r, ChunkSpool spool) {
        if (r.chunkCount() != null && spool.next() != r.chunkCount()) {
            throw new ProblemException(500, "Stored copy damaged", "the stored copy of exchange " + r.id() + " holds "
                    + spool.next() + " of its " + r.chunkCount() + " chunks intact; the rest was damaged on disk and has"
                    + " been dropped: request the data again");
        }
    }

    public Map<String, Object> confirm(String dept, String id) {
        ExchangeRecord r = mine(dept, id);
        if (r.state() != ExchangeState.DELIVERED && r.state() != ExchangeState.CLOSED) {
            throw ProblemException.conflict("exchange " + id + " is " + r.state() + ", not delivered");
        }
        store.move(id, ExchangeRole.CONSUMER, r.state(), ExchangeState.CONFIRMED, "receipt confirmed by " + dept,
                ExchangeStore.Changes.none(), node.clock().instant());
        store.recordUsage(id, dept, "confirm", null, r.rowCount(), ExchangeWire.sm3(grantOf(r).body()), node.clock().instant());
        return view.of(store.find(id, ExchangeRole.CONSUMER).orElseThrow(), true);
    }

    private ExchangeRecord mine(String dept, String id) {
        try {
            ExchangeWire.exchangeId(id);
        } catch (ExchangeWire.Malformed e) {
            throw ProblemException.notFound(e.getMessage());
        }
        return store.find(id, ExchangeRole.CONSUMER).filter(r -> r.consumerDept().equals(dept))
                .orElseThrow(() -> ProblemException.notFound("no exchange " + id + " of department " + dept));
    }

    /** The grant as delivered with the owner's newest update (already verified on arrival). */
    record Grant(byte[] body, GrantBody parsed, List<String> columns) {
    }

    static Grant grantOf(ExchangeRecord r) {
        try {
            UpdateBody update = ExchangeWire.update(ByteString.copyFrom(r.updateBody()));
            GrantBody grant = ExchangeWire.grant(update.getGrant().getBody());
            List<String> columns = update.hasDelivery() ? update.getDelivery().getColumnsList()
                    : grant.getFieldsList().stream().map(f -> f.getName()).toList();
            return new Grant(update.getGrant().getBody().toByteArray(), grant, columns);
        } catch (ExchangeWire.Malformed e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String text(JsonNode json, String name, List<String> problems, boolean required) {
        JsonNode n = json.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                problems.add(name + ": required");
            }
            return null;
        }
        if (!n.isTextual()) {
            problems.add(name + ": must be a string");
            return null;
        }
        return n.asText();
    }
}
