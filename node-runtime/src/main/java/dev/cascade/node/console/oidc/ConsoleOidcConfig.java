package dev.cascade.node.console.oidc;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Login to the web console through the province's or city's identity provider
 * ({@code cascade.console.oidc.*}, decision 0023). Without an issuer, OpenID Connect login is off.
 */
@ConfigMapping(prefix = "cascade.console.oidc")
public interface ConsoleOidcConfig {

    /** The provider's issuer URL; its discovery document is {@code {issuer}/.well-known/openid-configuration}. */
    Optional<String> issuer();

    /** This node's client id at the provider; the ID token's audience must name it. */
    Optional<String> clientId();

    /** The client secret, sent with HTTP Basic authentication to the token endpoint only. */
    Optional<String> clientSecret();

    /** The claim holding the department id (one of the departments attached to this node). */
    @WithDefault("cascade_dept")
    String deptClaim();

    /** The claim holding the roles: a JSON array, or one string separated by spaces or commas. */
    @WithDefault("cascade_roles")
    String rolesClaim();

    /** The login button's label in the console. */
    @WithDefault("统一身份认证")
    String name();

    /**
     * The callback URL registered at the provider; by default derived from the request
     * ({@code /console/oidc/callback} on the host the browser called), which is wrong behind a
     * proxy that rewrites the host or the scheme.
     */
    Optional<String> redirectUri();

    /**
     * The department whose members may hold {@code node-admin} in the console: the role is kept only
     * when the roles claim includes it and the department claim names this department. Unset, the
     * console never grants node-admin through OpenID Connect.
     */
    Optional<String> adminGroup();
}
