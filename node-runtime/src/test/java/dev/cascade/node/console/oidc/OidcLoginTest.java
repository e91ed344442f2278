package dev.cascade.node.console.oidc;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.cascade.node.testing.NodeTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Console login through a real (if small) OpenID provider, driven as a browser would: start, the
 * provider's authorization endpoint, the callback with the login cookie. A good login starts a
 * session with the department and the roles it may hold; each forged or mismatched answer ends on
 * the login page with error=oidc, starts no session, and is logged naming the check that failed
 * and nothing the provider issued.
 */
@QuarkusTest
@QuarkusTestResource(value = OidcNodeResource.class, restrictToAnnotatedClass = true)
class OidcLoginTest {

    private static final String FAILED = "/console/#/login?error=oidc";

    FakeOidcProvider provider;
    @Inject
    RecordingSessionStarter sessions;

    private final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(String.valueOf(record.getMessage()) + " " + List.of(record.getParameters() == null
                    ? new Object[0] : record.getParameters()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private String node;
    private String dept;

    @BeforeEach
    void department() {
        provider.reset();
        sessions.started().clear();
        Logger.getLogger("dev.cascade.node.console.oidc").addHandler(capture);
        node = "http://127.0.0.1:" + ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        dept = "oidc-" + UUID.randomUUID().toString().substring(0, 8);
        addDepartment(dept);
        provider.dept = dept;
        provider.roles = "provider auditor node-admin superuser";
    }

    @AfterEach
    void stopCapture() {
        Logger.getLogger("dev.cascade.node.console.oidc").removeHandler(capture);
    }

    @Test
    void theConsoleAsksWhetherToShowTheButton() {
        given().get("/api/v1/session/options").then().statusCode(200)
                .body("oidc.enabled", equalTo(true))
                .body("oidc.name", equalTo("统一身份认证"))
                .body("oidc.loginUrl", equalTo("/console/oidc/start"));
    }

    @Test
    void startSendsTheBrowserToTheProviderWithStateNonceAndAnS256Challenge() throws Exception {
        HttpResponse<String> start = get(node + "/console/oidc/start", null);

        assertThat(start.statusCode()).isEqualTo(302);
        URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.toString()).startsWith(provider.issuer() + "/authorize?");
        Map<String, String> q = FakeOidcProvider.form(authorize.getRawQuery());
        assertThat(q).containsEntry("response_type", "code").containsEntry("scope", "openid")
                .containsEntry("client_id", FakeOidcProvider.CLIENT_ID)
                .containsEntry("redirect_uri", node + "/console/oidc/callback")
                .containsEntry("code_challenge_method", "S256");
        assertThat(q.get("state")).hasSize(43);
        assertThat(q.get("nonce")).hasSize(43).isNotEqualTo(q.get("state"));
        assertThat(q.get("code_challenge")).hasSize(43);
        String cookie = start.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith("cascade_oidc=").containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax")
                .contains("Path=/console/oidc").contains("Max-Age=600");
        assertThat(cookie).doesNotContain(q.get("state")).doesNotContain(q.get("nonce"));
    }

    @Test
    void aGoodLoginStartsASessionWithTheDepartmentAndItsRolesOnly() throws Exception {
        HttpResponse<String> done = login(UnaryOperator.identity());

        assertThat(done.statusCode()).isEqualTo(303);
        assertThat(done.headers().firstValue("Location").orElseThrow()).endsWith("/console/");
        assertThat(done.headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("cascade_session=") && c.contains("HttpOnly"))
                .anyMatch(c -> c.startsWith("cascade_oidc=;") && c.contains("Max-Age=0"));
        // The console's real session: the REST API knows the department and exactly these roles.
        String session = done.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("cascade_session="))
                .findFirst().orElseThrow();
        given().cookie("cascade_session", session.substring("cascade_session=".length(), session.indexOf(';')))
                .get("/api/v1/session").then().statusCode(200)
                .body("subject", equalTo(dept)).body("roles", equalTo(List.of("auditor", "provider")));
        // node-admin is dropped: this department is not the admin group; superuser is no role at all.
        assertThat(sessions.started()).containsExactly(
                new RecordingSessionStarter.Started(dept, List.of("provider", "auditor"), "oidc:zhang.san@gd.gov"));
        assertNothingIssuedWasLogged();
    }

