package dev.cascade.node.exchange;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.cascade.node.catalog.CatalogDescriptors;
import dev.cascade.node.catalog.ResourceJson;
import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.policy.PolicyBook;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.proto.exchange.v1.Delivery;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.GrantBody;
import dev.cascade.proto.exchange.v1.GrantedField;
import dev.cascade.proto.exchange.v1.ReceiptBody;
import dev.cascade.proto.exchange.v1.RequestBody;
import dev.cascade.proto.exchange.v1.SignedGrant;
import dev.cascade.proto.exchange.v1.SignedUpdate;
import dev.cascade.proto.exchange.v1.UpdateBody;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.catalog.ResourceDescriptor;
import dev.cascade.protocol.exchange.ExchangeSignatures;
import dev.cascade.protocol.exchange.ExchangeState;
import dev.cascade.protocol.exchange.ReplyDeadline;
import dev.cascade.protocol.exchange.WorkingCalendar;
import dev.cascade.policy.decision.AccessRequest;
import dev.cascade.policy.decision.Constraints;
import dev.cascade.policy.decision.Decision;
import dev.cascade.policy.decision.DecisionContext;
import dev.cascade.policy.decision.PolicyEngine;
import dev.cascade.policy.decision.PolicyResource;
import dev.cascade.policy.decision.Reason;
import dev.cascade.policy.decision.Requester;
import dev.cascade.policy.decision.TimeWindow;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The owner node's side of an exchange: the policy decision, the approver's answer and its
 * deadline, the signed grant, and the close after the consumer's receipt. Every outcome leaves as
 * an update signed by this node, numbered per exchange, so every hop and the consumer can check
 * who decided what.
 */
@ApplicationScoped
public class OwnerDesk {

