package dev.cascade.node.console.oidc;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The node's outbound HTTP to the identity provider: 5 s to connect and 5 s to answer, no
 * redirects followed, at most {@value #MAX_BODY} bytes read, and only to HTTPS URLs (plain HTTP
 * only on the loopback interface, where nothing travels over a network), because the client
 * secret and the person's ID token travel on these calls.
 */
final class ProviderHttp {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final int MAX_BODY = 256 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** The JSON object the URL answers with 200. */
    JsonNode getJson(URI url, String what) throws LoginRefused {
        return send(HttpRequest.newBuilder(url).GET().header("Accept", "application/json"), url, what);
    }

    /** The JSON object a form POST to the URL answers with 200; an OAuth error names its code only. */
    JsonNode postForm(URI url, String form, String authorization, String what) throws LoginRefused {
        return send(HttpRequest.newBuilder(url)
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", authorization), url, what);
    }

    private JsonNode send(HttpRequest.Builder request, URI url, String what) throws LoginRefused {
        requireSafe(url, what);
        HttpResponse<InputStream> response;
        byte[] body;
        try {
            response = client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
        } catch (IOException e) {
            throw new LoginRefused(what + " at " + url + " unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginRefused(what + " at " + url + " interrupted");
        }
        if (body.length > MAX_BODY) {
            throw new LoginRefused(what + " at " + url + " answered more than " + MAX_BODY + " bytes");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        if (response.statusCode() != 200) {
            // The OAuth error code (invalid_grant, invalid_client…) says what went wrong; the rest of
            // the body is not logged, as a provider may echo the request in it.
            String error = json != null && json.path("error").isTextual() ? " (" + json.path("error").asText() + ")" : "";
            throw new LoginRefused(what + " at " + url + " answered HTTP " + response.statusCode() + error);
        }
        if (json == null || !json.isObject()) {
            throw new LoginRefused(what + " at " + url + " did not answer with a JSON object");
        }
        return json;
    }

    /** Refuses a URL that would carry secrets in the clear over a network. */
    static void requireSafe(URI url, String what) throws LoginRefused {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return;
        }
        if (scheme.equals("http") && isLoopback(url.getHost())) {
            return;
        }
        throw new LoginRefused(what + " URL " + url + " is not https (plain http is accepted on the loopback interface only)");
    }

    private static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        // Only literal addresses: a name is not resolved just to decide whether to trust it.
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+|[0-9a-fA-F]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (IOException e) {
            return false;
        }
    }
}
