package dev.cascade.protocol.catalog;

import dev.cascade.protocol.region.RegionCode;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of an origin's catalog change log: what the origin signs and every hop relays
 * unchanged (proto ChangeBody). The invariants hold for changes received from other nodes too, so
 * a malformed body fails here, once, instead of deep inside the store.
 *
 * @param seq            1, 2, 3 … per origin; numbering is the origin's, never a relay's
 * @param version        the resource's version after this change, from 1
 * @param scope          how far the change travels; for a withdrawal, the scope the resource had,
 *                       so the tombstone reaches every node that listed it
 * @param descriptorJson the resource descriptor as JSON for an upsert; "" for a withdrawal
 */
public record CatalogChange(
        RegionCode origin,
        long seq,
        String resourceId,
        int version,
        ChangeKind kind,
        Scope scope,
        String descriptorJson,
        Instant at) {

    public CatalogChange {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(descriptorJson, "descriptorJson");
        Objects.requireNonNull(at, "at");
        if (seq < 1) {
            throw new IllegalArgumentException("change seq must be at least 1, was " + seq);
        }
        if (version < 1) {
            throw new IllegalArgumentException("resource version must be at least 1, was " + version);
        }
        if (!ResourceDescriptor.isResourceId(resourceId)) {
            throw new IllegalArgumentException("'" + resourceId + "' is not a resource code");
        }
        switch (kind) {
            case UPSERT -> {
                if (descriptorJson.isEmpty()) {
                    throw new IllegalArgumentException("upsert of " + resourceId + " carries no descriptor");
                }
            }
            case WITHDRAW -> {
                if (!descriptorJson.isEmpty()) {
                    throw new IllegalArgumentException("withdrawal of " + resourceId + " must not carry a descriptor");
                }
            }
        }
    }
}
