package dev.cascade.node.exchange.owner;

import dev.cascade.node.exchange.DirectiveCheck;
import com.google.protobuf.ByteString;
import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.exchange.routing.ChunkPurge;
import dev.cascade.node.exchange.routing.Lanes;
import dev.cascade.node.exchange.routing.OwnerEnd;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.proto.exchange.v1.Delivery;
import dev.cascade.proto.exchange.v1.GrantBody;
import dev.cascade.proto.exchange.v1.GrantedField;
import dev.cascade.proto.exchange.v1.ReceiptBody;
import dev.cascade.proto.exchange.v1.RequestBody;
import dev.cascade.proto.exchange.v1.SignedGrant;
import dev.cascade.proto.exchange.v1.StandingMode;
import dev.cascade.proto.exchange.v1.StandingTerms;
import dev.cascade.protocol.exchange.ExchangeSignatures;
import dev.cascade.protocol.exchange.ExchangeState;
import dev.cascade.protocol.exchange.ReplyDeadline;
import dev.cascade.protocol.exchange.WorkingCalendar;
import dev.cascade.policy.decision.Constraints;
import dev.cascade.policy.decision.Decision;
import dev.cascade.policy.decision.Reason;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The owner node's side of an exchange: the policy decision, the approver's answer and its
 * deadline, the signed grant, and the close after the consumer's receipt. Every outcome leaves as
 * an update signed by this node ({@link OwnerUpdates}), so every hop and the consumer can check
 * who decided what.
 */
@ApplicationScoped
public class OwnerDesk implements OwnerEnd {

    @Inject
    DirectiveCheck directives;

    private static final Logger LOG = Logger.getLogger(OwnerDesk.class);

    @Inject
    LocalNode node;
    @Inject
    ExchangeStore store;
    @Inject
    CascadeConfig config;
    @Inject
    OwnerPolicy policy;
    @Inject
    OwnerUpdates updates;
    @Inject
    DeliveryPipeline delivery;
    @Inject
    Lanes lanes;
    @Inject
    ChunkPurge purge;
    @Inject
    OwnerSubscriptions subscriptions;

    private ScheduledExecutorService timer;
    private ReplyDeadline replyDeadline;
    private WorkingCalendar calendar;

