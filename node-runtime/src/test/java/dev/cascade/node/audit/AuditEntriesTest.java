package dev.cascade.node.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cascade.node.testing.NationalNodeResource;
import dev.cascade.node.testing.NodeTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/**
 * An auditor browses the ledger with {@code GET /api/v1/audit/entries}: newest first by default,
 * from a position onwards when asked, or only the entries about one subject, and only entries a
 * signed head covers, so each listed entry can be proven.
 */
@QuarkusTest
@QuarkusTestResource(value = NationalNodeResource.class, restrictToAnnotatedClass = true)
class AuditEntriesTest {

    private static final String PROBLEM = "application/problem+json";

    private NodeTokens tokens;
    private String dept;
    private String auditor;

    @BeforeEach
    void auditorDepartment() throws InterruptedException {
        tokens = NodeTokens.ofRunningNode();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        dept = "aud-" + UUID.randomUUID().toString().substring(0, 8);
        admin().body(Map.of("id", dept, "name", "Department " + dept)).post("/admin/v1/departments").then().statusCode(201);
        admin().body(Map.of("roles", List.of("auditor"))).post("/admin/v1/departments/" + dept + "/tokens")
                .then().statusCode(201);
        auditor = tokens.department(dept, "auditor");
        awaitSequenced(dept, 2);
    }

    @Test
    void withoutFromTheNewestEntriesComeFirstAllCoveredByTheSignedHead() {
        JsonPath page = entries(Map.of("limit", 3));
        long treeSize = page.getLong("treeSize");
        List<Integer> indexes = page.getList("entries.index", Integer.class);

        assertThat(indexes).hasSize(3).isSortedAccordingTo((a, b) -> b - a);
        assertThat(indexes.get(0)).isEqualTo((int) treeSize - 1);
        given().auth().oauth2(auditor).get("/api/v1/audit/head").then().statusCode(200)
                .body("treeSize", equalTo((int) treeSize));
    }

    @Test
    void fromAPositionTheEntriesFollowInLedgerOrderWithTheirLeafHashes() {
        JsonPath page = entries(Map.of("from", 0, "limit", 2));

        assertThat(page.getList("entries.index", Integer.class)).containsExactly(0, 1);
        String leafHash = given().auth().oauth2(auditor).get("/api/v1/audit/entries/1").then().statusCode(200)
                .extract().path("entry.leafHash");
        assertThat(page.getString("entries[1].leafHash")).isEqualTo(leafHash);
    }

    @Test
    void aSubjectFilterListsOnlyTheEntriesAboutIt() {
        JsonPath newest = entries(Map.of("subject", dept));
        assertThat(newest.getList("entries.subject", String.class)).containsOnly(dept);
        assertThat(newest.getList("entries.type", String.class)).containsExactly("department.token-issued", "department.added");

        JsonPath oldest = entries(Map.of("subject", dept, "from", 0, "limit", 1));
        assertThat(oldest.getList("entries.type", String.class)).containsExactly("department.added");

        assertThat(entries(Map.of("subject", "no-such-subject")).getList("entries")).isEmpty();
    }

    @Test
    void aLimitOutOfRangeOrANegativeFromIsABadRequest() {
        given().auth().oauth2(auditor).queryParam("limit", 501).get("/api/v1/audit/entries")
                .then().statusCode(400).contentType(PROBLEM).body("detail", equalTo("limit must be between 1 and 500, not 501"));
        given().auth().oauth2(auditor).queryParam("limit", 0).get("/api/v1/audit/entries")
                .then().statusCode(400).contentType(PROBLEM);
        given().auth().oauth2(auditor).queryParam("from", -1).get("/api/v1/audit/entries")
                .then().statusCode(400).contentType(PROBLEM).body("detail", equalTo("from must be a position (0 or more), not -1"));
    }

    @Test
    void aDepartmentWithoutTheAuditorRoleIsForbidden() {
        given().auth().oauth2(tokens.department(dept, "provider")).get("/api/v1/audit/entries")
                .then().statusCode(403).contentType(PROBLEM);
    }

    private JsonPath entries(Map<String, ?> query) {
        return given().auth().oauth2(auditor).queryParams(query).get("/api/v1/audit/entries")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    /** Entries reach the listing once the sequencer (every 200 ms) has signed a head over them. */
    private void awaitSequenced(String subject, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (entries(Map.of("subject", subject)).getList("entries").size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the entries about " + subject + " were not sequenced within 10 s");
            }
            Thread.sleep(100);
        }
    }

    private RequestSpecification admin() {
        return given().auth().oauth2(tokens.admin()).contentType(ContentType.JSON);
    }
}
