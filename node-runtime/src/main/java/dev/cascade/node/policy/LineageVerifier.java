package dev.cascade.node.policy;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.cascade.policy.inherit.EffectivePack;
import dev.cascade.policy.inherit.PackRefusedException;
import dev.cascade.policy.signing.PackSignature;
import dev.cascade.policy.signing.PackSignatures;
import dev.cascade.policy.signing.PackVerification;
import dev.cascade.proto.tier.v1.PolicyLineage;
import dev.cascade.proto.tier.v1.SignedPolicyPack;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CertificateProfiles;
import dev.cascade.protocol.trust.ChainValidator;
import dev.cascade.protocol.trust.PeerVerdict;

/**
 * Judges a lineage a parent sent, before any of it is used. Each pack must be signed by the
 * application key of the node it names as issuer, under a chain this node validates (national
 * root, region constraints, revocation); the issuers must be this node's own ancestors, national
 * first and each below the one before; no issuer may go back to an older version or reuse a version
 * for other bytes; and the packs must compose. A parent relays its ancestors' packs but cannot
 * forge, alter, reorder or roll back any of them.
 */
public final class LineageVerifier {

    private final RegionCode self;
    private final ChainValidator validator;

    public LineageVerifier(RegionCode self, ChainValidator validator) {
        this.self = Objects.requireNonNull(self, "self");
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    /**
     * @param held the newest pack this node accepted from each issuer, in force or not
     */
    public LineageVerdict verify(PolicyLineage wire, Map<RegionCode, HeldPack> held) {
        List<SignedPolicyPack> packs = wire.getPacksList();
        if (packs.isEmpty()) {
            return new LineageVerdict.Refused("the lineage is empty; it must start with the national pack");
        }
        List<SignedPack> verified = new ArrayList<>();
        for (int i = 0; i < packs.size(); i++) {
            String at = "pack " + (i + 1) + " of " + packs.size();
            byte[] body = packs.get(i).getPack().toByteArray();
            byte[] signatureFile = packs.get(i).getSignature().toByteArray();
            PackSignature signature;
            try {
                signature = PackSignature.parse(signatureFile);
            } catch (IllegalArgumentException e) {
                return new LineageVerdict.Refused(at + ": " + e.getMessage());
            }
            List<X509Certificate> chain = signature.certificates();
            PeerVerdict verdict = validator.validate(chain);
            if (verdict instanceof PeerVerdict.Refused refused) {
                return new LineageVerdict.Refused(at + ": signer certificate chain refused (" + refused.reason() + "): "
                        + refused.detail());
            }
            RegionCode signer = ((PeerVerdict.Trusted) verdict).identity().region();
            X509Certificate leaf = chain.get(0);
            if (CertificateProfiles.isTlsLeaf(leaf)) {
                return new LineageVerdict.Refused(at + " is signed with the TLS certificate of " + signer
                        + ", not its application certificate");
            }
            PackVerification check = PackSignatures.verify(body, signature, leaf);
            if (check instanceof PackVerification.Refused refused) {
                return new LineageVerdict.Refused(at + " (signed by " + signer + ") refused: " + refused.failure() + ": "
                        + refused.detail());
            }
            verified.add(new SignedPack(((PackVerification.Verified) check).pack(), body, signatureFile));
        }
        Lineage lineage = new Lineage(verified);
        Optional<String> misplaced = placement(lineage);
        if (misplaced.isPresent()) {
            return new LineageVerdict.Refused(misplaced.get());
        }
        Optional<String> rolledBack = rollback(lineage, held);
        if (rolledBack.isPresent()) {
            return new LineageVerdict.Refused(rolledBack.get());
        }
        try {
            return new LineageVerdict.Accepted(lineage, EffectivePack.compose(lineage.policyPacks()));
        } catch (PackRefusedException e) {
            return new LineageVerdict.Refused("the lineage does not compose: " + e.getMessage());
        }
    }

    /**
     * The issuers must be ancestors of this node, national first, each below the one before. A tier
     * without a pack of its own is simply absent; the national pack never is.
     */
    Optional<String> placement(Lineage lineage) {
        RegionCode previous = null;
        for (SignedPack p : lineage.packs()) {
            RegionCode issuer = p.issuer();
            if (previous == null && !issuer.equals(RegionCode.NATIONAL)) {
                return Optional.of("the lineage starts with " + p + "; it must start with the national pack (issuer "
                        + RegionCode.NATIONAL + ")");
            }
            if (!issuer.isAncestorOf(self)) {
                return Optional.of(p + " is issued by " + issuer + ", which is not an ancestor of " + self
                        + "; a node enforces only its ancestors' packs");
            }
            if (previous != null && !previous.isAncestorOf(issuer)) {
                return Optional.of(p + " (issuer " + issuer + ") comes after a pack of " + previous
                        + "; the lineage runs from national down, one pack per tier");
            }
            previous = issuer;
        }
        return Optional.empty();
    }

    /** No issuer's pack may be older than the one held, nor the same version with other bytes. */
    static Optional<String> rollback(Lineage lineage, Map<RegionCode, HeldPack> held) {
        for (SignedPack p : lineage.packs()) {
            HeldPack known = held.get(p.issuer());
            if (known == null) {
                continue;
            }
            if (p.pack().version() < known.version()) {
                return Optional.of("rollback refused: " + p + " is older than " + known.packId() + " v" + known.version()
                        + ", which this node already accepted from " + p.issuer());
            }
            if (p.pack().version() == known.version() && !p.sha256().equals(known.sha256())) {
                return Optional.of(p + " differs from the v" + known.version() + " this node already holds from "
                        + p.issuer() + "; an issuer never reuses a version for other content");
            }
        }
        return Optional.empty();
    }
}
