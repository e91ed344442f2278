package dev.cascade.node.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.GrantBody;
import dev.cascade.proto.exchange.v1.RequestBody;
import dev.cascade.proto.exchange.v1.SignedRequest;
import dev.cascade.proto.exchange.v1.UpdateBody;
import dev.cascade.protocol.envelope.ChunkOpener;
import dev.cascade.protocol.envelope.DataKey;
import dev.cascade.protocol.envelope.ExchangeId;
import dev.cascade.protocol.envelope.SealedChunk;
import dev.cascade.protocol.envelope.StoredDataKey;
import dev.cascade.protocol.exchange.ExchangeSignatures;
import dev.cascade.protocol.exchange.ExchangeState;
import dev.cascade.protocol.region.RegionCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
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

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    LocalNode node;
    @Inject
    BatchSealer sealer;
    @Inject
    ExchangeStore store;
    @Inject
    ExchangeRouter router;
    @Inject
    ExchangeSpools spools;
    @Inject
    NodeSecrets secrets;

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
            return new Asked(view(r, true), false);
        }
        Instant now = node.clock().instant();
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        RequestBody.Builder body = RequestBody.newBuilder().setExchangeId(id).setConsumerRegion(node.region().code())
                .setConsumerDepartment(dept).addAllConsumerRoles(roles).setClearance(clearance).setOwnerRegion(owner.code())
                .setResourceId(resource).addAllFields(fields).setPurpose(purpose == null ? "" : purpose)
                .setLegalBasis(legalBasis == null ? "" : legalBasis).setRowLimit(rowLimit)
                .setIssuedAtMs(now.toEpochMilli()).setNonce(ByteString.copyFrom(nonce));
        if (start != null) {
            body.setWindowStartMs(start.toEpochMilli()).setWindowEndMs(end.toEpochMilli());
        }
        byte[] bytes = body.build().toByteArray();
        byte[] signature = sealer.seal(ExchangeSignatures.Kind.REQUEST, bytes);
        var chain = ExchangeWire.appChain(node.credentials());
        ExchangeRecord record = ExchangeRecord.requested(id, ExchangeRole.CONSUMER, node.region(), dept, owner, resource,
                purpose == null ? "" : purpose, bytes, signature, ExchangeWire.joined(chain), ExchangeWire.sm3(bytes), now);
        if (!store.create(record, "requested by " + dept + " for " + resource + " of " + owner)) {
            return new Asked(view(store.find(id, ExchangeRole.CONSUMER).orElseThrow(), true), false);
        }
        boolean onItsWay = router.forwardRequest(id, node.region(), owner, SignedRequest.newBuilder()
                .setBody(ByteString.copyFrom(bytes)).setSignature(ByteString.copyFrom(signature)).addAllConsumerChain(chain)
                .build());
        // Failed at once when the owner is below this node and no node serves the region on the way.
        return new Asked(view(onItsWay ? record : store.find(id, ExchangeRole.CONSUMER).orElseThrow(), true), true);
    }

    public List<Map<String, Object>> list(String dept, int limit) {
        return store.ofConsumerDepartment(dept, limit).stream().map(r -> view(r, false)).toList();
    }

    public Map<String, Object> show(String dept, String id) {
        return view(mine(dept, id), true);
    }

    /** Streams the delivered rows, decrypting chunk by chunk from the at-rest copy; registers the download. */
    public void download(String dept, String id, DeliveryFormat format, OutputStream out) throws IOException {
        ExchangeRecord r = readable(dept, id);
        Grant grant = grantOf(r);
        DataKey key = DataKey.restore(secrets.storageKey(), new ExchangeId(id), new StoredDataKey(r.storedKey()));
        try {
            ChunkOpener opener = key.opener();
            // Each download reads the stored copy through its own handle, closed when the stream ends.
            try (ChunkSpool spool = ChunkSpool.open(spools.fileOf(id));
                 DeliveryFormat.Writer writer = format.writer(out, grant.columns())) {
                for (long i = 0; i < spool.next(); i++) {
                    SpooledChunk c = spool.read(i);
                    byte[] plain = opener.open(new SealedChunk(new ExchangeId(id), c.index(), c.last(), c.sealed()));
                    ChunkRows.read(plain, writer::row);
                }
            }
        } finally {
            key.destroy();
        }
        store.recordUsage(id, dept, "download", format.name().toLowerCase(java.util.Locale.ROOT), r.rowCount(),
                ExchangeWire.sm3(grant.body()), node.clock().instant());
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
        return r;
    }

    public Map<String, Object> confirm(String dept, String id) {
        ExchangeRecord r = mine(dept, id);
        if (r.state() != ExchangeState.DELIVERED && r.state() != ExchangeState.CLOSED) {
            throw ProblemException.conflict("exchange " + id + " is " + r.state() + ", not delivered");
        }
        store.move(id, ExchangeRole.CONSUMER, r.state(), ExchangeState.CONFIRMED, "receipt confirmed by " + dept,
                ExchangeStore.Changes.none(), node.clock().instant());
        store.recordUsage(id, dept, "confirm", null, r.rowCount(), ExchangeWire.sm3(grantOf(r).body()), node.clock().instant());
        return view(store.find(id, ExchangeRole.CONSUMER).orElseThrow(), true);
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

    Map<String, Object> view(ExchangeRecord r, boolean detailed) {
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
                        grant.put("fields", g.getFieldsList().stream().map(f -> ordered("name", f.getName(), "mask", f.getMask())).toList());
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

    /** For approvers at an owner node: the pending requests of their resources. */
    public List<Map<String, Object>> pendingFor(String approverDept) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ExchangeRecord r : store.awaitingApproval(approverDept, node.region().code())) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", r.id());
            v.put("consumerRegion", r.consumer().code());
            v.put("consumerDepartment", r.consumerDept());
            v.put("resource", r.resourceId());
            v.put("purpose", r.purpose());
            v.put("approvalDeadline", r.approvalDeadline() == null ? null : r.approvalDeadline().toString());
            v.put("reason", r.reason());
            try {
                RequestBody body = ExchangeWire.request(ByteString.copyFrom(r.requestBody()));
                v.put("fields", body.getFieldsList());
                v.put("legalBasis", body.getLegalBasis());
                v.put("rowLimit", body.getRowLimit());
            } catch (ExchangeWire.Malformed e) {
                v.put("fields", List.of());
            }
            out.add(v);
        }
        return out;
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
