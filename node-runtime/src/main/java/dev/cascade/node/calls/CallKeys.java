package dev.cascade.node.calls;

import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.store.NodeSecrets;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.protocol.envelope.CallKey;
import dev.cascade.protocol.envelope.EnvelopeException;
import dev.cascade.protocol.envelope.ExchangeId;
import dev.cascade.protocol.envelope.StoredDataKey;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The call key of each service grant this node is an end of, opened once and kept in memory: at the
 * owner from its copy under the storage key, at the consumer by unwrapping the key the grant update
 * carried with this node's application key (one SM2 decryption per grant, not per call).
 */
@ApplicationScoped
public class CallKeys {

    @Inject
    NodeSecrets secrets;
    @Inject
    LocalNode node;

    private final ConcurrentHashMap<String, CallKey> keys = new ConcurrentHashMap<>();

    /** The grant's call key at this end; empty when this node holds none for it (yet). */
    public Optional<CallKey> of(GrantStates.Grant grant) {
        CallKey held = keys.get(grant.id());
        if (held != null) {
            return Optional.of(held);
        }
        CallKey opened;
        try {
            if (grant.role() == ExchangeRole.OWNER && grant.storedKey() != null) {
                opened = CallKey.restore(secrets.storageKey(), new ExchangeId(grant.id()), new StoredDataKey(grant.storedKey()));
            } else if (grant.role() == ExchangeRole.CONSUMER && !grant.callKey().isEmpty()) {
                opened = CallKey.unwrap(node.credentials(), new ExchangeId(grant.id()), grant.callKey().toByteArray());
            } else {
                return Optional.empty();
            }
        } catch (EnvelopeException e) {
            return Optional.empty();
        }
        CallKey raced = keys.putIfAbsent(grant.id(), opened);
        if (raced != null) {
            opened.destroy();
            return Optional.of(raced);
        }
        return Optional.of(opened);
    }

    /** Forgets and zeroes a grant's key (the grant ended). */
    public void drop(String grantId) {
        CallKey k = keys.remove(grantId);
        if (k != null) {
            k.destroy();
        }
    }
}
