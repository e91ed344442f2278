package dev.cascade.node.console.oidc;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;

import org.jose4j.http.Get;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * Reads the provider's discovery document ({@code {issuer}/.well-known/openid-configuration}) and
 * keeps it for an hour, so a login costs no extra round trip and a provider that moves an
 * endpoint or rotates its keys is followed within the hour. A failed read is not kept: the next
 * login tries again.
 */
final class ProviderDiscovery {

    static final Duration KEEP = Duration.ofHours(1);

    private final String issuer;
    private final ProviderHttp http;
    private final Clock clock;
    private volatile Cached cached;

    private record Cached(ProviderMetadata metadata, Instant fetchedAt) {
    }

    ProviderDiscovery(String issuer, ProviderHttp http, Clock clock) {
        this.issuer = issuer;
        this.http = http;
        this.clock = clock;
    }

    ProviderMetadata metadata() throws LoginRefused {
        Cached now = cached;
        if (now != null && now.fetchedAt().plus(KEEP).isAfter(clock.instant())) {
            return now.metadata();
        }
        ProviderMetadata fresh = fetch();
        cached = new Cached(fresh, clock.instant());
        return fresh;
    }

    private ProviderMetadata fetch() throws LoginRefused {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        JsonNode doc = http.getJson(uri(base + "/.well-known/openid-configuration", "discovery"), "discovery");
        // OpenID Connect Discovery 1.0 §4.3: the document must name exactly the issuer it was fetched for,
        // or a provider could vouch for tokens issued in another's name.
        String named = doc.path("issuer").asText("");
        if (!named.equals(issuer)) {
            throw new LoginRefused("discovery names issuer '" + named + "', not the configured " + issuer);
        }
        URI authorization = endpoint(doc, "authorization_endpoint");
        URI token = endpoint(doc, "token_endpoint");
        URI jwks = endpoint(doc, "jwks_uri");
        HttpsJwks keys = new HttpsJwks(jwks.toString());
        Get get = new Get();
        get.setConnectTimeout((int) ProviderHttp.TIMEOUT.toMillis());
        get.setReadTimeout((int) ProviderHttp.TIMEOUT.toMillis());
        get.setRetries(0);
        get.setResponseBodySizeLimit(ProviderHttp.MAX_BODY);
        keys.setSimpleHttpGet(get);
        return new ProviderMetadata(issuer, authorization, token, jwks, new HttpsJwksVerificationKeyResolver(keys));
    }

    private static URI endpoint(JsonNode doc, String name) throws LoginRefused {
        if (!doc.path(name).isTextual()) {
            throw new LoginRefused("discovery document has no " + name);
        }
        URI url = uri(doc.path(name).asText(), name);
        ProviderHttp.requireSafe(url, name);
        return url;
    }

    private static URI uri(String text, String what) throws LoginRefused {
        try {
            URI url = new URI(text);
            if (!url.isAbsolute() || url.getHost() == null) {
                throw new LoginRefused(what + " '" + text + "' is not an absolute URL");
            }
            return url;
        } catch (URISyntaxException e) {
            throw new LoginRefused(what + " '" + text + "' is not a URL");
        }
    }
}
