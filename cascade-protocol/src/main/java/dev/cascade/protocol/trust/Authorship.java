package dev.cascade.protocol.trust;

import dev.cascade.protocol.region.RegionCode;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Whether signed bytes were made by the node they name. A message relayed over several hops is
 * vouched for by each hop's mutual TLS only as far as who relayed it; the author's signature,
 * checked against the author's own chain up to the root, proves who made it.
 */
public final class Authorship {

    /** The outcome: the author's region, or why the bytes cannot be attributed to it. */
    public sealed interface Check permits Authentic, Unproven {
    }

    public record Authentic(RegionCode author, X509Certificate certificate) implements Check {
        public Authentic {
            Objects.requireNonNull(author, "author");
            Objects.requireNonNull(certificate, "certificate");
        }
    }

    /** @param reason one line for an alert or a refusal */
    public record Unproven(String reason) implements Check {
        public Unproven {
            Objects.requireNonNull(reason, "reason");
        }
    }

    private Authorship() {
    }

    /**
     * @param signed    the exact bytes signed (context prefix included)
     * @param chain     the author's application certificate first, then its CA chain (root optional)
     * @param claimed   the author the message names
     * @param what      what is being checked, for the reason ("change", "request"…)
     * @param verifierOf the verifier of the leaf's key; callers that check many messages of one
     *                  author keep one per thread
     */
    public static Check verify(byte[] signed, byte[] signature, List<X509Certificate> chain, RegionCode claimed,
                               ChainValidator validator, Function<X509Certificate, SignatureVerifier> verifierOf,
                               String what) {
        Objects.requireNonNull(claimed, "claimed");
        Objects.requireNonNull(validator, "validator");
        if (chain == null || chain.isEmpty()) {
            return new Unproven(what + " claiming origin " + claimed + " carries no certificate chain");
        }
        PeerVerdict verdict = validator.validate(chain);
        if (verdict instanceof PeerVerdict.Refused refused) {
            return new Unproven("origin certificate chain refused (" + refused.reason() + "): " + refused.detail());
        }
        RegionCode signer = ((PeerVerdict.Trusted) verdict).identity().region();
        if (!signer.equals(claimed)) {
            return new Unproven("signed by " + signer + " but claims origin " + claimed);
        }
        X509Certificate leaf = chain.get(0);
        if (CertificateProfiles.isTlsLeaf(leaf)) {
            // Key separation: a TLS key lives in the transport stack and signs handshakes chosen by
            // peers; it must not also be able to author what the tiers act on.
            return new Unproven(what + " of " + claimed + " is signed with a TLS certificate, "
                    + "not the origin's application certificate");
        }
        if (signature == null || !verifierOf.apply(leaf).verify(signed, signature)) {
            return new Unproven("signature does not verify under the application certificate of " + claimed);
        }
        return new Authentic(claimed, leaf);
    }

    public static Check verify(byte[] signed, byte[] signature, List<X509Certificate> chain, RegionCode claimed,
                               ChainValidator validator, String what) {
        return verify(signed, signature, chain, claimed, validator, leaf -> Signatures.verifierFor(leaf.getPublicKey()), what);
    }
}
