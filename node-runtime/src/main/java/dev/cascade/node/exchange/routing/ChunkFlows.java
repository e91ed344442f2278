package dev.cascade.node.exchange.routing;

import com.google.protobuf.ByteString;
import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.exchange.store.ChunkSpool;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.ExchangeSpools;
import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.exchange.store.SpooledChunk;
import dev.cascade.proto.exchange.v1.DataChunk;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.ResumeFrom;
import dev.cascade.protocol.envelope.ExchangeId;
import dev.cascade.protocol.envelope.SealedChunk;
import dev.cascade.protocol.exchange.ExchangeState;
import dev.cascade.protocol.exchange.Routing;
import dev.cascade.protocol.region.RegionCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The chunk flows through this node. A chunk is checked against its owner's signature and spooled
 * on the receiving stream's thread, in the order the stream delivers them, then pumped downstream
 * while the next link's flow control accepts more; at the consumer the consumer end takes it
 * instead. {@code ResumeFrom} moves a flow's cursor to where the next hop wants it.
 */
@ApplicationScoped
public class ChunkFlows {

    private static final Logger LOG = Logger.getLogger(ChunkFlows.class);

    @Inject
    Hops hops;
    @Inject
    RelayLinks links;
    @Inject
    ExchangeStore store;
    @Inject
    ExchangeSpools spools;
    @Inject
    FrameRefusals refusals;
    @Inject
    ConsumerEnd consumer;

    private final Map<String, Flow> flows = new ConcurrentHashMap<>();

    void onChunk(RegionCode peer, DataChunk chunk) {
        Flow flow = flows.get(chunk.getExchangeId());
        if (flow == null) {
            flow = load(chunk.getExchangeId()).orElse(null);
            if (flow == null) {
                return; // not (or no longer) delivering here; the update that starts it re-asks
            }
        }
        if (!peer.equals(flow.upstream())) {
            refusals.refuse(peer, flow.id(), "chunk " + chunk.getIndex() + " of exchange " + flow.id() + " from " + peer
                    + ", which is not the hop towards its owner");
            return;
        }
        if (chunk.getIndex() != flow.spool().next()) {
            return; // a duplicate after a resume; the spool has it
        }
        SealedChunk sealed = new SealedChunk(new ExchangeId(flow.id()), chunk.getIndex(), chunk.getLast(),
                chunk.getSealed().toByteArray());
        if (!flow.verifier.verifies(sealed, chunk.getSignature().toByteArray())) {
            refusals.refuse(peer, flow.id(), "chunk " + chunk.getIndex() + " of exchange " + flow.id()
                    + " does not carry its owner's signature: tampered on the way");
            return;
        }
        SpooledChunk spooled = new SpooledChunk(chunk.getIndex(), chunk.getLast(), sealed.ciphertext(),
                chunk.getSignature().toByteArray());
        try {
            if (flow.role() == ExchangeRole.CONSUMER) {
                consumer.chunkArrived(flow, spooled);
            } else if (flow.spool().append(spooled)) {
                pump(flow);
            }
        } catch (UncheckedIOException e) {
            // A full or failing disk: nothing partial is kept, the link stays up, and the flow is
            // asked for again from its last whole chunk (FrameRetry) until space returns or the
            // exchange ends at its close-within bound.
            refusals.spoolFailed(flow.id(), chunk.getIndex(), e.getMessage());
        }
    }

    void onResume(RegionCode peer, ResumeFrom resume) {
        Flow flow = flows.get(resume.getExchangeId());
        if (flow == null) {
            flow = load(resume.getExchangeId()).orElse(null);
        }
        if (flow == null || flow.downstream() == null || !flow.downstream().equals(peer)) {
            return;
        }
        synchronized (flow) {
            flow.cursor = Math.max(0, resume.getNextIndex());
        }
        pump(flow);
    }

    /** The owner's delivery added a chunk to its spool. */
    public void sealed(Flow flow) {
        pump(flow);
    }

