package dev.cascade.node.anchoring;

import dev.cascade.node.ledger.AnchorBook;
import dev.cascade.node.ledger.Ledger;
import dev.cascade.node.ledger.LedgerStatus;
import dev.cascade.node.ledger.SignedHead;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.google.protobuf.ByteString;

import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.identity.AuthorKeys;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.link.ParentDialer;
import dev.cascade.node.link.PeerAuthentication;
import dev.cascade.node.link.TierService;
import dev.cascade.proto.ledger.v1.AnchorReply;
import dev.cascade.proto.ledger.v1.AnchorRequest;
import dev.cascade.proto.ledger.v1.LedgerAnchoringGrpc;
import dev.cascade.proto.ledger.v1.Receipt;
import dev.cascade.protocol.ledger.AnchorCheck;
import dev.cascade.protocol.ledger.AnchorReceipt;
import dev.cascade.protocol.ledger.AnchorReceipts;
import dev.cascade.protocol.ledger.TreeHead;
import dev.cascade.protocol.ledger.TreeHeadSignatures;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.Authorship;
import dev.cascade.protocol.trust.Fingerprints;
import dev.cascade.protocol.trust.PeerIdentity;
import io.grpc.BindableService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Both ends of ledger anchoring (docs/protocols/ledger.md §4). As a child, the node sends its
 * newest signed head to its parent on a timer, whenever it grew since the last receipt. As a
 * parent, it checks each child's head extends what it anchored before and answers with a signed
 * receipt, or refuses and raises an alert when the child's history was truncated, forked or
 * rewritten.
 */
@ApplicationScoped
public class LedgerAnchoring implements TierService {

    private static final Logger LOG = Logger.getLogger(LedgerAnchoring.class);

    @Inject
    LocalNode node;
    @Inject
    CascadeConfig config;
    @Inject
    Ledger ledger;
    @Inject
    AnchorBook book;
    @Inject
    AuthorKeys keys;
    @Inject
    ParentDialer parent;

    private ScheduledExecutorService timer;
    /** The newest head the parent anchored, kept for the status report (read on event-loop threads). */
    private volatile SignedHead lastAnchored;

