package dev.cascade.policy.signing;

import dev.cascade.policy.yaml.MappingReader;
import dev.cascade.policy.yaml.YamlProblem;
import dev.cascade.policy.yaml.YamlReader;
import dev.cascade.policy.yaml.YamlSyntaxException;
import dev.cascade.protocol.trust.Pem;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A detached signature over the exact bytes of a pack file, kept next to it as
 * {@code pack.yaml.sig}. Detached rather than an envelope so the pack stays a plain YAML file that
 * reviewers read and diff as is, and nothing has to canonicalise YAML: the bytes signed are the
 * bytes on disk, byte for byte.
 *
 * @param signature    SM3withSM2 (gm suite) or SHA256withECDSA (intl suite), DER; the algorithm
 *                     follows from the signer's key, never from this file
 * @param certificates the signer's application certificate first, then its CA chain; the receiving
 *                     node validates the chain before trusting the first certificate
 */
public record PackSignature(byte[] signature, List<X509Certificate> certificates) {

    public static final String FORMAT = "cascade.policy-pack-signature/v1";
    /** The signature of {@code pack.yaml} is {@code pack.yaml.sig}. */
    public static final String FILE_SUFFIX = ".sig";

    public PackSignature {
        signature = signature.clone();
        certificates = List.copyOf(certificates);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("a pack signature carries at least the signer's certificate");
        }
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public X509Certificate signer() {
        return certificates.get(0);
    }

    /** The file form: a small YAML document. */
    public byte[] toBytes() {
        StringBuilder out = new StringBuilder();
        out.append("# Detached signature over the exact bytes of a Cascade policy pack file.\n");
        out.append("format: ").append(FORMAT).append('\n');
        out.append("signature: ").append(Base64.getEncoder().encodeToString(signature)).append('\n');
        out.append("certificates: |\n");
        for (String line : Pem.writeCertificates(certificates).split("\n")) {
            out.append("  ").append(line).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** @throws IllegalArgumentException saying what is wrong with the file */
    public static PackSignature parse(byte[] bytes) {
        List<YamlProblem> problems = new ArrayList<>();
        Optional<MappingReader> root;
        try {
            root = MappingReader.root(YamlReader.read(bytes), problems);
        } catch (YamlSyntaxException e) {
            throw new IllegalArgumentException("signature file is not valid YAML: " + e.getMessage());
        }
        if (root.isEmpty()) {
            throw new IllegalArgumentException("signature file: " + problems.get(0));
        }
        MappingReader m = root.get();
        m.allowOnly(Set.of("format", "signature", "certificates"));
        String format = m.requiredText("format");
        String signature = m.requiredText("signature");
        String pem = m.requiredText("certificates");
        if (format != null && !format.equals(FORMAT)) {
            m.problem("format", "unsupported signature format '" + format + "'; expected " + FORMAT);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("signature file: " + problems.get(0));
        }
        byte[] sig;
        try {
            sig = Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("signature file: the signature is not base64");
        }
        List<X509Certificate> certificates;
        try {
            certificates = Pem.readCertificates(pem);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("signature file: unreadable certificates: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("signature file: no certificate");
        }
        return new PackSignature(sig, certificates);
    }
}
