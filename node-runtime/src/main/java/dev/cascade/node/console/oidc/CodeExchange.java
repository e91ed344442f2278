package dev.cascade.node.console.oidc;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Trades the authorization code for the ID token at the provider's token endpoint, authenticating
 * with {@code client_secret_basic} (RFC 6749 §2.3.1) and proving with the PKCE verifier that this
 * node started the login the code answers.
 */
final class CodeExchange {

    private final ProviderHttp http;
    private final String clientId;
    private final String clientSecret;

    CodeExchange(ProviderHttp http, String clientId, String clientSecret) {
        this.http = http;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    /** The compact ID token from the token response. */
    String idToken(ProviderMetadata provider, String code, PendingLogin login) throws LoginRefused {
        String form = "grant_type=authorization_code"
                + "&code=" + encode(code)
                + "&redirect_uri=" + encode(login.redirectUri())
                + "&code_verifier=" + encode(login.verifier());
        // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
        String basic = "Basic " + Base64.getEncoder().encodeToString(
                (encode(clientId) + ":" + encode(clientSecret)).getBytes(StandardCharsets.UTF_8));
        JsonNode answer = http.postForm(provider.tokenEndpoint(), form, basic, "token endpoint");
        JsonNode idToken = answer.path("id_token");
        if (!idToken.isTextual() || idToken.asText().isEmpty()) {
            throw new LoginRefused("token endpoint answered without an id_token");
        }
        return idToken.asText();
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
