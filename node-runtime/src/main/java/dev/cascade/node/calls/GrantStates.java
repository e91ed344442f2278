package dev.cascade.node.calls;

import com.google.protobuf.ByteString;
import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.exchange.v1.GrantBody;
import dev.cascade.proto.exchange.v1.StandingMode;
import dev.cascade.proto.exchange.v1.UpdateBody;
import dev.cascade.protocol.exchange.ExchangeState;
import dev.cascade.protocol.region.RegionCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this node holds of a standing service grant, read from its exchange record and kept for a
 * second: a call reads no row at any hop, and a suspension or revocation (a newer update in the
 * record) holds at every hop within a second of its arrival there.
 */
@ApplicationScoped
public class GrantStates {

    /** How long a grant's state is served from memory. */
    static final Duration FRESH_FOR = Duration.ofSeconds(1);

    /**
     * A service grant as held here.
     *
     * @param grant      the owner's signed grant body (fields, masks, terms); null until GRANTED reached this node
     * @param callKey    the call key wrapped for the consumer node, as the newest update carries it (empty before GRANTED)
     * @param storedKey  the owner's copy of the call key under its storage key (owner only)
     */
    public record Grant(String id, ExchangeRole role, ExchangeState state, RegionCode consumer, String consumerDept,
                        RegionCode owner, String resourceId, Instant notAfter, GrantBody grant, ByteString callKey,
                        byte[] storedKey, String reason) {

        /** Why no call may pass now, or empty when one may. */
        public Optional<String> inactive(Instant now) {
            if (state == ExchangeState.GRANTED && notAfter != null && !now.isBefore(notAfter)) {
                return Optional.of("grant " + id + " ended at " + notAfter);
            }
            if (state == ExchangeState.GRANTED && grant != null) {
                return Optional.empty();
            }
            return Optional.of("grant " + id + " is " + state.name().toLowerCase().replace('_', ' ')
                    + (reason == null || reason.isBlank() ? "" : " (" + reason + ")"));
        }
    }

    private record Cached(Optional<Grant> grant, long until) {
    }

    @Inject
    ExchangeStore store;
    @Inject
    LocalNode node;

    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    /** The service grant {@code id} as held here in {@code role}; empty when none is (or it is no service grant). Blocks on a miss. */
    public Optional<Grant> find(String id, ExchangeRole role) {
        String key = role.column() + ' ' + id;
        long now = System.nanoTime();
        Cached c = cache.get(key);
        if (c != null && now - c.until < 0) {
            return c.grant;
        }
        Optional<Grant> fresh = store.find(id, role).flatMap(GrantStates::of);
        if (cache.size() > 100_000) {
            cache.clear(); // many grant ids probed (or a flood of unknown ones): start over rather than grow
        }
        cache.put(key, new Cached(fresh, now + FRESH_FOR.toNanos()));
        return fresh;
    }

    /** Drops what is held of a grant, after this node changed it. */
    public void forget(String id) {
        for (ExchangeRole role : ExchangeRole.values()) {
            cache.remove(role.column() + ' ' + id);
        }
    }

    static Optional<Grant> of(ExchangeRecord r) {
        if (r.standingMode() != StandingMode.SERVICE) {
            return Optional.empty();
        }
        GrantBody grant = null;
        ByteString callKey = ByteString.EMPTY;
        if (r.hasUpdate()) {
            try {
                UpdateBody update = ExchangeWire.update(ByteString.copyFrom(r.updateBody()));
                callKey = update.getCallKey();
                if (update.hasGrant()) {
                    grant = ExchangeWire.grant(update.getGrant().getBody());
                }
            } catch (ExchangeWire.Malformed e) {
                // Stored updates passed FrameCheck or were signed here; an unreadable one grants nothing.
                grant = null;
            }
        }
        return Optional.of(new Grant(r.id(), r.role(), r.state(), r.consumer(), r.consumerDept(), r.owner(), r.resourceId(),
                r.notAfter(), grant, callKey, r.storedKey(), r.reason()));
    }
}
