package dev.cascade.node.calls;

import dev.cascade.node.problem.ProblemMappers;
import dev.cascade.proto.exchange.v1.AnswerBody;
import dev.cascade.proto.exchange.v1.CallOutcome;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a call ended for the department that made it, and its HTTP form: 200 with the result, or a
 * problem document naming the reason, the node that said it and the grant's limits.
 */
public sealed interface CallResult {

    /** The owner answered with the granted, masked fields. */
    record Answered(String callId, String grantId, String resultJson, AnswerBody answer) implements CallResult {
    }

    /** The call did not get a result: refused on the way or at the owner, or the endpoint failed. */
    /** @param outcome what the usage record names: a {@link CallOutcome} name, or NO_ANSWER / ANSWER_REFUSED */
    record Refused(String callId, String grantId, int status, String title, String reason, String by, AnswerBody limits,
                   String outcome) implements CallResult {
    }

    /** The HTTP status a department sees for an owner's or hop's outcome. */
    static int statusOf(CallOutcome outcome) {
        return switch (outcome) {
            case NOT_FOUND -> 404;
            case OVER_QUOTA, OVER_RATE -> 429;
            case GRANT_INACTIVE, STOPPED -> 403;
            case BAD_PARAMETERS -> 400;
            case ENDPOINT_TIMEOUT -> 504;
            case UNROUTABLE -> 503;
            default -> 502;
        };
    }

    static String titleOf(CallOutcome outcome) {
        return switch (outcome) {
            case NOT_FOUND -> "No record";
            case OVER_QUOTA -> "Quota used up";
            case OVER_RATE -> "Rate exceeded";
            case GRANT_INACTIVE -> "Grant not active";
            case STOPPED -> "Stopped by directive";
            case BAD_PARAMETERS -> "Bad parameters";
            case ENDPOINT_TIMEOUT -> "Endpoint timeout";
            case UNROUTABLE -> "No route";
            default -> "Endpoint failed";
        };
    }

    default Response toResponse() {
        if (this instanceof Answered a) {
            String body = "{\"callId\":\"" + a.callId() + "\",\"grant\":\"" + a.grantId() + "\",\"result\":" + a.resultJson()
                    + ",\"usedToday\":" + a.answer().getUsedToday() + ",\"quotaPerDay\":" + a.answer().getQuotaPerDay() + "}";
            return Response.ok(body, MediaType.APPLICATION_JSON).build();
        }
        Refused r = (Refused) this;
        Map<String, Object> ext = new LinkedHashMap<>();
        ext.put("callId", r.callId());
        ext.put("grant", r.grantId());
        ext.put("refusedAt", r.by());
        if (r.limits() != null && (r.limits().getQuotaPerDay() > 0 || r.limits().getRatePerSecond() > 0)) {
            ext.put("quotaPerDay", r.limits().getQuotaPerDay());
            ext.put("ratePerSecond", r.limits().getRatePerSecond());
            ext.put("usedToday", r.limits().getUsedToday());
        }
        Response.ResponseBuilder out = Response.fromResponse(ProblemMappers.respond(r.status(), r.title(), r.reason(), ext));
        if (r.status() == 429) {
            out.header("Retry-After", r.limits() != null && r.limits().getOutcome() == CallOutcome.OVER_QUOTA ? "3600" : "1");
        }
        return out.build();
    }
}
