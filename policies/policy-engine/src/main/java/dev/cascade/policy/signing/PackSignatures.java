package dev.cascade.policy.signing;

import dev.cascade.policy.pack.PackFormatException;
import dev.cascade.policy.pack.PolicyPack;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CertificateProfiles;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.Signatures;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Signing a pack file as its issuing node, and checking such a signature. Chain validation of the
 * signer's certificate is the node's business (it holds the trust anchors and revocation lists):
 * {@link #verify} takes a certificate the caller already trusts.
 */
public final class PackSignatures {

    private PackSignatures() {
    }

    /**
     * Signs the exact bytes of a pack file with the node's application key.
     *
     * @throws PackFormatException      if the bytes are not a valid pack (nothing invalid gets signed)
     * @throws IllegalArgumentException if the pack names another issuer than the signing node
     */
    public static PackSignature sign(byte[] packBytes, NodeCredentials issuer) {
        PolicyPack pack = PolicyPack.parse(packBytes, "pack to sign");
        if (!pack.issuer().equals(issuer.region())) {
            throw new IllegalArgumentException("pack " + pack.id() + " names issuer " + pack.issuer()
                    + "; node " + issuer.region() + " cannot sign it");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        certificates.add(issuer.appCertificate());
        certificates.addAll(issuer.caChain());
        return new PackSignature(Signatures.signAsNode(issuer, packBytes), certificates);
    }

    /**
     * Checks that {@code packBytes} are exactly what the holder of {@code issuerCertificate} signed,
     * then that the pack is valid and names the certificate's region as its issuer. The signature
     * is checked before the bytes are parsed.
     *
     * @param issuerCertificate the signer's application certificate, already validated by the caller
     */
    public static PackVerification verify(byte[] packBytes, PackSignature signature,
                                          X509Certificate issuerCertificate) {
        Objects.requireNonNull(packBytes, "packBytes");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(issuerCertificate, "issuerCertificate");
        if (!Signatures.verify(issuerCertificate, packBytes, signature.signature())) {
            return new PackVerification.Refused(PackVerification.Failure.SIGNATURE_INVALID,
                    "the pack's bytes do not match the signature of " + issuerCertificate.getSubjectX500Principal()
                            + " (altered after signing, or signed by another key)");
        }
        Optional<RegionCode> region = CertificateProfiles.regionOf(issuerCertificate);
        if (region.isEmpty()) {
            return new PackVerification.Refused(PackVerification.Failure.CERTIFICATE_WITHOUT_REGION,
                    "certificate " + issuerCertificate.getSubjectX500Principal() + " names no single Cascade region");
        }
        PolicyPack pack;
        try {
            pack = PolicyPack.parse(packBytes, "signed pack");
        } catch (PackFormatException e) {
            return new PackVerification.Refused(PackVerification.Failure.PACK_MALFORMED, e.getMessage());
        }
        if (!pack.issuer().equals(region.get())) {
            return new PackVerification.Refused(PackVerification.Failure.ISSUER_REGION_MISMATCH,
                    "pack " + pack.id() + " names issuer " + pack.issuer() + " but was signed by the node of "
                            + region.get());
        }
        return new PackVerification.Verified(pack, issuerCertificate);
    }

    /** As {@link #verify(byte[], PackSignature, X509Certificate)} from a signature file's bytes. */
    public static PackVerification verify(byte[] packBytes, byte[] signatureFile, X509Certificate issuerCertificate) {
        PackSignature signature;
        try {
            signature = PackSignature.parse(signatureFile);
        } catch (IllegalArgumentException e) {
            return new PackVerification.Refused(PackVerification.Failure.SIGNATURE_MALFORMED, e.getMessage());
        }
        return verify(packBytes, signature, issuerCertificate);
    }
}
