package dev.cascade.node.exchange.routing;

import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.store.ChunkSpool;
import dev.cascade.protocol.envelope.ChunkSignatureVerifier;
import dev.cascade.protocol.envelope.ChunkSignatures;
import dev.cascade.protocol.region.RegionCode;
import java.security.cert.X509Certificate;

/** Chunks of one exchange passing this node: where they come from, where they go, how far the next hop has them. */
public final class Flow {

    private final String id;
    private final ExchangeRole role;
    private final RegionCode upstream; // null at the owner
    private final RegionCode downstream; // null at the consumer
    private final ChunkSpool spool;
    final ChunkSignatureVerifier verifier;
    long cursor; // next index to send downstream; guarded by the flow

    Flow(String id, ExchangeRole role, RegionCode upstream, RegionCode downstream, X509Certificate ownerCertificate,
         ChunkSpool spool) {
        this.id = id;
        this.role = role;
        this.upstream = upstream;
        this.downstream = downstream;
        this.spool = spool;
        this.verifier = ChunkSignatures.verifierFor(ownerCertificate);
    }

    public String id() {
        return id;
    }

    public ExchangeRole role() {
        return role;
    }

    /** The hop towards the owner. */
    public RegionCode upstream() {
        return upstream;
    }

    /** The hop towards the consumer. */
    public RegionCode downstream() {
        return downstream;
    }

    public ChunkSpool spool() {
        return spool;
    }
}
