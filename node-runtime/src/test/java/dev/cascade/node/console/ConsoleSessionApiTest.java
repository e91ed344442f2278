package dev.cascade.node.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cascade.node.testing.NationalNodeResource;
import dev.cascade.node.testing.NodeTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@QuarkusTestResource(value = NationalNodeResource.class, restrictToAnnotatedClass = true)
class ConsoleSessionApiTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    Mutiny.SessionFactory sessions;

    private NodeTokens tokens;

    @BeforeEach
    void tokens() {
        tokens = NodeTokens.ofRunningNode();
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @Test
    void aOneTimeLinkOpensAnHttpOnlyStrictSessionOnceAndRecordsBoth() {
        String dept = department("health");
        String path = link(dept, "consumer", "auditor");
        assertThat(path).startsWith("/console/login?code=");

        Response opened = open(path);
        assertThat(opened.statusCode()).isEqualTo(303);
        assertThat(opened.header("Location")).endsWith("/console/");
        String setCookie = opened.header("Set-Cookie");
        assertThat(setCookie).startsWith("cascade_session=").contains("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28800");

        Response again = open(path);
        assertThat(again.statusCode()).isEqualTo(303);
        assertThat(again.header("Location")).endsWith("/console/#/login?error=used");
        assertThat(again.header("Set-Cookie")).isNull();

        String cookie = cookieValue(setCookie);
        given().cookie("cascade_session", cookie).get("/api/v1/session").then().statusCode(200)
                .body("subject", equalTo(dept)).body("kind", equalTo("department"))
                .body("name", equalTo("Department " + dept)).body("roles", equalTo(List.of("auditor", "consumer")))
                .body("region", equalTo("100000")).body("tier", equalTo("national"))
                .body("csrfToken", notNullValue());
        // The session is the department's token: the REST API serves it as it would the department system.
        given().cookie("cascade_session", cookie).get("/api/v1/me").then().statusCode(200).body("dept", equalTo(dept));

        admin().queryParam("type", "console.login-issued").get("/admin/v1/events").then().body("subject", hasItem(dept));
        admin().queryParam("type", "console.session-started").get("/admin/v1/events").then().body("subject", hasItem(dept));
    }

    @Test
    void anUnknownOrExpiredCodeSendsTheBrowserToTheLoginPageWithTheReason() {
        assertThat(open("/console/login?code=nothing-like-a-code").header("Location")).endsWith("#/login?error=unknown");
        assertThat(open("/console/login").header("Location")).endsWith("#/login?error=unknown");

        String path = link(department("late"), "consumer");
        byte[] hash = LoginCodes.hash(path.substring(path.indexOf('=') + 1));
        sessions.withTransaction(s -> s.find(LoginCodeRecord.class, hash).invoke(r -> r.expiresAt = Instant.now().minusSeconds(1)))
                .await().indefinitely();
        Response late = open(path);
        assertThat(late.header("Location")).endsWith("#/login?error=expired");
        assertThat(late.header("Set-Cookie")).isNull();
    }

    @Test
    void changesMadeWithTheCookieMustEchoTheCsrfTokenAndLogoutEndsTheSession() {
        String cookie = login(department("csrf"), "consumer");
        String csrf = given().cookie("cascade_session", cookie).get("/api/v1/session").then().extract().path("csrfToken");

        given().cookie("cascade_session", cookie).post("/api/v1/session/logout")
                .then().statusCode(403).contentType(PROBLEM).body("detail", containsString("X-CSRF-Token"));
        given().cookie("cascade_session", cookie).header("X-CSRF-Token", csrf + "x").post("/api/v1/session/logout")
                .then().statusCode(403).contentType(PROBLEM);
        // Still live: the refused logouts changed nothing.
        given().cookie("cascade_session", cookie).get("/api/v1/session").then().statusCode(200);

        Response out = given().cookie("cascade_session", cookie).header("X-CSRF-Token", csrf).post("/api/v1/session/logout");
        assertThat(out.statusCode()).isEqualTo(204);
        assertThat(out.header("Set-Cookie")).startsWith("cascade_session=;").contains("Max-Age=0");

        // The token would verify until it expires; the ended session refuses it.
        given().cookie("cascade_session", cookie).get("/api/v1/me")
                .then().statusCode(401).contentType(PROBLEM).body("detail", containsString("session has ended"));
        admin().queryParam("type", "console.session-ended").get("/admin/v1/events").then().statusCode(200)
                .body("detail", hasItem(containsString("logged out")));
    }

    @Test
    void aStreamedDataUploadWithTheCookieMustEchoTheCsrfTokenToo() {
        // The upload is a Vert.x route, not a REST operation: it runs the same session check itself.
        String cookie = login(department("upload"), "provider");
        String csrf = given().cookie("cascade_session", cookie).get("/api/v1/session").then().extract().path("csrfToken");
        given().cookie("cascade_session", cookie).contentType("text/csv; charset=UTF-8").body("a,b\n1,2\n")
                .put("/api/v1/resources/3.01.999.001-000009/data")
                .then().statusCode(403).contentType(PROBLEM).body("detail", containsString("X-CSRF-Token"));
        // With the token the upload gets as far as the resource, which this department does not own.
        given().cookie("cascade_session", cookie).header("X-CSRF-Token", csrf).contentType("text/csv; charset=UTF-8").body("a,b\n1,2\n")
                .put("/api/v1/resources/3.01.999.001-000009/data")
                .then().statusCode(org.hamcrest.Matchers.not(403));
    }

    @Test
    void theOperatorLogsInWithTheNodeAdminRoleAndNoDepartment() {
        String cookie = cookieValue(open(link(null, "node-admin")).header("Set-Cookie"));
        given().cookie("cascade_session", cookie).get("/api/v1/session").then().statusCode(200)
                .body("kind", equalTo("operator")).body("roles", equalTo(List.of("node-admin")));
        given().cookie("cascade_session", cookie).get("/admin/v1/status").then().statusCode(200);
        // An operator session is no department.
        given().cookie("cascade_session", cookie).get("/api/v1/me").then().statusCode(403);
    }

    @Test
    void aBadLinkRequestIsRefusedWithTheReason() {
        admin().body(Map.of("dept", department("bad"), "roles", List.of())).post("/admin/v1/console/login-codes")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("at least one role"));
        admin().body(Map.of("dept", department("mixed"), "roles", List.of("node-admin"))).post("/admin/v1/console/login-codes")
                .then().statusCode(400).body("detail", containsString("takes no department"));
        admin().body(Map.of("roles", List.of("consumer"))).post("/admin/v1/console/login-codes")
                .then().statusCode(400).body("detail", containsString("needs the department"));
        admin().body(Map.of("dept", department("role"), "roles", List.of("king"))).post("/admin/v1/console/login-codes")
                .then().statusCode(400).body("detail", containsString("'king' is not a department role"));
        admin().body(Map.of("dept", "no-such-dept", "roles", List.of("consumer"))).post("/admin/v1/console/login-codes")
                .then().statusCode(404).body("detail", equalTo("unknown department no-such-dept"));
        given().auth().oauth2(tokens.department("any", "consumer")).contentType(ContentType.JSON)
                .body(Map.of("dept", "any", "roles", List.of("consumer"))).post("/admin/v1/console/login-codes")
                .then().statusCode(403);
    }

    @Test
    void aSuspendedDepartmentsLinkOpensNoSession() {
        String dept = department("gone");
        String path = link(dept, "consumer");
        admin().post("/admin/v1/departments/" + dept + "/suspend").then().statusCode(200);
        Response opened = open(path);
        assertThat(opened.header("Location")).endsWith("#/login?error=department");
        assertThat(opened.header("Set-Cookie")).isNull();
    }

    @Test
    void bearerTokensWorkAsBeforeAndAStaleCookieNeverBlocksTheConsolePages() {
        String dept = department("bearer");
        given().auth().oauth2(tokens.department(dept, "consumer")).get("/api/v1/session").then().statusCode(200)
                .body("subject", equalTo(dept)).body("csrfToken", nullValue());
        // A garbage cookie is refused by the API, but the console's login link still works through it.
        given().cookie("cascade_session", "garbage").get("/api/v1/session").then().statusCode(401);
        Response opened = given().redirects().follow(false).cookie("cascade_session", "garbage").get(link(dept, "consumer"));
        assertThat(opened.statusCode()).isEqualTo(303);
        assertThat(opened.header("Set-Cookie")).startsWith("cascade_session=");
        given().redirects().follow(false).get("/console").then().statusCode(303).header("Location", endsWith("/console/"));
    }

    @Test
    void everyResponseCarriesAStrictContentSecurityPolicy() {
        String csp = given().get("/api/v1/session/options").then().statusCode(200)
                .body("oidc.enabled", equalTo(false)).extract().header("Content-Security-Policy");
        assertThat(csp).contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe");
    }

    private static org.hamcrest.Matcher<String> endsWith(String suffix) {
        return org.hamcrest.Matchers.endsWith(suffix);
    }

    private String login(String dept, String... roles) {
        return cookieValue(open(link(dept, roles)).header("Set-Cookie"));
    }

    private String link(String dept, String... roles) {
        Map<String, Object> body = dept == null ? Map.of("roles", List.of(roles)) : Map.of("dept", dept, "roles", List.of(roles));
        return admin().body(body).post("/admin/v1/console/login-codes").then().statusCode(201)
                .body("url", nullValue()).extract().path("path");
    }

    private static Response open(String path) {
        return given().redirects().follow(false).get(path);
    }

    private static String cookieValue(String setCookie) {
        return setCookie.substring("cascade_session=".length(), setCookie.indexOf(';'));
    }

    private String department(String prefix) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        admin().body(Map.of("id", id, "name", "Department " + id)).post("/admin/v1/departments").then().statusCode(201);
        return id;
    }

    private RequestSpecification admin() {
        return given().auth().oauth2(tokens.admin()).contentType(ContentType.JSON);
    }
}
