package dev.cascade.node.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.exchange.DirectiveCheck;
import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.owner.GrantMasking;
import dev.cascade.node.exchange.routing.Hops;
import dev.cascade.node.exchange.source.DataSources;
import dev.cascade.node.exchange.source.SourceFailure;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.exchange.v1.AnswerBody;
import dev.cascade.proto.exchange.v1.CallBody;
import dev.cascade.proto.exchange.v1.CallOutcome;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.ServiceAnswer;
import dev.cascade.proto.exchange.v1.ServiceCall;
import dev.cascade.proto.exchange.v1.StandingTerms;
import dev.cascade.policy.mask.Masker;
import dev.cascade.policy.mask.MaskingException;
import dev.cascade.protocol.catalog.ServiceArguments;
import dev.cascade.protocol.envelope.CallKey;
import dev.cascade.protocol.envelope.EnvelopeException;
import dev.cascade.protocol.region.RegionCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The owner node's end of a service call: it opens the call with the grant's key, checks who calls
 * (the grant's department, from the grant's consumer node), that the call is fresh and new, that
 * the grant is active and no directive stops it, the parameters, the quota and the rate; calls the
 * endpoint once; keeps only the granted fields, masks them; seals the answer for the consumer node
 * and records the call. Every refusal is an answer too, sealed like any other.
 */
@ApplicationScoped
public class OwnerCalls {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    LocalNode node;
    @Inject
    CascadeConfig config;
    @Inject
    GrantStates grants;
    @Inject
    CallKeys keys;
    @Inject
    Hops hops;
    @Inject
    DirectiveCheck directives;
    @Inject
    ServiceEndpoints endpoints;
    @Inject
    GrantMasking masking;
    @Inject
    CallUsage usage;
    @Inject
    CallRoute route;

    private final CallLimits limits = new CallLimits();
    private final SeenCalls seen = new SeenCalls();
    private final ConcurrentHashMap<String, Map<String, Masker>> maskers = new ConcurrentHashMap<>();

    /** A call for a grant this node owns, from the neighbour towards its consumer. */
    void arrived(ServiceCall call) {
        long started = System.nanoTime();
        Instant now = node.clock().instant();
        Optional<GrantStates.Grant> held = grants.find(call.getGrantId(), ExchangeRole.OWNER);
        Optional<CallKey> key = held.flatMap(keys::of);
        if (held.isEmpty() || key.isEmpty() || !held.get().consumer().code().equals(call.getConsumerRegion())) {
            // Without the grant's key nothing can be sealed: the refusal goes back in the clear, as a relay's would.
            route.refuseHere(call, CallOutcome.GRANT_INACTIVE, "no service grant " + call.getGrantId() + " for "
                    + call.getConsumerRegion() + " at " + node.region());
            return;
        }
        GrantStates.Grant grant = held.get();
        CallBody body;
        try {
            body = CallBody.parseFrom(key.get().open(CallKey.Direction.CALL, call.getCallId(), call.getSealed().toByteArray()));
        } catch (EnvelopeException | InvalidProtocolBufferException e) {
            route.refuseHere(call, CallOutcome.GRANT_INACTIVE, "call " + call.getCallId() + " does not open under grant "
                    + call.getGrantId() + "'s key: not sealed by its consumer node, or altered on the way");
            record(call, grant.consumerDept(), CallOutcome.GRANT_INACTIVE, "call did not authenticate", started, now);
            return;
        }
        Duration freshness = config.exchange().requestFreshness();
        Instant issued = Instant.ofEpochMilli(body.getIssuedAtMs());
        if (issued.isBefore(now.minus(freshness)) || issued.isAfter(now.plus(freshness)) || !seen.firstTime(call.getCallId(), now, freshness)) {
            answer(call, key.get(), grant, CallOutcome.GRANT_INACTIVE, "call " + call.getCallId() + " is stale or replayed", null, started, now, body);
            return;
        }
        if (!body.getConsumerDepartment().equals(grant.consumerDept())) {
            answer(call, key.get(), grant, CallOutcome.GRANT_INACTIVE, "grant " + grant.id() + " is held by department "
                    + grant.consumerDept() + ", not " + body.getConsumerDepartment(), null, started, now, body);
            return;
        }
        Optional<String> inactive = grant.inactive(now);
        if (inactive.isPresent()) {
            answer(call, key.get(), grant, CallOutcome.GRANT_INACTIVE, inactive.get() + " at " + node.region(), null, started, now, body);
            return;
        }
        Optional<DirectiveCheck.Stop> stop = directives.stops(grant.consumer(), grant.consumerDept(), grant.owner(), grant.resourceId());
        if (stop.isPresent()) {
            answer(call, key.get(), grant, CallOutcome.STOPPED, "refused by " + stop.get().reason(), null, started, now, body);
            return;
        }
        DataSources.Service service;
        try {
            service = endpoints.service(grant.resourceId());
        } catch (SourceFailure e) {
            answer(call, key.get(), grant, CallOutcome.ENDPOINT_FAILED, e.getMessage(), null, started, now, body);
            return;
        }
        ServiceArguments.Checked args = ServiceArguments.check(service.descriptor().service(), body.getParamsMap());
        if (args instanceof ServiceArguments.Invalid invalid) {
            answer(call, key.get(), grant, CallOutcome.BAD_PARAMETERS, String.join("; ", invalid.problems()), null, started, now, body);
            return;
        }
        StandingTerms terms = grant.grant().getStanding();
        LocalDate today = LocalDate.ofInstant(now, config.calls().zone());
        CallLimits.Use use = limits.take(grant.id(), terms.getQuotaPerDay(), terms.getRatePerSecond(), today, System.nanoTime(),
                () -> usage.countedSince(grant.id(), "owner", today.atStartOfDay(config.calls().zone()).toInstant()));
        if (use.verdict() != CallLimits.Verdict.WITHIN) {
            boolean quota = use.verdict() == CallLimits.Verdict.OVER_QUOTA;
            answer(call, key.get(), grant, quota ? CallOutcome.OVER_QUOTA : CallOutcome.OVER_RATE, quota
                    ? "the grant's quota of " + terms.getQuotaPerDay() + " calls a day is used up"
                    : "faster than the grant's rate of " + terms.getRatePerSecond() + " calls a second", use, started, now, body);
            return;
        }
        endpoints.call(service.endpoint(), ((ServiceArguments.Valid) args).values()).thenAccept(reply -> {
            if (reply.outcome() != CallOutcome.ANSWERED) {
                answer(call, key.get(), grant, reply.outcome(), reply.reason(), use, started, now, body);
                return;
            }
            try {
                answerWith(call, key.get(), grant, shaped(grant, reply.result()), use, started, now, body);
            } catch (MaskingException e) {
                answer(call, key.get(), grant, CallOutcome.ENDPOINT_FAILED, "a granted field could not be masked: " + e.getMessage(),
                        use, started, now, body);
            }
        });
    }

