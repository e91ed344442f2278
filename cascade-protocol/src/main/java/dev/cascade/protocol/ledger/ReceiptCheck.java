package dev.cascade.protocol.ledger;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.Authorship;
import dev.cascade.protocol.trust.ChainValidator;
import dev.cascade.protocol.trust.PeerCertificateValidator;
import dev.cascade.protocol.trust.PeerVerdict;
import dev.cascade.protocol.trust.RefusalReason;
import dev.cascade.protocol.trust.RevocationRegistry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks the parent receipts of one node's export, offline. An auditor trusts only the node's
 * certificate, so a parent chain is only worth something if it leads to the root that the node's
 * own chain leads to: both chains are validated under the root ending the node's chain, as of the
 * anchoring time (an export outlives its certificates). No revocation lists are at hand offline,
 * so revocation is not checked. Each distinct chain is validated once; later receipts with it
 * only check that every certificate was valid when they were made.
 */
final class ReceiptCheck {

    private final RegionCode node;
    private final List<X509Certificate> nodeChain;
    private final Map<List<X509Certificate>, PeerVerdict> verdicts = new HashMap<>();

    ReceiptCheck(RegionCode node, List<X509Certificate> nodeChain) {
        this.node = node;
        this.nodeChain = List.copyOf(nodeChain);
    }

    Authorship.Check check(ExportedAnchor anchor, TreeHead head) {
        Optional<RegionCode> parent = node.parent();
        if (parent.isEmpty() || !parent.get().equals(anchor.parent())) {
            return new Authorship.Unproven("the receipt names parent " + anchor.parent() + ", but the parent of "
                    + node + " is " + parent.map(RegionCode::code).orElse("none"));
        }
        if (nodeChain.size() < 2) {
            return new Authorship.Unproven("the export's node chain has no root to check the parent's chain against");
        }
        ChainValidator validator = validatorAt(Instant.ofEpochMilli(anchor.anchoredAtMillis()));
        if (validator.validate(nodeChain) instanceof PeerVerdict.Refused refused) {
            return new Authorship.Unproven("the node's own chain in the export does not hold: " + refused.detail());
        }
        return AnchorReceipts.verify(anchor.receiptFor(node, head), anchor.signature(), anchor.parentChain(), validator);
    }

    private ChainValidator validatorAt(Instant at) {
        return chain -> {
            PeerVerdict known = verdicts.get(chain);
            if (known == null) {
                X509Certificate root = nodeChain.get(nodeChain.size() - 1);
                Clock clock = Clock.fixed(at, ZoneOffset.UTC);
                known = new PeerCertificateValidator(root, new RevocationRegistry(root, clock), clock).validate(chain);
                verdicts.put(List.copyOf(chain), known);
                return known;
            }
            return known instanceof PeerVerdict.Trusted ? validityAt(chain, at).orElse(known) : known;
        };
    }

    private static Optional<PeerVerdict> validityAt(List<X509Certificate> chain, Instant at) {
        for (X509Certificate certificate : chain) {
            if (at.isAfter(certificate.getNotAfter().toInstant())) {
                return Optional.of(new PeerVerdict.Refused(RefusalReason.EXPIRED, certificate.getSubjectX500Principal()
                        + " expired at " + certificate.getNotAfter().toInstant() + ", before " + at));
            }
            if (at.isBefore(certificate.getNotBefore().toInstant())) {
                return Optional.of(new PeerVerdict.Refused(RefusalReason.NOT_YET_VALID, certificate.getSubjectX500Principal()
                        + " is not valid before " + certificate.getNotBefore().toInstant() + ", after " + at));
            }
        }
        return Optional.empty();
    }
}
