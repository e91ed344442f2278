package dev.cascade.node.supervision.reports;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.google.protobuf.ByteString;
import dev.cascade.node.ledger.EventLog;
import dev.cascade.node.ledger.EventType;
import dev.cascade.node.supervision.reports.DepartmentCounts.Overdue;
import dev.cascade.node.testing.NationalNodeResource;
import dev.cascade.node.testing.NodeTokens;
import dev.cascade.proto.supervision.v1.DepartmentCompliance;
import dev.cascade.proto.supervision.v1.ReasonCount;
import dev.cascade.proto.supervision.v1.ReportBody;
import dev.cascade.proto.supervision.v1.Signed;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The compliance counts against the national test node's real database, on a scripted day of
 * exchanges for two departments: answered in time, answered late, left overdue, denied by rule and
 * by an approver, answered in the period for a request of the day before, received at the end of
 * the period and answered after it. The subtree sums come from report rows inserted as the
 * supervision link stores them.
 */
@QuarkusTest
@QuarkusTestResource(value = NationalNodeResource.class, restrictToAnnotatedClass = true)
class ComplianceReportTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Instant FROM = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-03T00:00:00Z");
    private static final String RULE = "national-baseline/not-shareable";

    @Inject
    ComplianceCounter counter;
    @Inject
    EventLog events;
    @Inject
    Pool pool;

    private static boolean scripted;
    private static String deptA;
    private static String deptB;
    private static final Map<String, String> IDS = new HashMap<>();

    @BeforeEach
    void script() {
        if (scripted) {
            return;
        }
        scripted = true;
        String tag = UUID.randomUUID().toString().substring(0, 6);
        deptA = "cmp-a-" + tag;
        deptB = "cmp-b-" + tag;
        catalogEntry("ra-" + tag, deptA);
        catalogEntry("rb-" + tag, deptB);
        String ra = "ra-" + tag;
        String rb = "rb-" + tag;
        // dept A
        owner("inTime", ra, "01:00", "05:00", "GRANTED", null, null);
        answer("inTime", EventType.EXCHANGE_GRANTED, "03:00");
        owner("late", ra, "02:00", "04:00", "GRANTED", null, null);
        answer("late", EventType.EXCHANGE_GRANTED, "06:00");
        owner("unanswered", ra, "03:00", "07:00", "EXPIRED", "no answer from the provider's approver", null);
        answer("unanswered", EventType.EXCHANGE_EXPIRED, "07:00");
        owner("ruleDenied", ra, "04:00", null, "DENIED", RULE + ": 不予共享", RULE);
        answer("ruleDenied", EventType.EXCHANGE_DENIED, "04:00");
        ownerAt("dayBefore", ra, Instant.parse("2026-11-01T20:00:00Z"), Instant.parse("2026-11-02T00:30:00Z"), "GRANTED", null, null);
        answer("dayBefore", EventType.EXCHANGE_GRANTED, "01:30");
        owner("answeredAfter", ra, "23:00", null, "GRANTED", null, null);
        answerAt("answeredAfter", EventType.EXCHANGE_GRANTED, Instant.parse("2026-11-03T00:10:00Z"));
        // dept B
        owner("approverDenied", rb, "05:00", "09:00", "DENIED", "denied by approver alice: purpose too broad", "");
        answer("approverDenied", EventType.EXCHANGE_DENIED, "08:00");
        owner("ruleDeniedB", rb, "06:00", null, "DENIED", RULE + ": 不予共享", RULE);
        answer("ruleDeniedB", EventType.EXCHANGE_DENIED, "06:00");
        // Not the owner's: a consumer's and a relay's record of requests in the period count for nothing.
        row(UUID.randomUUID().toString(), "consumer", ra, Instant.parse("2026-11-02T10:00:00Z"), null, "DENIED", "x", RULE);
        row(UUID.randomUUID().toString(), "relay", ra, Instant.parse("2026-11-02T10:00:00Z"), null, "GRANTED", null, null);

        report("440000", "2026-11-02T10:00:00Z", 30, 1, section(deptA, 10, 8, 7, List.of("p1"), Map.of(RULE, 2L)));
        report("440100", "2026-11-02T10:00:00Z", 30, 1, section("gz-a", 3, 3, 3, List.of(), Map.of()));
        report("440100", "2026-11-02T10:00:30Z", 30, 2, section("gz-a", 2, 2, 1, List.of("g1", "g2"), Map.of("approver: no", 1L)));
        // Outside the period, and straddling its end: left out.
        report("440100", "2026-11-01T23:00:00Z", 30, 3, section("gz-a", 100, 100, 100, List.of(), Map.of()));
        report("440100", "2026-11-02T23:59:45Z", 30, 4, section("gz-a", 100, 100, 100, List.of(), Map.of()));
    }

    @Test
    void eachDepartmentIsCountedExactly() {
        List<DepartmentCounts> counts = counter.count(FROM, TO).stream()
                .filter(c -> c.department().equals(deptA) || c.department().equals(deptB)).toList();
        assertThat(counts).hasSize(2);
        DepartmentCounts a = counts.stream().filter(c -> c.department().equals(deptA)).findFirst().orElseThrow();
        assertThat(a.region()).isEqualTo("100000");
        assertThat(a.received()).as("received").isEqualTo(5);
        assertThat(a.answered()).as("answered").isEqualTo(4);
        assertThat(a.answeredInTime()).as("answered in time").isEqualTo(2);
        assertThat(a.overdue()).extracting(Overdue::exchangeId)
                .containsExactlyInAnyOrder(IDS.get("late"), IDS.get("unanswered"), IDS.get("dayBefore"));
        assertThat(a.overdue()).filteredOn(o -> o.exchangeId().equals(IDS.get("unanswered"))).singleElement()
                .satisfies(o -> {
                    assertThat(o.consumer()).isEqualTo("gz-police@440100");
                    assertThat(o.resourceId()).startsWith("ra-");
                    assertThat(o.deadline()).isEqualTo(Instant.parse("2026-11-02T07:00:00Z"));
                });
        assertThat(a.denials()).containsExactlyEntriesOf(Map.of(RULE, 1L));

        DepartmentCounts b = counts.stream().filter(c -> c.department().equals(deptB)).findFirst().orElseThrow();
        assertThat(b.received()).isEqualTo(2);
        assertThat(b.answered()).isEqualTo(2);
        assertThat(b.answeredInTime()).isEqualTo(2);
        assertThat(b.overdue()).isEmpty();
        assertThat(b.denials()).containsExactlyInAnyOrderEntriesOf(Map.of(RULE, 1L, "approver: purpose too broad", 1L));

        // The report's sections carry the same numbers.
        DepartmentCompliance section = counter.compliance(FROM, TO).stream()
                .filter(c -> c.getDepartment().equals(deptB)).findFirst().orElseThrow();
        assertThat(section.getAnsweredInTime()).isEqualTo(2);
        assertThat(section.getDenialsList()).extracting(ReasonCount::getReason)
                .containsExactly("approver: purpose too broad", RULE);
    }

    @Test
    void aLaterPeriodCountsTheAnswerThatFellInIt() {
        List<DepartmentCounts> next = counter.count(TO, TO.plus(Duration.ofDays(1))).stream()
                .filter(c -> c.department().equals(deptA)).toList();
        assertThat(next).singleElement().satisfies(a -> {
            assertThat(a.received()).isZero();
            assertThat(a.answered()).isEqualTo(1);
            assertThat(a.answeredInTime()).isEqualTo(1);
        });
    }

    @Test
    void theNodeReportIsJsonForTheOperator() {
        JsonPath json = given().auth().oauth2(NodeTokens.ofRunningNode().admin())
                .queryParam("from", FROM.toString()).queryParam("to", TO.toString())
                .get("/api/v1/supervision/reports")
                .then().statusCode(200).contentType("application/json").body("scope", equalTo("node"))
                .extract().jsonPath();
        assertThat(json.getList("regions.region", String.class)).containsExactly("100000");
        Map<String, Object> a = json.getMap("regions[0].departments.find { it.department == '" + deptA + "' }");
        assertThat(a).containsEntry("received", 5).containsEntry("answered", 4).containsEntry("answeredInTime", 2)
                .containsEntry("overdueCount", 3).containsEntry("denied", 1);
    }

    @Test
    void theSubtreeSumsTheDescendantsReportsWithinThePeriod() {
        JsonPath json = given().auth().oauth2(NodeTokens.ofRunningNode().admin())
                .queryParam("from", FROM.toString()).queryParam("to", TO.toString()).queryParam("scope", "subtree")
                .get("/api/v1/supervision/reports")
                .then().statusCode(200).extract().jsonPath();
        assertThat(json.getList("regions.region", String.class)).containsExactly("100000", "440000", "440100");
        assertThat(json.getInt("regions[2].reports")).isEqualTo(2);
        Map<String, Object> gz = json.getMap("regions[2].departments[0]");
        assertThat(gz).containsEntry("department", "gz-a").containsEntry("received", 5).containsEntry("answered", 5)
                .containsEntry("answeredInTime", 4).containsEntry("overdueCount", 2).containsEntry("denied", 1);
        assertThat(json.getList("regions[2].departments[0].overdue.exchangeId", String.class)).containsExactly("g1", "g2");
        assertThat(json.getMap("regions[1].departments[0]")).containsEntry("department", deptA).containsEntry("received", 10);
    }

    @Test
    void theSubtreeReportIsCsvWhenAskedFor() {
        String csv = given().auth().oauth2(NodeTokens.ofRunningNode().admin()).accept("text/csv")
                .queryParam("from", FROM.toString()).queryParam("to", TO.toString()).queryParam("scope", "subtree")
                .get("/api/v1/supervision/reports")
                .then().statusCode(200).contentType(containsString("text/csv")).extract().asString();
        List<String> lines = Arrays.asList(csv.split("\r\n"));
        assertThat(lines.get(0)).isEqualTo(ComplianceCsv.HEADER);
        assertThat(lines).contains("440100,gz-a,5,5,4,2,1,g1; g2,approver: no = 1",
                "440000," + deptA + ",10,8,7,1,2,p1," + RULE + " = 2");
        assertThat(lines).anyMatch(l -> l.startsWith("100000," + deptB + ",2,2,2,0,2,,"));
        // format=csv does the same without an Accept header.
        given().auth().oauth2(NodeTokens.ofRunningNode().admin()).queryParam("format", "csv")
                .queryParam("from", FROM.toString()).queryParam("to", TO.toString())
                .get("/api/v1/supervision/reports").then().statusCode(200).contentType(containsString("text/csv"));
    }

    @Test
    void badPeriodsAreProblems() {
        String admin = NodeTokens.ofRunningNode().admin();
        given().auth().oauth2(admin).queryParam("from", TO.toString()).queryParam("to", FROM.toString())
                .get("/api/v1/supervision/reports").then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("is not before"));
        given().auth().oauth2(admin).queryParam("from", "2024-01-01T00:00:00Z").queryParam("to", TO.toString())
                .get("/api/v1/supervision/reports").then().statusCode(400).body("detail", containsString("longer than a year"));
        given().auth().oauth2(admin).queryParam("from", "yesterday").queryParam("to", TO.toString())
                .get("/api/v1/supervision/reports").then().statusCode(400)
                .body("detail", containsString("'yesterday' is not an ISO-8601 instant"));
        given().auth().oauth2(admin).queryParam("scope", "world")
                .get("/api/v1/supervision/reports").then().statusCode(400).body("detail", containsString("scope"));
    }

    @Test
    void aSupervisingDepartmentMayAsk() {
        String admin = NodeTokens.ofRunningNode().admin();
        String id = "sup-" + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("id", id, "name", "数据局监管处"))
                .post("/admin/v1/departments").then().statusCode(201);
        String token = given().auth().oauth2(admin).contentType(ContentType.JSON).body(Map.of("roles", List.of("supervisor")))
                .post("/admin/v1/departments/" + id + "/tokens").then().statusCode(201).extract().path("token");
        given().auth().oauth2(token).queryParam("from", FROM.toString()).queryParam("to", TO.toString())
                .get("/api/v1/supervision/reports").then().statusCode(200).body("region", equalTo("100000"));
    }

    @Test
    void aDepartmentWithoutTheSupervisorRoleIsForbidden() {
        given().auth().oauth2(NodeTokens.ofRunningNode().department("cmp-x", "auditor"))
                .get("/api/v1/supervision/reports").then().statusCode(403);
        given().get("/api/v1/supervision/reports").then().statusCode(401);
    }

    // ---- scripting ----

    private static Instant at(String hhmm) {
        return Instant.parse("2026-11-02T" + hhmm + ":00Z");
    }

    private void owner(String name, String resource, String created, String deadline, String state, String reason, String rules) {
        ownerAt(name, resource, at(created), deadline == null ? null : at(deadline), state, reason, rules);
    }

    private void ownerAt(String name, String resource, Instant created, Instant deadline, String state, String reason,
                         String rules) {
        String id = UUID.randomUUID().toString();
        IDS.put(name, id);
        row(id, "owner", resource, created, deadline, state, reason, rules);
        appendAt(EventType.EXCHANGE_REQUESTED, "owner", id, created);
        if (deadline != null) {
            appendAt(EventType.EXCHANGE_PENDING_APPROVAL, "owner", id, created);
        }
    }

    private void answer(String name, EventType type, String hhmm) {
        answerAt(name, type, at(hhmm));
    }

    private void answerAt(String name, EventType type, Instant when) {
        appendAt(type, "owner", IDS.get(name), when);
    }

    private void appendAt(EventType type, String actor, String subject, Instant at) {
        pool.withTransaction(tx -> events.append(tx, type, actor, subject, type.key(), null, at)).await().atMost(WAIT);
    }

    private void row(String id, String role, String resource, Instant created, Instant deadline, String state, String reason,
                     String rules) {
        OffsetDateTime c = OffsetDateTime.ofInstant(created, ZoneOffset.UTC);
        pool.preparedQuery("insert into exchange (id, role, state, consumer_region, consumer_dept, owner_region, resource_id, purpose,"
                        + " request_body, request_signature, request_chain_digest, request_digest, created_at, updated_at,"
                        + " approval_deadline, reason, rules) values ($1, $2, $3, '440100', 'gz-police', '100000', $4, 'test',"
                        + " '\\x00', '\\x00', '\\x00', '\\x00', $5, $5, $6, $7, $8)")
                .execute(Tuple.tuple(List.of(id, role, state, resource, c))
                        .addOffsetDateTime(deadline == null ? null : OffsetDateTime.ofInstant(deadline, ZoneOffset.UTC))
                        .addString(reason).addString(rules))
                .await().atMost(WAIT);
    }

    private void catalogEntry(String resource, String dept) {
        pool.preparedQuery("insert into catalog_entry (origin, resource_id, version, seq, title, abstract, provider_dept, category,"
                        + " level, sharing_type, scope, updated_at, descriptor) values ('100000', $1, 1, 1, $1, '', $2, 'population',"
                        + " 'L2', 'conditional', 'national', now(), '{}')")
                .execute(Tuple.of(resource, dept)).await().atMost(WAIT);
    }

    private static DepartmentCompliance section(String dept, long received, long answered, long inTime, List<String> overdue,
                                                Map<String, Long> denials) {
        DepartmentCompliance.Builder b = DepartmentCompliance.newBuilder().setDepartment(dept).setReceived(received)
                .setAnswered(answered).setAnsweredInTime(inTime).addAllOverdue(overdue);
        denials.forEach((r, n) -> b.addDenials(ReasonCount.newBuilder().setReason(r).setCount(n)));
        return b.build();
    }

    private void report(String region, String from, int seconds, long seq, DepartmentCompliance section) {
        Instant start = Instant.parse(from);
        Instant end = start.plusSeconds(seconds);
        ReportBody body = ReportBody.newBuilder().setRegion(region).setSeq(seq).setPeriodFromMs(start.toEpochMilli())
                .setPeriodToMs(end.toEpochMilli()).addCompliance(section).build();
        byte[] signed = Signed.newBuilder().setBody(body.toByteString()).setSignature(ByteString.copyFromUtf8("not checked here"))
                .build().toByteArray();
        pool.preparedQuery("insert into supervision_report (region, period_from, period_to, seq, signed, received_from, received_at)"
                        + " values ($1, $2, $3, $4, $5, $6, now())")
                .execute(Tuple.tuple(List.of(region, OffsetDateTime.ofInstant(start, ZoneOffset.UTC),
                        OffsetDateTime.ofInstant(end, ZoneOffset.UTC), seq, Buffer.buffer(signed), region)))
                .await().atMost(WAIT);
    }
}