    private static final Logger LOG = Logger.getLogger(OwnerDesk.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CATALOG_WAIT = Duration.ofSeconds(30);

    @Inject
    LocalNode node;
    @Inject
    BatchSealer sealer;
    @Inject
    ExchangeStore store;
    @Inject
    ExchangeRouter router;
    @Inject
    PolicyBook policies;
    @Inject
    CascadeConfig config;
    @Inject
    DeliveryPipeline delivery;
    @Inject
    CatalogDescriptors catalog;

    private final Object[] publishing = newLocks(64);
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
            return WorkingCalendar.parse(java.nio.file.Files.readAllLines(java.nio.file.Path.of(file)));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cascade.exchange.calendar: cannot read " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("cascade.exchange.calendar: " + file + ": " + e.getMessage(), e);
        }
    }

    /** What the owner's catalog says of a resource it owns; empty when it is not registered (or withdrawn) here. */
    Optional<ResourceDescriptor> ownResource(String resourceId) {
        return catalog.live(node.region().code(), resourceId).await().atMost(CATALOG_WAIT).flatMap(entry -> {
            try {
                return Optional.ofNullable(ResourceJson.read(JSON.readTree(entry.descriptorJson()), resourceId).descriptor());
            } catch (java.io.IOException e) {
                return Optional.empty();
            }
        });
    }

    /** Runs the policy on a new request (on the exchange's lane). */
    void decide(ExchangeRecord record, RequestBody request) {
        Outcome outcome = evaluate(record, request);
        Decision decision = outcome.decision();
        if (decision == null) {
            publish(record.id(), ExchangeState.FAILED, outcome.failure(), List.of(), null, null, null);
        } else if (decision instanceof Decision.Permit permit) {
            grant(record, request, permit.constraints(), "", List.of());
        } else if (decision instanceof Decision.NeedsApproval needs) {
            Instant deadline = replyDeadline.after(node.clock().instant(), config.exchange().zone(), calendar);
            publish(record.id(), ExchangeState.PENDING_APPROVAL, "awaiting the provider's approver until " + deadline,
                    ruleIds(needs.reasons()), null, null, deadline);
        } else {
            Decision.Deny deny = (Decision.Deny) decision;
            publish(record.id(), ExchangeState.DENIED, describe(deny.reasons()), ruleIds(deny.reasons()), null, null, null);
        }
    }

    private record Outcome(Decision decision, String failure) {
    }

    private Outcome evaluate(ExchangeRecord record, RequestBody request) {
        Optional<ResourceDescriptor> resource = ownResource(record.resourceId());
        if (resource.isEmpty()) {
            return new Outcome(null, "resource " + record.resourceId() + " is not registered at " + node.region());
        }
        Optional<PolicyEngine> engine = policies.engine();
        if (engine.isEmpty()) {
            return new Outcome(null, "no policy is in force at " + node.region() + " yet");
        }
        PolicyResource policyResource = PolicyResource.of(resource.get(), node.region());
        Set<String> known = policyResource.fields().stream().map(f -> f.name()).collect(Collectors.toSet());
        List<String> unknown = request.getFieldsList().stream().filter(f -> !known.contains(f)).toList();
        if (!unknown.isEmpty()) {
            return new Outcome(null, "resource " + record.resourceId() + " has no field " + String.join(", ", unknown));
        }
        DataLevel clearance;
        try {
            clearance = DataLevel.fromWire(request.getClearance());
        } catch (IllegalArgumentException e) {
            return new Outcome(null, "request names clearance '" + request.getClearance() + "', not a level");
        }
        TimeWindow window = request.getWindowEndMs() > 0
                ? new TimeWindow(Instant.ofEpochMilli(request.getWindowStartMs()), Instant.ofEpochMilli(request.getWindowEndMs()))
                : null;
        Requester requester = new Requester(request.getConsumerDepartment(), record.consumer(), request.getConsumerRolesList(),
                clearance);
        AccessRequest access = new AccessRequest(request.getPurpose(), request.getFieldsList(), request.getLegalBasis(),
                request.getRowLimit(), window);
        return new Outcome(engine.get().decide(access, policyResource,
                DecisionContext.of(requester, policyResource, node.clock().instant())), null);
    }

    /** The approver's answer: approve, optionally tighter than the policy allows. */
    public void approve(String id, String approver, Tightening tighter) {
        ExchangeRecord record = pendingFor(id, approver);
        RequestBody request = requestOf(record);
        Outcome outcome = evaluate(record, request);
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
        ExchangeRecord record = pendingFor(id, approver);
        if (reason == null || reason.isBlank()) {
            throw ProblemException.badRequest("a denial states its reason");
        }
        publish(record.id(), ExchangeState.DENIED, "denied by approver " + approver + ": " + reason.strip(), List.of(),
                null, null, null);
    }

    private ExchangeRecord pendingFor(String id, String approver) {
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

    /** Signs the grant, publishes it, and starts the delivery. */
    private void grant(ExchangeRecord record, RequestBody request, Constraints constraints, String approver, List<String> rules) {
        Instant now = node.clock().instant();
        Instant notAfter = now.plus(constraints.maxValidity());
        if (request.getWindowEndMs() > 0 && Instant.ofEpochMilli(request.getWindowEndMs()).isBefore(notAfter)) {
            notAfter = Instant.ofEpochMilli(request.getWindowEndMs());
        }
        GrantBody.Builder grant = GrantBody.newBuilder().setExchangeId(record.id())
                .setRequestDigest(ByteString.copyFrom(record.requestDigest())).setOwnerRegion(node.region().code())
                .setConsumerRegion(record.consumer().code()).setConsumerDepartment(record.consumerDept())
                .setResourceId(record.resourceId()).setRowLimit(constraints.rowLimit()).setPurpose(request.getPurpose())
                .setIssuedAtMs(now.toEpochMilli()).setNotAfterMs(notAfter.toEpochMilli())
                .addAllMaskingProfiles(constraints.maskingProfiles()).setApprovedBy(approver);
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
        if (publish(record.id(), ExchangeState.GRANTED, why, rules, signed, null, null)) {
            delivery.start(record.id(), grant.build(), signed);
        }
    }

    /** The delivery pipeline's progress: DELIVERING with the wrapped key, then the totals. */
    boolean delivering(String id, Delivery delivery, SignedGrant grant) {
        return publish(id, ExchangeState.DELIVERING, delivery.getChunkCount() > 0
                ? "all " + delivery.getChunkCount() + " chunks sealed, " + delivery.getRowCount() + " rows" : "delivery started",
                List.of(), grant, delivery, null);
    }

    void failed(String id, String reason) {
        publish(id, ExchangeState.FAILED, reason, List.of(), null, null, null);
        router.purge(id, "delivery failed");
    }

    /** The consumer node has everything: check its receipt against what was sealed, purge, close. */
    void receiptArrived(ExchangeRecord record, ReceiptBody receipt) {
        ExchangeRecord now = store.find(record.id(), ExchangeRole.OWNER).orElseThrow();
        boolean matches = now.chunkCount() != null && now.chunkCount() == receipt.getChunkCount()
                && now.rowCount() == receipt.getRowCount()
                && Arrays.equals(now.contentDigest(), receipt.getContentDigest().toByteArray());
        // The data key never outlived the sealing (DeliveryPipeline destroys it); the spool went with the purge.
        if (matches) {
            publish(record.id(), ExchangeState.CLOSED, "consumer node received " + receipt.getRowCount()
                    + " rows; every hop purged its copy", List.of(), null, null, null);
        } else {
            publish(record.id(), ExchangeState.FAILED, "the consumer's receipt does not match what was sealed", List.of(),
                    null, null, null);
        }
    }

    void expireDue() {
        try {
            for (ExchangeRecord r : store.approvalsDueBy(node.clock().instant())) {
                router.onLane(r.id(), () -> publish(r.id(), ExchangeState.EXPIRED,
                        "no answer from the provider's approver by " + r.approvalDeadline(), List.of(), null, null, null));
            }
        } catch (RuntimeException e) {
            LOG.warnf("expiring approvals failed: %s", e.getMessage());
        }
    }

    /**
     * Signs and records the next update of an exchange this node owns and sends it towards the
     * consumer; false when the exchange has already moved past {@code state}'s predecessors.
     */
    boolean publish(String id, ExchangeState state, String reason, List<String> rules, SignedGrant grant,
                    Delivery deliveryInfo, Instant approvalDeadline) {
        // One publisher per exchange at a time (lanes, approvers and the delivery all publish), any number across exchanges.
        synchronized (publishing[Math.floorMod(id.hashCode(), publishing.length)]) {
            return publishLocked(id, state, reason, rules, grant, deliveryInfo, approvalDeadline);
        }
    }

    private boolean publishLocked(String id, ExchangeState state, String reason, List<String> rules, SignedGrant grant,
                                  Delivery deliveryInfo, Instant approvalDeadline) {
        ExchangeRecord record = store.find(id, ExchangeRole.OWNER).orElseThrow();
        if (state != record.state() && !record.state().canReach(state)) {
            return false;
        }
        Instant now = node.clock().instant();
        UpdateBody.Builder body = UpdateBody.newBuilder().setExchangeId(id).setOwnerRegion(node.region().code())
                .setConsumerRegion(record.consumer().code()).setSeq(record.updateSeq() + 1)
                .setStateValue(state.code()).setReason(reason == null ? "" : reason).addAllRules(rules)
                .setAtMs(now.toEpochMilli()).setRequestDigest(ByteString.copyFrom(record.requestDigest()));
        // Each update states the whole current answer: a later one carries the grant and delivery on.
        UpdateBody previous = record.hasUpdate() ? parsed(record.updateBody()) : UpdateBody.getDefaultInstance();
        if (grant != null) {
            body.setGrant(grant);
        } else if (previous.hasGrant()) {
            body.setGrant(previous.getGrant());
        }
        if (deliveryInfo != null) {
            body.setDelivery(deliveryInfo);
        } else if (previous.hasDelivery()) {
            body.setDelivery(previous.getDelivery());
        }
        if (approvalDeadline != null) {
            body.setApprovalDeadlineMs(approvalDeadline.toEpochMilli());
        }
        byte[] bytes = body.build().toByteArray();
        SignedUpdate signed = SignedUpdate.newBuilder().setBody(ByteString.copyFrom(bytes))
                .setSignature(ByteString.copyFrom(sealer.seal(ExchangeSignatures.Kind.UPDATE, bytes)))
                .addAllOwnerChain(ExchangeWire.appChain(node.credentials())).build();
        Optional<ExchangeUpdates.Accepted> accepted = ExchangeUpdates.accept(record, body.build(), signed,
                node.credentials().appCertificate());
        if (accepted.isEmpty() || !ExchangeUpdates.record(store, record, accepted.get(), now)) {
            return false;
        }
        router.towards(record.consumer(), ExchangeFrame.newBuilder().setUpdate(signed).build());
        return true;
    }

    private static Object[] newLocks(int n) {
        Object[] locks = new Object[n];
        for (int i = 0; i < n; i++) {
            locks[i] = new Object();
        }
        return locks;
    }

    private static UpdateBody parsed(byte[] body) {
        try {
            return ExchangeWire.update(ByteString.copyFrom(body));
        } catch (ExchangeWire.Malformed e) {
            throw new IllegalStateException("own update unreadable: " + e.getMessage(), e);
        }
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
