package dev.cascade.node.console.oidc;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.jose4j.jwt.JwtClaims;

import dev.cascade.node.department.Departments;
import dev.cascade.node.storage.ReactiveBridge;
import io.quarkus.runtime.StartupEvent;

/**
 * The OpenID Connect authorization code flow with PKCE for the console (decision 0023): where the
 * browser is sent to log in, and what a callback must prove before the person gets a session. The
 * flow is on when an issuer, a client id and a secret are configured and the console's session
 * machinery ({@link SessionStarter}) is present.
 */
@ApplicationScoped
public class OidcLogin {

    private static final Logger LOG = Logger.getLogger(OidcLogin.class);

    @Inject
    ConsoleOidcConfig config;
    @Inject
    Departments departments;
    @Inject
    Instance<SessionStarter> sessions;

    private Flow flow;

    /** The configured pieces of one provider; absent while login is off. */
    private record Flow(ProviderDiscovery discovery, PendingLogins pending, CodeExchange exchange, IdTokenCheck check,
                        ClaimMapping mapping, String clientId) {
    }

    /** A verified person: what {@link SessionStarter#startSession} is called with. */
    record Grant(String dept, List<String> roles, String via) {
    }

    /** Where the browser goes next, and the key its login cookie keeps. */
    record Redirect(URI authorization, String cookieKey) {
    }

    void configure(@Observes StartupEvent start) {
        if (config.issuer().isEmpty()) {
            return;
        }
        List<String> missing = new ArrayList<>();
        if (config.clientId().filter(v -> !v.isBlank()).isEmpty()) {
            missing.add("cascade.console.oidc.client-id");
        }
        if (config.clientSecret().filter(v -> !v.isBlank()).isEmpty()) {
            missing.add("cascade.console.oidc.client-secret");
        }
        if (!missing.isEmpty()) {
            LOG.errorf("console login with OpenID Connect stays off: %s not set", String.join(" and ", missing));
            return;
        }
        if (sessions.isUnsatisfied()) {
            LOG.errorf("console login with OpenID Connect stays off: this build has no console sessions to start");
            return;
        }
        String clientId = config.clientId().get();
        Clock clock = Clock.systemUTC();
        ProviderHttp http = new ProviderHttp();
        flow = new Flow(new ProviderDiscovery(config.issuer().get(), http, clock), new PendingLogins(new SecureRandom(), clock),
                new CodeExchange(http, clientId, config.clientSecret().get()), new IdTokenCheck(clientId),
                new ClaimMapping(config.deptClaim(), config.rolesClaim(), config.adminGroup()), clientId);
        LOG.infof("console login with OpenID Connect through %s as client %s", config.issuer().get(), clientId);
    }

    public boolean enabled() {
        return flow != null;
    }

    /** The login button's label. */
    public String name() {
        return config.name();
    }

    /** The callback URL: configured, or {@code derived} from the request. */
    String redirectUri(String derived) {
        return config.redirectUri().filter(u -> !u.isBlank()).orElse(derived);
    }

    /** Starts a login: the provider's authorization URL with state, nonce and the PKCE challenge. */
    Redirect begin(String redirectUri) throws LoginRefused {
        ProviderMetadata provider = flow.discovery().metadata();
        PendingLogins.Started started = flow.pending().start(redirectUri);
        PendingLogin login = started.login();
        String endpoint = provider.authorizationEndpoint().toString();
        String query = "response_type=code"
                + "&scope=openid"
                + "&client_id=" + CodeExchange.encode(flow.clientId())
                + "&redirect_uri=" + CodeExchange.encode(redirectUri)
                + "&state=" + login.state()
                + "&nonce=" + login.nonce()
                + "&code_challenge=" + login.challenge()
                + "&code_challenge_method=S256";
        return new Redirect(URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + query), started.key());
    }

    /**
     * Checks a callback end to end: the login its cookie names, the state, the code traded with the
     * verifier, the ID token, and the department at this node.
     *
     * @param error the provider's {@code error} parameter, when it refused to authenticate
     */
    Grant finish(String cookieKey, String state, String code, String error) throws LoginRefused {
        PendingLogin login = flow.pending().take(cookieKey)
                .orElseThrow(() -> new LoginRefused("no pending login for this browser (cookie missing, expired or used)"));
        if (state == null || !MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
                login.state().getBytes(StandardCharsets.UTF_8))) {
            throw new LoginRefused("state does not match the login this browser started");
        }
        if (error != null) {
            // The parameter is the browser's to choose; only an OAuth error code's characters reach the log.
            throw new LoginRefused("the provider answered error '" + error.replaceAll("[^A-Za-z0-9_.-]", "?") + "'");
        }
        if (code == null || code.isEmpty()) {
            throw new LoginRefused("the callback carries no code");
        }
        ProviderMetadata provider = flow.discovery().metadata();
        String idToken = flow.exchange().idToken(provider, code, login);
        JwtClaims claims = flow.check().verify(provider, idToken, login.nonce());
        ClaimMapping.ClaimedLogin claimed = flow.mapping().map(claims);
        Departments.Admission admission = ReactiveBridge.await(() -> departments.admission(claimed.dept()));
        if (admission == null) {
            throw new LoginRefused("department " + claimed.dept() + " is not attached to this node");
        }
        if (admission.department().suspended()) {
            throw new LoginRefused("department " + claimed.dept() + " is suspended");
        }
        return new Grant(claimed.dept(), claimed.roles(), "oidc:" + claimed.subject());
    }

    /** The bean that starts console sessions; present whenever {@link #enabled()}. */
    SessionStarter sessions() {
        return sessions.get();
    }
}