    void start(@Observes @Priority(40) StartupEvent start) {
        if (node.settings().parentRegion().isEmpty()) {
            return;
        }
        lastAnchored = ledger.latestAnchored().orElse(null);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cascade-ledger-anchoring");
            t.setDaemon(true);
            return t;
        });
        long every = config.ledger().anchorInterval().toMillis();
        timer.scheduleWithFixedDelay(this::anchorQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void anchorQuietly() {
        try {
            anchorNow();
        } catch (StatusRuntimeException e) {
            // A refusal is news; an unreachable parent is the link's business and is reported there.
            LOG.log(e.getStatus().getCode() == Status.Code.FAILED_PRECONDITION ? Logger.Level.ERROR : Logger.Level.DEBUG,
                    "anchoring at the parent refused or not reachable: " + e.getStatus());
        } catch (RuntimeException e) {
            LOG.errorf(e, "anchoring at the parent failed");
        }
    }

    /**
     * Sends the newest head to the parent unless it already anchored it.
     *
     * @return the head anchored by this call, empty when there was nothing new to anchor
     * @throws StatusRuntimeException when the parent refuses or cannot be reached
     */
    public Optional<SignedHead> anchorNow() {
        Optional<SignedHead> newest = ledger.latest();
        if (newest.isEmpty() || parent.channel().isEmpty()) {
            return Optional.empty();
        }
        SignedHead head = newest.get();
        SignedHead anchored = lastAnchored;
        if (anchored != null && anchored.size() == head.size()) {
            return Optional.empty();
        }
        AnchorReply reply = send(request(head, anchored == null ? 0 : anchored.size()));
        if (reply.hasAnchoredSize()) {
            // The parent remembers another size (our record of receipts was lost, or theirs): prove from theirs.
            long theirs = reply.getAnchoredSize();
            if (theirs > head.size()) {
                throw Status.FAILED_PRECONDITION.withDescription("the parent anchored " + theirs
                        + " entries of this ledger but it now has " + head.size()).asRuntimeException();
            }
            reply = send(request(head, theirs));
        }
        if (!reply.hasReceipt()) {
            throw Status.INTERNAL.withDescription("the parent answered twice without a receipt").asRuntimeException();
        }
        SignedHead.Anchor anchor = checkedReceipt(head.head(), reply.getReceipt());
        ledger.anchored(head.size(), anchor);
        LOG.debugf("ledger head of %d entries anchored at %s", head.size(), anchor.parent());
        lastAnchored = new SignedHead(head.head(), head.signature(), Optional.of(anchor));
        return Optional.of(lastAnchored);
    }

    /** The ledger's state for the status report, from memory only (no database round trip). */
    public LedgerStatus view() {
        Optional<SignedHead> newest = ledger.latest();
        SignedHead anchored = lastAnchored;
        return new LedgerStatus(newest.map(SignedHead::size).orElse(0L),
                ledger.hash().name(), newest.map(h -> Instant.ofEpochMilli(h.head().timestampMillis())).orElse(null),
                anchored == null ? null : anchored.size(),
                anchored == null ? null : anchored.anchor().map(SignedHead.Anchor::anchoredAt).orElse(null));
    }

    private AnchorReply send(AnchorRequest request) {
        return LedgerAnchoringGrpc.newBlockingStub(parent.channel().orElseThrow()).withDeadlineAfter(10, TimeUnit.SECONDS)
                .anchor(request);
    }

    private AnchorRequest request(SignedHead head, long from) {
        List<byte[]> proof = ledger.read(tree -> tree.consistencyProof(from, head.size()));
        AnchorRequest.Builder out = AnchorRequest.newBuilder()
                .setHead(ByteString.copyFrom(head.head().encoded()))
                .setSignature(ByteString.copyFrom(head.signature()))
                .setFromSize(from)
                .addAllChain(AuthorKeys.wireChain(node.credentials()));
        proof.forEach(p -> out.addConsistencyProof(ByteString.copyFrom(p)));
        return out.build();
    }

    private SignedHead.Anchor checkedReceipt(TreeHead head, Receipt receipt) {
        RegionCode expected = node.settings().parentRegion().orElseThrow();
        AnchorReceipt signed = new AnchorReceipt(node.region(), expected, receipt.getAnchoredAtMillis(), head);
        Authorship.Check check = AnchorReceipts.verify(signed, receipt.getSignature().toByteArray(),
                chainOf(receipt.getParentChainList()), keys.chains());
        if (check instanceof Authorship.Unproven unproven) {
            throw Status.INTERNAL.withDescription("the parent's receipt is refused: " + unproven.reason()).asRuntimeException();
        }
        return new SignedHead.Anchor(expected.code(), Instant.ofEpochMilli(receipt.getAnchoredAtMillis()),
                receipt.getSignature().toByteArray(), AuthorKeys.joined(receipt.getParentChainList()));
    }

    private List<X509Certificate> chainOf(List<ByteString> der) {
        try {
            return keys.decode(der);
        } catch (IllegalArgumentException e) {
            throw Status.INVALID_ARGUMENT.withDescription("malformed certificate chain: " + e.getMessage()).asRuntimeException();
        }
    }

    /** The parent half, served to children on the tier-link server. */
    @Override
    public BindableService service() {
        return new LedgerAnchoringGrpc.LedgerAnchoringImplBase() {
            @Override
            public void anchor(AnchorRequest request, StreamObserver<AnchorReply> responses) {
                try {
                    responses.onNext(judge(PeerAuthentication.PEER.get(), request));
                    responses.onCompleted();
                } catch (StatusRuntimeException e) {
                    responses.onError(e);
                } catch (RuntimeException e) {
                    LOG.errorf(e, "anchoring request failed");
                    responses.onError(Status.INTERNAL.withDescription("anchoring failed at " + node.region())
                            .asRuntimeException());
                }
            }
        };
    }

    private AnchorReply judge(PeerIdentity peer, AnchorRequest request) {
        String child = peer.region().code();
        TreeHead head;
        try {
            head = TreeHead.decode(request.getHead().toByteArray());
        } catch (IllegalArgumentException e) {
            throw Status.INVALID_ARGUMENT.withDescription("malformed tree head: " + e.getMessage()).asRuntimeException();
        }
        Authorship.Check author = TreeHeadSignatures.verify(head, request.getSignature().toByteArray(),
                chainOf(request.getChainList()), peer.region(),
                keys.chains(), keys::verifierFor);
        if (author instanceof Authorship.Unproven unproven) {
            throw Status.PERMISSION_DENIED.withDescription("tree head refused: " + unproven.reason()).asRuntimeException();
        }
        List<byte[]> proof = new ArrayList<>();
        request.getConsistencyProofList().forEach(p -> proof.add(p.toByteArray()));
        Optional<TreeHead> anchored = book.last(child);
        AnchorCheck.Verdict verdict = AnchorCheck.judge(anchored, head, request.getFromSize(), proof);
        if (verdict instanceof AnchorCheck.ProveFrom again) {
            return AnchorReply.newBuilder().setAnchoredSize(again.size()).build();
        }
        if (!(verdict instanceof AnchorCheck.Extends)) {
            String alert = "ledger of " + child + " " + describe(verdict);
            LOG.errorf("ALERT %s", alert);
            book.alert(child, alert, node.clock().instant());
            throw Status.FAILED_PRECONDITION.withDescription(alert).asRuntimeException();
        }
        Instant now = node.clock().instant();
        boolean repeated = anchored.isPresent() && anchored.get().size() == head.size();
        if (!repeated && !book.anchor(child, anchored, head, request.getSignature().toByteArray(),
                Fingerprints.sm3(head.encoded()), now)) {
            throw Status.ABORTED.withDescription("another anchoring of " + child + " came first; send again").asRuntimeException();
        }
        AnchorReceipt receipt = new AnchorReceipt(peer.region(), node.region(), now.toEpochMilli(), head);
        Receipt.Builder out = Receipt.newBuilder()
                .setParentRegion(node.region().code())
                .setAnchoredAtMillis(now.toEpochMilli())
                .setSignature(ByteString.copyFrom(AnchorReceipts.sign(node.credentials(), receipt)));
        out.addAllParentChain(AuthorKeys.wireChain(node.credentials()));
        return AnchorReply.newBuilder().setReceipt(out).build();
    }

    private static String describe(AnchorCheck.Verdict verdict) {
        if (verdict instanceof AnchorCheck.Truncated t) {
            return "truncated: " + t.anchored() + " entries were anchored, the new head has " + t.now();
        }
        if (verdict instanceof AnchorCheck.Forked f) {
            return "forked: a head of " + f.size() + " entries with another root than the one anchored";
        }
        AnchorCheck.Rewritten r = (AnchorCheck.Rewritten) verdict;
        return "rewritten: the head of " + r.now() + " entries does not extend the anchored head of " + r.anchored()
                + " (" + r.reason() + ")";
    }
}
