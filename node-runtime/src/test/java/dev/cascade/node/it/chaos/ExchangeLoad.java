package dev.cascade.node.it.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.cascade.node.it.Api;
import dev.cascade.node.it.NodeProcess;

/**
 * The consumer department's and the provider's approver's side of the load: requests of mixed
 * resources (sizes from tens to thousands of rows), some for a few fields or rows, and for the
 * conditional resource an approval, a tighter approval, a denial, or no answer at all (it must
 * expire). Every choice comes from the run's random; a request is retried with its own
 * {@code requestId} until the consumer node accepts it, so a crash never starts it twice.
 */
final class ExchangeLoad {

    enum Answer { AUTOMATIC, APPROVE, APPROVE_FEWER_ROWS, DENY, NONE }

    record Plan(int index, String id, SourceTable source, List<String> fields, long rowLimit, Answer answer, long answerAfterMs,
                long approvedRows) {
    }

    /** A planned exchange and what the harness has seen of it. */
    static final class Tracked {
        final Plan plan;
        volatile boolean accepted;
        volatile String refusal;
        volatile long pendingSeenAt;
        volatile boolean answered;

        Tracked(Plan plan) {
            this.plan = plan;
        }
    }

    private final Api consumer;
    private final Api approver;
    private final ChaosNode consumerNode;
    private final ChaosNode ownerNode;
    private final List<SourceTable> automatic;
    private final SourceTable conditional;
    private final Random random;
    private final ChaosLog log;
    private final List<Tracked> all = new CopyOnWriteArrayList<>();
    private final Map<String, Tracked> byId = new HashMap<>();

    ExchangeLoad(Api consumer, Api approver, ChaosNode consumerNode, ChaosNode ownerNode, List<SourceTable> automatic,
                 SourceTable conditional, Random random, ChaosLog log) {
        this.consumer = consumer;
        this.approver = approver;
        this.consumerNode = consumerNode;
        this.ownerNode = ownerNode;
        this.automatic = automatic;
        this.conditional = conditional;
        this.random = random;
        this.log = log;
    }

    List<Tracked> all() {
        return all;
    }

    /** Plans the next exchange from the run's random and asks for it. */
    void requestNext() {
        int index = all.size();
        String id = new UUID(random.nextLong(), random.nextLong()).toString();
        boolean approval = random.nextInt(100) < 30;
        SourceTable source = approval ? conditional : automatic.get(random.nextInt(automatic.size()));
        List<String> fields = new ArrayList<>();
        if (random.nextInt(100) < 30) {
            for (String c : SourceTable.COLUMNS) {
                if (random.nextBoolean()) {
                    fields.add(c);
                }
            }
        }
        long rowLimit = random.nextInt(100) < 25 ? 1 + random.nextInt(source.rows().size()) : 0;
        Answer answer = Answer.AUTOMATIC;
        long after = 0;
        long approvedRows = 0;
        if (approval) {
            int pick = random.nextInt(100);
            answer = pick < 55 ? Answer.APPROVE : pick < 70 ? Answer.APPROVE_FEWER_ROWS : pick < 85 ? Answer.DENY : Answer.NONE;
            after = 300 + random.nextInt(6000);
            int granted = rowLimit == 0 ? source.rows().size() : (int) rowLimit;
            approvedRows = granted > 1 ? 1 + random.nextInt(granted - 1) : 0; // strictly fewer rows than asked
            if (answer == Answer.APPROVE_FEWER_ROWS && approvedRows == 0) {
                answer = Answer.APPROVE;
            }
        }
        Tracked t = new Tracked(new Plan(index, id, source, List.copyOf(fields), rowLimit, answer, after, approvedRows));
        synchronized (byId) {
            byId.put(id, t);
        }
        all.add(t);
        ask(t);
    }

    /** Asks again for every exchange the consumer node has not yet accepted. */
    void retryUnaccepted() {
        for (Tracked t : all) {
            if (!t.accepted && t.refusal == null) {
                ask(t);
            }
        }
    }

    boolean allAccepted() {
        return all.stream().allMatch(t -> t.accepted || t.refusal != null);
    }

    private void ask(Tracked t) {
        if (!consumerNode.isUp()) {
            return;
        }
        ObjectNode body = NodeProcess.JSON.createObjectNode().put("requestId", t.plan.id()).put("origin", "320100")
                .put("resource", t.plan.source().resourceId()).put("purpose", "混沌测试核验")
                .put("legalBasis", "《政务数据共享条例》第十条");
        if (!t.plan.fields().isEmpty()) {
            ArrayNode fields = body.putArray("fields");
            t.plan.fields().forEach(fields::add);
        }
        if (t.plan.rowLimit() > 0) {
            body.put("rowLimit", t.plan.rowLimit());
        }
        try {
            Api.Reply r = consumer.post("/api/v1/exchanges", body.toString());
            if (r.status() == 201 || r.status() == 200) {
                t.accepted = true;
            } else if (r.status() < 500) {
                t.refusal = r.status() + " " + r.raw();
                log.say("exchange %s refused by the consumer node: %s", t.plan.id(), t.refusal);
            }
        } catch (Api.Unreachable e) {
            // the consumer node is going down or restarting: asked again later with the same id
        }
    }

    /** The approver's round: answers, once each one's planned delay has passed, the requests awaiting it. */
    void answerApprovals() {
        if (!ownerNode.isUp()) {
            return;
        }
        JsonNode pending;
        try {
            Api.Reply r = approver.get("/api/v1/approvals");
            if (r.status() != 200) {
                return;
            }
            pending = r.body();
        } catch (Api.Unreachable e) {
            return;
        }
        long now = System.currentTimeMillis();
        for (JsonNode p : pending) {
            Tracked t;
            synchronized (byId) {
                t = byId.get(p.path("id").asText());
            }
            if (t == null || t.answered || t.plan.answer() == Answer.NONE) {
                continue;
            }
            if (t.pendingSeenAt == 0) {
                t.pendingSeenAt = now;
            }
            if (now - t.pendingSeenAt >= t.plan.answerAfterMs()) {
                answer(t);
            }
        }
    }

    private void answer(Tracked t) {
        String path = "/api/v1/approvals/" + t.plan.id();
        try {
            Api.Reply r = switch (t.plan.answer()) {
                case APPROVE -> approver.post(path + "/approve", "{}");
                case APPROVE_FEWER_ROWS -> approver.post(path + "/approve", "{\"rowLimit\":" + t.plan.approvedRows() + "}");
                case DENY -> approver.post(path + "/deny", "{\"reason\":\"混沌测试：用途与共享条件不符\"}");
                case AUTOMATIC, NONE -> throw new IllegalStateException("nothing to answer for " + t.plan.id());
            };
            if (r.status() == 204 || r.status() == 409) {
                t.answered = true; // 409: expired or answered meanwhile, which the proof reads from the state
            } else if (r.status() < 500) {
                t.answered = true;
                log.say("approver's answer to %s refused: %d %s", t.plan.id(), r.status(), r.raw());
            }
        } catch (Api.Unreachable e) {
            // the owner went down: answered on a later round
        }
    }
}
