package dev.cascade.node.console.oidc;

import java.net.URI;

import org.jose4j.keys.resolvers.VerificationKeyResolver;

/**
 * What the node uses of a provider's discovery document, and the resolver of the keys its ID
 * tokens are signed with (fetched from {@code jwks_uri}, cached, fetched again for an unknown key id).
 */
record ProviderMetadata(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri,
                        VerificationKeyResolver keys) {
}
