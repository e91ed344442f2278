package dev.cascade.node.exchange.routing;

import dev.cascade.node.exchange.store.ExchangeStore;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.ExchangeRole;
import com.google.protobuf.ByteString;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.identity.AuthorKeys;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.exchange.v1.ReceiptBody;
import dev.cascade.proto.exchange.v1.RequestBody;
import dev.cascade.proto.exchange.v1.SignedReceipt;
import dev.cascade.proto.exchange.v1.SignedRequest;
import dev.cascade.proto.exchange.v1.HaltBody;
import dev.cascade.proto.exchange.v1.SignedHalt;
import dev.cascade.proto.exchange.v1.SignedUnroutable;
import dev.cascade.proto.exchange.v1.SignedUpdate;
import dev.cascade.proto.exchange.v1.UnroutableBody;
import dev.cascade.proto.exchange.v1.UpdateBody;
import dev.cascade.protocol.exchange.ExchangeSignatures;
import dev.cascade.protocol.exchange.Routing;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.Authorship;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The checks every signed frame (request, update, receipt, unroutable notice) passes, in one place
 * and in the protocol's order: its body and its author's chain are read, its regions parsed; it
 * must come from the neighbour towards its author; a request, which creates this node's record, and
 * a notice, which fails it, must find this node on their route (updates and receipts are matched
 * against that record by their handlers instead); and its author's signature must verify. A
 * handler calls {@link #authentic} after it has matched the frame against what it holds, so a
 * re-send it already has costs no signature check.
 * A frame that fails is refused with the reason and changes nothing.
 */
@ApplicationScoped
public class FrameCheck {

    /** How one kind of signed frame is read, located and verified. */
    record Kind<B>(String name, Body<B> parser, Function<B, String> id, Function<B, String> authorRegion,
                   Function<B, String> consumerRegion, Function<B, String> ownerRegion, boolean routeChecked,
                   Function<B, String> refusedAs, Verification verification) {
    }

    @FunctionalInterface
    interface Body<B> {
        B parse(ByteString bytes) throws ExchangeWire.Malformed;
    }

    @FunctionalInterface
    interface Verification {
        Authorship.Check verify(byte[] body, byte[] signature, List<X509Certificate> chain, RegionCode author, AuthorKeys keys);
    }

    // Requests and updates carry batch seals: a remembering verifier lets a batch cost one check.
    static final Kind<RequestBody> REQUEST = new Kind<>("request", ExchangeWire::request, RequestBody::getExchangeId,
            RequestBody::getConsumerRegion, RequestBody::getConsumerRegion, RequestBody::getOwnerRegion, true,
            b -> "request " + b.getExchangeId(),
            (body, signature, chain, author, keys) -> ExchangeSignatures.verifySealed(ExchangeSignatures.Kind.REQUEST, body,
                    signature, chain, author, keys.chains(), keys::rememberingVerifierFor));
    static final Kind<UpdateBody> UPDATE = new Kind<>("update", ExchangeWire::update, UpdateBody::getExchangeId,
            UpdateBody::getOwnerRegion, UpdateBody::getConsumerRegion, UpdateBody::getOwnerRegion, false,
            b -> "update " + b.getSeq() + " of exchange " + b.getExchangeId(),
            (body, signature, chain, author, keys) -> ExchangeSignatures.verifySealed(ExchangeSignatures.Kind.UPDATE, body,
                    signature, chain, author, keys.chains(), keys::rememberingVerifierFor));
    // A receipt's owner region is read by its handler, after the direction check (no owner region here).
    static final Kind<ReceiptBody> RECEIPT = new Kind<>("receipt", ExchangeWire::receipt, ReceiptBody::getExchangeId,
            ReceiptBody::getConsumerRegion, ReceiptBody::getConsumerRegion, null, false,
            b -> "receipt of exchange " + b.getExchangeId(),
            (body, signature, chain, author, keys) -> ExchangeSignatures.verify(ExchangeSignatures.Kind.RECEIPT, body,
                    signature, chain, author, keys.chains(), keys::verifierFor));
    // Signed by the hop that stopped the request: the author is stopped_at, neither end.
    static final Kind<UnroutableBody> UNROUTABLE = new Kind<>("unroutable notice", ExchangeWire::unroutable,
            UnroutableBody::getExchangeId, UnroutableBody::getStoppedAt, UnroutableBody::getConsumerRegion,
            UnroutableBody::getOwnerRegion, true,
            b -> "unroutable notice for exchange " + b.getExchangeId() + " (stopped at " + b.getStoppedAt() + ")",
            (body, signature, chain, author, keys) -> ExchangeSignatures.verify(ExchangeSignatures.Kind.UNROUTABLE, body,
                    signature, chain, author, keys.chains(), keys::verifierFor));

    // Signed by the route node where a directive stopped the exchange; it travels towards the owner.
    static final Kind<HaltBody> HALT = new Kind<>("halt notice", ExchangeWire::halt,
            HaltBody::getExchangeId, HaltBody::getHaltedAt, HaltBody::getConsumerRegion,
            HaltBody::getOwnerRegion, true,
            b -> "halt notice for exchange " + b.getExchangeId() + " (halted at " + b.getHaltedAt() + ")",
            (body, signature, chain, author, keys) -> ExchangeSignatures.verify(ExchangeSignatures.Kind.HALT, body,
                    signature, chain, author, keys.chains(), keys::verifierFor));

    /**
     * A frame that was read and came the right way; its signature is checked by {@link #authentic}.
     *
     * @param owner null for a receipt (see {@link #RECEIPT})
     */
    record Arrival<B>(Kind<B> kind, RegionCode peer, B body, String id, RegionCode author, RegionCode consumer,
                      RegionCode owner, byte[] signedBody, byte[] signature, List<X509Certificate> chain) {
    }

    @Inject
    LocalNode node;
    @Inject
    AuthorKeys authors;
    @Inject
    FrameRefusals refusals;
    @Inject
    ExchangeStore store;

    Optional<Arrival<RequestBody>> request(RegionCode peer, SignedRequest signed) {
        return arrived(REQUEST, peer, signed.getBody(), signed.getSignature(), signed.getConsumerChainList());
    }

    Optional<Arrival<UpdateBody>> update(RegionCode peer, SignedUpdate signed) {
        return arrived(UPDATE, peer, signed.getBody(), signed.getSignature(), signed.getOwnerChainList());
    }

    Optional<Arrival<ReceiptBody>> receipt(RegionCode peer, SignedReceipt signed) {
        return arrived(RECEIPT, peer, signed.getBody(), signed.getSignature(), signed.getConsumerChainList());
    }

    Optional<Arrival<UnroutableBody>> unroutable(RegionCode peer, SignedUnroutable signed) {
        return arrived(UNROUTABLE, peer, signed.getBody(), signed.getSignature(), signed.getStopperChainList());
    }

    Optional<Arrival<HaltBody>> halt(RegionCode peer, SignedHalt signed) {
        return arrived(HALT, peer, signed.getBody(), signed.getSignature(), signed.getHalterChainList());
    }

    private <B> Optional<Arrival<B>> arrived(Kind<B> kind, RegionCode peer, ByteString body, ByteString signature,
                                             List<ByteString> chain) {
        B parsed;
        List<X509Certificate> certificates;
        try {
            parsed = kind.parser().parse(body);
            certificates = chainOf(chain);
        } catch (ExchangeWire.Malformed e) {
            refusals.refuse(peer, "-", e.getMessage());
            return Optional.empty();
        }
        String id = kind.id().apply(parsed);
        RegionCode self = node.region();
        RegionCode author;
        RegionCode consumer;
        RegionCode owner;
        try {
            // The author's region is read first: an invalid one is the one named.
            author = RegionCode.parse(kind.authorRegion().apply(parsed));
            consumer = RegionCode.parse(kind.consumerRegion().apply(parsed));
            owner = kind.ownerRegion() == null ? null : RegionCode.parse(kind.ownerRegion().apply(parsed));
        } catch (IllegalArgumentException e) {
            refusals.refuse(peer, id, kind.name() + " names an invalid region: " + e.getMessage());
            return Optional.empty();
        }
        Arrival<B> arrival = new Arrival<>(kind, peer, parsed, id, author, consumer, owner, body.toByteArray(),
                signature.toByteArray(), certificates);
        if (!Routing.arrivesFrom(self, author, peer)) {
            refusals.refuse(peer, id, kind.name() + " of " + arrival.author() + " cannot arrive from " + peer + " at " + self);
            return Optional.empty();
        }
        if (kind.routeChecked() && !Routing.onRoute(self, consumer, owner)) {
            refusals.refuse(peer, id, self + " is not on the route from " + consumer + " to " + owner);
            return Optional.empty();
        }
        return Optional.of(arrival);
    }

    /**
     * A notice signed by a node on the route rather than by an end (unroutable, halt), once it
     * arrived: its author must lie on the route from the consumer to the owner, the exchange must be
     * one this node holds in {@code role} on that same route, and the signature must verify. The
     * record held here, or empty when refused (with its reason).
     */
    <B> Optional<ExchangeRecord> routeNotice(Arrival<B> notice, ExchangeRole role) {
        String name = notice.kind().name();
        if (!Routing.onRoute(notice.author(), notice.consumer(), notice.owner())) {
            refusals.refuse(notice.peer(), notice.id(), name + " for " + notice.id() + " names " + notice.author()
                    + ", which is not on the route from " + notice.consumer() + " to " + notice.owner());
            return Optional.empty();
        }
        Optional<ExchangeRecord> known = store.find(notice.id(), role);
        if (known.isEmpty() || !known.get().owner().equals(notice.owner()) || !known.get().consumer().equals(notice.consumer())) {
            refusals.refuse(notice.peer(), notice.id(), name + " for exchange " + notice.id() + " that never passed "
                    + node.region() + " on that route");
            return Optional.empty();
        }
        return authentic(notice).isPresent() ? known : Optional.empty();
    }

    /** The author's certificate when the frame's signature verifies against its chain up to the national root; refused otherwise. */
    <B> Optional<X509Certificate> authentic(Arrival<B> arrival) {
        Authorship.Check check = arrival.kind().verification().verify(arrival.signedBody(), arrival.signature(), arrival.chain(),
                arrival.author(), authors);
        if (check instanceof Authorship.Unproven unproven) {
            refusals.refuse(arrival.peer(), arrival.id(),
                    arrival.kind().refusedAs().apply(arrival.body()) + " refused: " + unproven.reason());
            return Optional.empty();
        }
        return Optional.of(((Authorship.Authentic) check).certificate());
    }

    private List<X509Certificate> chainOf(List<ByteString> der) throws ExchangeWire.Malformed {
        if (der.isEmpty()) {
            return List.of(); // an unsigned frame: refused by its signature check, with that reason
        }
        try {
            return authors.decode(ExchangeWire.joined(der));
        } catch (RuntimeException e) {
            throw new ExchangeWire.Malformed("certificate chain cannot be read: " + e.getMessage());
        }
    }
}