    /** Only the granted fields the endpoint answered, each masked as the grant says. */
    private String shaped(GrantStates.Grant grant, JsonNode result) {
        Map<String, Masker> fields = maskers.computeIfAbsent(grant.id(), id -> masking.maskers(grant.grant()));
        ObjectNode out = JSON.createObjectNode();
        fields.forEach((name, masker) -> {
            JsonNode v = result.get(name);
            if (v == null || v.isNull()) {
                return;
            }
            if (masker == null) {
                out.set(name, v);
            } else {
                out.put(name, masker.mask(v.isValueNode() ? v.asText() : v.toString()));
            }
        });
        return out.toString();
    }

    private void answer(ServiceCall call, CallKey key, GrantStates.Grant grant, CallOutcome outcome, String reason,
                        CallLimits.Use use, long started, Instant now, CallBody body) {
        send(call, key, grant, AnswerBody.newBuilder().setOutcome(outcome).setReason(reason), use, started, now, body);
    }

    private void answerWith(ServiceCall call, CallKey key, GrantStates.Grant grant, String resultJson, CallLimits.Use use,
                            long started, Instant now, CallBody body) {
        send(call, key, grant, AnswerBody.newBuilder().setOutcome(CallOutcome.ANSWERED).setResultJson(resultJson), use, started,
                now, body);
    }

    private void send(ServiceCall call, CallKey key, GrantStates.Grant grant, AnswerBody.Builder answer, CallLimits.Use use,
                      long started, Instant now, CallBody body) {
        StandingTerms terms = grant.grant() == null ? StandingTerms.getDefaultInstance() : grant.grant().getStanding();
        LocalDate today = LocalDate.ofInstant(now, config.calls().zone());
        answer.setQuotaPerDay(terms.getQuotaPerDay()).setRatePerSecond(terms.getRatePerSecond())
                .setUsedToday(use != null ? use.usedToday() : limits.usedToday(grant.id(), today))
                .setAtMs(node.clock().instant().toEpochMilli());
        byte[] sealed = key.seal(CallKey.Direction.ANSWER, call.getCallId(), answer.build().toByteArray());
        ServiceAnswer frame = ServiceAnswer.newBuilder().setGrantId(call.getGrantId()).setConsumerRegion(call.getConsumerRegion())
                .setOwnerRegion(call.getOwnerRegion()).setCallId(call.getCallId()).setSealed(ByteString.copyFrom(sealed)).build();
        hops.sendNow(RegionCode.parse(call.getConsumerRegion()), ExchangeFrame.newBuilder().setAnswer(frame).build());
        record(call, body.getConsumerDepartment().isEmpty() ? grant.consumerDept() : body.getConsumerDepartment(),
                answer.getOutcome(), answer.getReason(), started, now);
    }

    private void record(ServiceCall call, String dept, CallOutcome outcome, String detail, long started, Instant at) {
        usage.record(new CallUsage.Call(call.getCallId(), "owner", call.getGrantId(), dept, outcome.name(), detail,
                (int) ((System.nanoTime() - started) / 1_000_000), at));
    }
}
