package dev.cascade.node.calls;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.exchange.DirectiveCheck;
import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.routing.Hops;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.proto.exchange.v1.CallBody;
import dev.cascade.proto.exchange.v1.CallOutcome;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.ServiceAnswer;
import dev.cascade.proto.exchange.v1.ServiceCall;
import dev.cascade.protocol.envelope.CallKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The consumer node's end of a service call: it checks that the department holds the grant and that
 * the grant is active here, seals the call for the owner node, waits for the answer, opens it (an
 * answer that does not open was altered and is refused) and records the call.
 */
@ApplicationScoped
public class ConsumerCalls {

    private record Waiting(CompletableFuture<CallResult> result, String grantId, String dept, long started, Instant at,
                           CallKey key) {
    }

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
    CallUsage usage;

    private final ConcurrentHashMap<String, Waiting> waiting = new ConcurrentHashMap<>();

    /**
     * Makes one call for department {@code dept} under grant {@code grantId} with the body's
     * {@code params} (an object of parameter names to string values). Blocks only to read the grant
     * on a cache miss; the answer completes the returned stage.
     *
     * @throws ProblemException 400 for a malformed body, 404 for a grant the department does not
     *                          hold here, 403 for one not active or stopped by a directive
     */
    public CompletionStage<CallResult> call(String dept, String grantId, JsonNode json) {
        Map<String, String> params = params(json);
        GrantStates.Grant grant = grants.find(grantId, ExchangeRole.CONSUMER).filter(g -> g.consumerDept().equals(dept))
                .orElseThrow(() -> ProblemException.notFound("department " + dept + " holds no service grant " + grantId + " at "
                        + node.region()));
        Instant now = node.clock().instant();
        grant.inactive(now).ifPresent(why -> {
            throw ProblemException.forbidden(why);
        });
        Optional<DirectiveCheck.Stop> stop = directives.stops(node.region(), dept, grant.owner(), grant.resourceId());
        if (stop.isPresent()) {
            throw ProblemException.forbidden("refused by " + stop.get().reason());
        }
        CallKey key = keys.of(grant).orElseThrow(() -> new ProblemException(503, "Grant key unavailable",
                "the call key of grant " + grantId + " has not reached " + node.region() + " or does not open here"));
        String callId = UUID.randomUUID().toString();
        byte[] body = CallBody.newBuilder().setConsumerDepartment(dept).putAllParams(params).setIssuedAtMs(now.toEpochMilli())
                .build().toByteArray();
        ServiceCall call = ServiceCall.newBuilder().setGrantId(grantId).setConsumerRegion(node.region().code())
                .setOwnerRegion(grant.owner().code()).setCallId(callId)
                .setSealed(ByteString.copyFrom(key.seal(CallKey.Direction.CALL, callId, body))).build();
        CompletableFuture<CallResult> result = new CompletableFuture<>();
        long started = System.nanoTime();
        waiting.put(callId, new Waiting(result, grantId, dept, started, now, key));
        if (!hops.sendNow(grant.owner(), ExchangeFrame.newBuilder().setCall(call).build())) {
            finish(callId, new CallResult.Refused(callId, grantId, 503, "No route", "no open link from " + node.region()
                    + " towards " + grant.owner(), node.region().code(), null, CallOutcome.UNROUTABLE.name()), CallOutcome.UNROUTABLE.name());
            return result;
        }
        long waitMs = config.calls().answerWithin().toMillis();
        result.completeOnTimeout(null, waitMs, TimeUnit.MILLISECONDS);
        return result.thenApply(r -> {
            if (r != null) {
                return r;
            }
            CallResult none = new CallResult.Refused(callId, grantId, 504, "No answer", "no answer from " + grant.owner()
                    + " within " + waitMs + " ms", node.region().code(), null, "NO_ANSWER");
            finish(callId, none, "NO_ANSWER");
            return none;
        });
    }

    /** An answer (or a hop's refusal) for a call of this node. */
    void answered(ServiceAnswer answer) {
        Waiting w = waiting.get(answer.getCallId());
        if (w == null || !w.grantId().equals(answer.getGrantId())) {
            return; // late (the caller was told 504) or not ours: nothing waits for it
        }
        CallResult result = AnswerOpening.open(w.key(), answer, node.region().code());
        finish(answer.getCallId(), result, AnswerOpening.outcomeOf(result));
    }

    private void finish(String callId, CallResult result, String outcome) {
        Waiting w = waiting.remove(callId);
        if (w == null) {
            return;
        }
        String detail = result instanceof CallResult.Refused r ? r.reason() : "";
        usage.record(new CallUsage.Call(callId, "consumer", w.grantId(), w.dept(), outcome, detail,
                (int) ((System.nanoTime() - w.started()) / 1_000_000), w.at()));
        w.result().complete(result);
    }

    private static Map<String, String> params(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw ProblemException.badRequest("the body must be a JSON object with an object 'params'");
        }
        JsonNode p = json.get("params");
        if (p == null || !p.isObject()) {
            throw ProblemException.badRequest("params: must be an object of parameter names to string values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : p.properties()) {
            if (!e.getValue().isTextual() && !e.getValue().isNumber()) {
                throw ProblemException.badRequest("params." + e.getKey() + ": must be a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