    @Test
    void rolesMayComeAsAJsonArrayAndTheAdminGroupKeepsNodeAdmin() throws Exception {
        addDepartment(OidcNodeResource.ADMIN_GROUP);
        provider.dept = OidcNodeResource.ADMIN_GROUP;
        provider.roles = List.of("node-admin", "supervisor");

        assertThat(login(UnaryOperator.identity()).statusCode()).isEqualTo(303);
        assertThat(sessions.started()).singleElement()
                .isEqualTo(new RecordingSessionStarter.Started(OidcNodeResource.ADMIN_GROUP,
                        List.of("supervisor", "node-admin"), "oidc:zhang.san@gd.gov"));
    }

    @Test
    void aCallbackWithAnotherStateIsRefused() throws Exception {
        assertRefused(login(callback -> callback.replaceAll("state=[^&]+", "state=forged")),
                "state does not match the login this browser started");
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused() throws Exception {
        provider.nonce = "a-nonce-of-another-login";
        assertRefused(login(UnaryOperator.identity()), "its nonce is not the one of this login");
    }

    @Test
    void anIdTokenSignedWithAKeyOutsideTheJwksIsRefused() throws Exception {
        provider.signWithRogueKey = true;
        assertRefused(login(UnaryOperator.identity()), "its signature does not verify with the provider's keys");
    }

    @Test
    void anIdTokenForAnotherClientIsRefused() throws Exception {
        provider.audience = "another-client";
        assertRefused(login(UnaryOperator.identity()), "its audience does not include the client id");
    }

    @Test
    void aDepartmentNotAttachedToThisNodeIsRefused() throws Exception {
        provider.dept = "no-such-dept";
        assertRefused(login(UnaryOperator.identity()), "department no-such-dept is not attached to this node");
    }

    @Test
    void aSuspendedDepartmentIsRefused() throws Exception {
        given().auth().oauth2(NodeTokens.ofRunningNode().admin()).post("/admin/v1/departments/" + dept + "/suspend")
                .then().statusCode(200);
        assertRefused(login(UnaryOperator.identity()), "department " + dept + " is suspended");
    }

    @Test
    void aTokenGrantingNoConsoleRoleIsRefused() throws Exception {
        provider.roles = "node-admin, viewer";
        assertRefused(login(UnaryOperator.identity()), "grants none of the console's roles");
    }

    @Test
    void aCallbackIsUsedOnceAndNeedsTheBrowsersCookie() throws Exception {
        HttpResponse<String> start = get(node + "/console/oidc/start", null);
        String cookie = cookieOf(start);
        String callback = get(start.headers().firstValue("Location").orElseThrow(), null)
                .headers().firstValue("Location").orElseThrow();

        assertRefused(get(callback, null), "no pending login for this browser");
        assertThat(get(callback, cookie).statusCode()).isEqualTo(303);
        assertThat(sessions.started()).hasSize(1);
        sessions.started().clear();
        assertRefused(get(callback, cookie), "no pending login for this browser");
    }

    /** Start, the provider's authorize endpoint, then the callback ({@code tamper} may change its URL). */
    private HttpResponse<String> login(UnaryOperator<String> tamper) throws Exception {
        HttpResponse<String> start = get(node + "/console/oidc/start", null);
        assertThat(start.statusCode()).as("start").isEqualTo(302);
        HttpResponse<String> authorized = get(start.headers().firstValue("Location").orElseThrow(), null);
        assertThat(authorized.statusCode()).as("the provider's authorize endpoint: %s", authorized.body()).isEqualTo(302);
        String callback = authorized.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(node + "/console/oidc/callback?code=");
        return get(tamper.apply(callback), cookieOf(start));
    }

    private void assertRefused(HttpResponse<String> answer, String reason) {
        assertThat(answer.statusCode()).isEqualTo(303);
        assertThat(answer.headers().firstValue("Location").orElseThrow()).endsWith(FAILED);
        assertThat(sessions.started()).as("sessions started").isEmpty();
        assertThat(logged).anyMatch(line -> line.contains("refused") && line.contains(reason));
        assertNothingIssuedWasLogged();
    }

    private void assertNothingIssuedWasLogged() {
        for (String line : logged) {
            if (provider.lastCode != null) {
                assertThat(line).doesNotContain(provider.lastCode);
            }
            if (provider.lastIdToken != null) {
                assertThat(line).doesNotContain(provider.lastIdToken).doesNotContain(provider.lastIdToken.split("\\.")[1]);
            }
        }
    }

    private HttpResponse<String> get(String url, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookieOf(HttpResponse<String> start) {
        String setCookie = start.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static void addDepartment(String id) {
        int status = given().auth().oauth2(NodeTokens.ofRunningNode().admin()).contentType(ContentType.JSON)
                .body(Map.of("id", id, "name", "Department " + id)).post("/admin/v1/departments").statusCode();
        assertThat(status).as("adding department %s", id).isIn(201, 409);
    }
}