    /** Sends spooled chunks downstream while the link takes them. */
    private void pump(Flow flow) {
        if (flow.downstream() == null) {
            return;
        }
        synchronized (flow) {
            while (flow.cursor < flow.spool().next() && links.ready(flow.downstream())) {
                SpooledChunk c;
                try {
                    c = flow.spool().read(flow.cursor);
                } catch (ChunkSpool.DamagedChunk e) {
                    // The spool now ends before the damaged chunk: fetch it again from upstream, as after a crash.
                    LOG.warnf("%s: %s", hops.self(), e.getMessage());
                    if (flow.upstream() != null) {
                        resumeFrom(flow);
                    }
                    return;
                }
                DataChunk frame = DataChunk.newBuilder().setExchangeId(flow.id()).setIndex(c.index()).setLast(c.last())
                        .setSealed(ByteString.copyFrom(c.sealed())).setSignature(ByteString.copyFrom(c.signature())).build();
                if (!links.send(flow.downstream(), ExchangeFrame.newBuilder().setChunk(frame).build())) {
                    return;
                }
                flow.cursor++;
            }
        }
    }

    /** A link pushed back and can take more: every flow towards it goes on. */
    void ready(RegionCode peer) {
        for (Flow flow : flows.values()) {
            if (peer.equals(flow.downstream())) {
                pump(flow);
            }
        }
    }

    /** The flow of an exchange through this node in {@code role}, opened on first use. */
    public Flow open(String id, ExchangeRole role, RegionCode ownerRegion, RegionCode consumerRegion, X509Certificate ownerCert) {
        RegionCode self = hops.self();
        return flows.computeIfAbsent(id, k -> new Flow(id, role,
                role == ExchangeRole.OWNER ? null : Routing.nextHop(self, ownerRegion).orElseThrow(),
                role == ExchangeRole.CONSUMER ? null : Routing.nextHop(self, consumerRegion).orElseThrow(),
                ownerCert, spools.of(id)));
    }

    /** After a restart: rebuild the flow of an exchange this node is delivering, from its record. */
    private Optional<Flow> load(String id) {
        try {
            ExchangeWire.exchangeId(id);
        } catch (ExchangeWire.Malformed e) {
            return Optional.empty();
        }
        for (ExchangeRecord r : store.all(id)) {
            // A purged relay copy (halted by a directive) is not rebuilt by a late chunk or resume.
            if (r.state() == ExchangeState.DELIVERING && r.updateChain() != null && r.role() != ExchangeRole.OWNER
                    && (r.role() == ExchangeRole.CONSUMER || r.purgedAt() == null)) {
                try {
                    X509Certificate ownerCert = ExchangeWire.chain(ExchangeWire.split(r.updateChain())).get(0);
                    return Optional.of(open(id, r.role(), r.owner(), r.consumer(), ownerCert));
                } catch (ExchangeWire.Malformed e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * How far this node has the chunks of an exchange it is still receiving (loading its flow after
     * a restart); empty when it is not receiving them: the owner, a finished flow, or no delivery.
     */
    OptionalLong receiving(String id) {
        Flow flow = flows.get(id);
        if (flow == null) {
            flow = load(id).orElse(null);
        }
        if (flow == null || flow.role() == ExchangeRole.OWNER || flow.spool().complete()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(flow.spool().next());
    }

    /**
     * Whether this node, the consumer, holds every chunk of an exchange that is still delivering: the
     * step that finishes it was lost (the node killed, or its database refusing the write, just
     * after the last chunk came), and no chunk or duplicate update will come to start it again.
     */
    boolean holdsAllUnfinished(String id) {
        Flow flow = flows.get(id);
        if (flow == null) {
            flow = load(id).orElse(null);
        }
        return flow != null && flow.role() == ExchangeRole.CONSUMER && flow.spool().complete();
    }

    /** Hands a flow that {@link #holdsAllUnfinished holds everything} to the consumer side to finish again. */
    void finishHeld(String id) {
        Flow flow = flows.get(id);
        if (flow != null && flow.role() == ExchangeRole.CONSUMER) {
            consumer.allChunksHeld(flow);
        }
    }

    /** Re-asks the hop towards the owner for a flow that stopped coming in. */
    void reask(String id) {
        Flow flow = flows.get(id);
        if (flow != null && flow.upstream() != null) {
            resumeFrom(flow);
        }
    }

    /** Asks the hop towards the owner for the chunks of an exchange from the first one this node lacks. */
    public void resumeFrom(Flow flow) {
        links.send(flow.upstream(), RelayFrames.resume(flow.id(), flow.spool().next()));
    }

    /** The consumer holds everything: no more chunks will come, so the flow and its open file go. */
    public void received(String id) {
        flows.remove(id);
        spools.release(id);
    }

    /** The exchange's chunks are being purged here: its flow goes with them. */
    void forget(String id) {
        flows.remove(id);
    }
}