    void start(@Observes StartupEvent start) {
        replyDeadline = ReplyDeadline.parse(config.exchange().replyDeadline());
        calendar = config.exchange().calendar().map(OwnerDesk::readCalendar).orElse(WorkingCalendar.WEEKDAYS);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cascade-exchange-deadlines");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::expireDue, 1, 1, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Fails the node's start with the file and the bad line rather than counting deadlines wrongly. */
    static WorkingCalendar readCalendar(String file) {
        try {
            return WorkingCalendar.parse(Files.readAllLines(Path.of(file)));
        } catch (IOException e) {
            throw new IllegalStateException("cascade.exchange.calendar: cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cascade.exchange.calendar: " + file + ": " + e.getMessage(), e);
        }
    }

    /** Runs the policy on a new request (on the exchange's lane). */
    @Override
    public void requestArrived(ExchangeRecord record, RequestBody request) {
        Optional<DirectiveCheck.Stop> stop = directives.stops(record.consumer(), request.getConsumerDepartment(),
                record.owner(), record.resourceId());
        if (stop.isPresent()) {
            updates.publish(record.id(), ExchangeState.DENIED, stop.get().reason(), List.of(), null, null, null);
            return;
        }
        if (!request.getSubscriptionId().isEmpty()) {
            subscriptions.requestArrived(record, request);
            return;
        }
        if (request.getStanding().getMode() == StandingMode.SUBSCRIPTION) {
            Optional<String> cannot = subscriptions.refusal(record.resourceId());
            if (cannot.isPresent()) {
                updates.publish(record.id(), ExchangeState.FAILED, "cannot subscribe: " + cannot.get(), List.of(), null, null,
                        null);
                return;
            }
        }
        OwnerPolicy.Outcome outcome = policy.evaluate(record, request);
        Decision decision = outcome.decision();
        if (decision == null) {
            updates.publish(record.id(), ExchangeState.FAILED, outcome.failure(), List.of(), null, null, null);
        } else if (decision instanceof Decision.Permit permit) {
            grant(record, request, permit.constraints(), "", List.of());
        } else if (decision instanceof Decision.NeedsApproval needs) {
            Instant deadline = replyDeadline.after(node.clock().instant(), config.exchange().zone(), calendar);
            updates.publish(record.id(), ExchangeState.PENDING_APPROVAL, "awaiting the provider's approver until " + deadline,
                    ruleIds(needs.reasons()), null, null, deadline);
        } else {
            Decision.Deny deny = (Decision.Deny) decision;
            updates.publish(record.id(), ExchangeState.DENIED, describe(deny.reasons()), ruleIds(deny.reasons()), null, null,
                    null);
        }
    }

    /** For approvers: the requests for their department's resources that await an answer. */
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

    /** The approver's answer: approve, optionally tighter than the policy allows. */
    public void approve(String id, String approver, Tightening tighter) {
        ExchangeRecord record = awaitingApprover(id, approver);
        RequestBody request = requestOf(record);
        OwnerPolicy.Outcome outcome = policy.evaluate(record, request);
        Decision decision = outcome.decision();
        Constraints constraints;
        if (decision == null) {
            throw ProblemException.conflict(outcome.failure());
        } else if (decision instanceof Decision.Permit p) {
            constraints = p.constraints();
        } else if (decision instanceof Decision.NeedsApproval n) {
            constraints = n.constraints();
        } else {
            throw ProblemException.conflict("the policy in force now denies this request: "
                    + describe(((Decision.Deny) decision).reasons()));
        }
        grant(record, request, tighter.apply(constraints), approver, List.of());
    }

    public void deny(String id, String approver, String reason) {
        ExchangeRecord record = awaitingApprover(id, approver);
        if (reason == null || reason.isBlank()) {
            throw ProblemException.badRequest("a denial states its reason");
        }
        updates.publish(record.id(), ExchangeState.DENIED, "denied by approver " + approver + ": " + reason.strip(), List.of(),
                null, null, null);
    }

    private ExchangeRecord awaitingApprover(String id, String approver) {
        ExchangeRecord record = store.find(id, ExchangeRole.OWNER)
                .orElseThrow(() -> ProblemException.notFound("no exchange " + id + " at " + node.region()));
        boolean provides = store.awaitingApproval(approver, node.region().code()).stream().anyMatch(r -> r.id().equals(id));
        if (record.state() != ExchangeState.PENDING_APPROVAL) {
            throw ProblemException.conflict("exchange " + id + " is " + record.state() + ", not awaiting approval");
        }
        if (!provides) {
            throw ProblemException.forbidden("department " + approver + " does not provide resource " + record.resourceId());
        }
        return record;
    }

    private static RequestBody requestOf(ExchangeRecord record) {
        try {
            return ExchangeWire.request(ByteString.copyFrom(record.requestBody()));
        } catch (ExchangeWire.Malformed e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Signs the grant and publishes it. A one-off grant starts its delivery; a standing grant stays
     * GRANTED for calls or increments, and a service grant carries its call key to the consumer node.
     */
    private void grant(ExchangeRecord record, RequestBody request, Constraints constraints, String approver, List<String> rules) {
        Instant now = node.clock().instant();
        Instant notAfter = now.plus(constraints.maxValidity());
        if (request.getWindowEndMs() > 0 && Instant.ofEpochMilli(request.getWindowEndMs()).isBefore(notAfter)) {
            notAfter = Instant.ofEpochMilli(request.getWindowEndMs());
        }
        StandingTerms standing = StandingGrants.granted(request.getStanding(), notAfter, config.calls());
        if (standing != null) {
            notAfter = Instant.ofEpochMilli(standing.getValidUntilMs());
        }
        GrantBody.Builder grant = GrantBody.newBuilder().setExchangeId(record.id())
                .setRequestDigest(ByteString.copyFrom(record.requestDigest())).setOwnerRegion(node.region().code())
                .setConsumerRegion(record.consumer().code()).setConsumerDepartment(record.consumerDept())
                .setResourceId(record.resourceId()).setRowLimit(constraints.rowLimit()).setPurpose(request.getPurpose())
                .setIssuedAtMs(now.toEpochMilli()).setNotAfterMs(notAfter.toEpochMilli())
                .addAllMaskingProfiles(constraints.maskingProfiles()).setApprovedBy(approver);
        if (standing != null) {
            grant.setStanding(standing);
        }
        for (String field : constraints.fields()) {
            var mask = constraints.masks().get(field);
            grant.addFields(GrantedField.newBuilder().setName(field).setMask(mask == null ? "reveal" : mask.text()));
        }
        byte[] body = grant.build().toByteArray();
        SignedGrant signed = SignedGrant.newBuilder().setBody(ByteString.copyFrom(body))
                .setSignature(ByteString.copyFrom(ExchangeSignatures.sign(node.credentials(), ExchangeSignatures.Kind.GRANT, body)))
                .build();
        String why = approver.isEmpty() ? "permitted by policy" : "approved by " + approver;
        if (!constraints.droppedFields().isEmpty()) {
            why += "; fields withheld: " + String.join(", ", constraints.droppedFields());
        }
        if (standing == null) {
            if (updates.publish(record.id(), ExchangeState.GRANTED, why, rules, signed, null, null)) {
                delivery.start(record.id(), grant.build(), signed);
            }
        } else if (standing.getMode() == StandingMode.SERVICE) {
            updates.publishServiceGrant(record, why + "; standing service grant until " + notAfter, rules, signed);
        } else {
            // Delivered increment by increment, each an exchange of its own, from the source's mark now.
            subscriptions.begin(record);
            updates.publish(record.id(), ExchangeState.GRANTED, why + "; standing grant until " + notAfter, rules, signed,
                    null, null);
        }
    }

    /**
     * An operator's decision on a standing grant this node owns: suspend it, lift the suspension, or
     * revoke it. The update reaches every hop and the consumer like any other, so each refuses calls
     * and increments from the moment it arrives.
     */
    public ExchangeState changeStanding(String id, ExchangeState to, String by, String reason) {
        ExchangeRecord record = store.find(id, ExchangeRole.OWNER)
                .orElseThrow(() -> ProblemException.notFound("no grant " + id + " is held at " + node.region() + " as owner"));
        if (record.standingMode() == StandingMode.ONE_OFF) {
            throw ProblemException.conflict("exchange " + id + " is a one-off exchange, not a standing grant");
        }
        if (reason == null || reason.isBlank()) {
            throw ProblemException.badRequest("a suspension or revocation states its reason");
        }
        // Suspending asks for a granted grant and resuming for a suspended one; the same state again
        // would pass as a newer update and say something that did not happen.
        if (to == ExchangeState.SUSPENDED && record.state() != ExchangeState.GRANTED
                || to == ExchangeState.GRANTED && record.state() != ExchangeState.SUSPENDED) {
            throw ProblemException.conflict("grant " + id + " is " + record.state() + "; it cannot become " + to);
        }
        String what = switch (to) {
            case SUSPENDED -> "suspended by " + by + ": " + reason.strip();
            case GRANTED -> "suspension lifted by " + by + ": " + reason.strip();
            case REVOKED -> "revoked by " + by + ": " + reason.strip();
            default -> throw new IllegalArgumentException("a standing grant is suspended, resumed or revoked, not moved to " + to);
        };
        if (!updates.publish(id, to, what, List.of(), null, null, null)) {
            throw ProblemException.conflict("grant " + id + " is " + record.state() + "; it cannot become " + to);
        }
        return to;
    }

    /** The delivery pipeline's progress: DELIVERING with the wrapped key, then the totals. */
    boolean delivering(String id, Delivery delivery, SignedGrant grant) {
        return updates.publish(id, ExchangeState.DELIVERING, delivery.getChunkCount() > 0
                ? "all " + delivery.getChunkCount() + " chunks sealed, " + delivery.getRowCount() + " rows" : "delivery started",
                List.of(), grant, delivery, null);
    }

    @Override
    public void halted(ExchangeRecord record, String reason) {
        halt(record.id(), reason);
    }

    /**
     * Ends an exchange a directive stopped (here, or at a node on its route): FAILED with the
     * directive named; the final update purges every hop, and this node's spool goes now.
     */
    public void halt(String id, String reason) {
        if (updates.publish(id, ExchangeState.FAILED, reason, List.of(), null, null, null)) {
            purge.purge(id, reason);
        }
    }

    void failed(String id, String reason) {
        updates.publish(id, ExchangeState.FAILED, reason, List.of(), null, null, null);
        purge.purge(id, "delivery failed");
    }

    /** The consumer node has everything: check its receipt against what was sealed, purge, close. */
    @Override
    public void receiptArrived(ExchangeRecord record, ReceiptBody receipt) {
        ExchangeRecord now = store.find(record.id(), ExchangeRole.OWNER).orElseThrow();
        boolean matches = now.chunkCount() != null && now.chunkCount() == receipt.getChunkCount()
                && now.rowCount() == receipt.getRowCount()
                && Arrays.equals(now.contentDigest(), receipt.getContentDigest().toByteArray());
        // The data key never outlived the sealing (DeliveryPipeline destroys it); the spool went with the purge.
        if (matches) {
            updates.publish(record.id(), ExchangeState.CLOSED, "consumer node received " + receipt.getRowCount()
                    + " rows; every hop purged its copy", List.of(), null, null, null);
        } else {
            updates.publish(record.id(), ExchangeState.FAILED, "the consumer's receipt does not match what was sealed", List.of(),
                    null, null, null);
        }
    }

    void expireDue() {
        try {
            for (ExchangeRecord r : store.standingEndedBy(node.clock().instant())) {
                lanes.onLane(r.id(), () -> updates.publish(r.id(), ExchangeState.EXPIRED, "the standing grant ended at "
                        + r.notAfter(), List.of(), null, null, null));
            }
        } catch (RuntimeException e) {
            LOG.warnf("expiring standing grants failed: %s", e.getMessage());
        }
        try {
            for (ExchangeRecord r : store.approvalsDueBy(node.clock().instant())) {
                lanes.onLane(r.id(), () -> updates.publish(r.id(), ExchangeState.EXPIRED,
                        "no answer from the provider's approver by " + r.approvalDeadline(), List.of(), null, null, null));
            }
        } catch (RuntimeException e) {
            LOG.warnf("expiring approvals failed: %s", e.getMessage());
        }
        try {
            Duration closeWithin = config.exchange().closeWithin();
            for (ExchangeRecord r : store.unreceiptedSince(node.clock().instant().minus(closeWithin))) {
                lanes.onLane(r.id(), () -> unreceipted(r.id(), closeWithin));
            }
        } catch (RuntimeException e) {
            LOG.warnf("expiring deliveries failed: %s", e.getMessage());
        }
    }

    /**
     * A delivery whose receipt never came within the bound: it ends EXPIRED, which every hop and
     * the consumer purge on, and this node drops its own chunks now.
     */
    private void unreceipted(String id, Duration closeWithin) {
        ExchangeRecord r = store.find(id, ExchangeRole.OWNER).orElse(null);
        if (r == null || r.state() != ExchangeState.DELIVERING || r.receiptBody() != null) {
            return;
        }
        updates.publish(id, ExchangeState.EXPIRED, "no receipt from " + r.consumer() + " within " + closeWithin
                + " of the delivery; every copy is purged", List.of(), null, null, null);
        purge.purge(id, "no receipt within " + closeWithin);
    }

    private static List<String> ruleIds(List<Reason> reasons) {
        return reasons.stream().map(r -> r.packId() + "/" + r.ruleId()).distinct().toList();
    }

    private static String describe(List<Reason> reasons) {
        Set<String> parts = new LinkedHashSet<>();
        for (Reason r : reasons) {
            parts.add(r.packId() + "/" + r.ruleId() + (r.text() == null || r.text().isBlank() ? "" : ": " + r.text()));
        }
        return String.join("; ", new ArrayList<>(parts));
    }
}
