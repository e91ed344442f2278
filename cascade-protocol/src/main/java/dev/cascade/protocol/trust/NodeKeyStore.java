package dev.cascade.protocol.trust;

import dev.cascade.protocol.region.RegionCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * A node's PKI files under {@code <dataDir>/pki/}, PEM so operators can inspect them with OpenSSL.
 *
 * <p>Every file is written atomically (temporary file in the same directory, then rename) so a
 * crash never leaves half a key. The directory is 0700 and private keys are created 0600 — the
 * permissions are part of the creation call, so there is no moment when key bytes sit in a file
 * others could open.
 */
public final class NodeKeyStore {

    private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

    private final Path dataDir;
    private final Path pki;

    public NodeKeyStore(Path dataDir) {
        this.dataDir = dataDir;
        this.pki = dataDir.resolve("pki");
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path pkiDir() {
        return pki;
    }

    public Path rootFile() {
        return pki.resolve("root.pem");
    }

    public Path caChainFile() {
        return pki.resolve("ca-chain.pem");
    }

    public Path caKeyFile() {
        return pki.resolve("ca.key");
    }

    public Path tlsChainFile() {
        return pki.resolve("tls-chain.pem");
    }

    public Path tlsKeyFile() {
        return pki.resolve("tls.key");
    }

    public Path appCertificateFile() {
        return pki.resolve("app.pem");
    }

    public Path appKeyFile() {
        return pki.resolve("app.key");
    }

    public Path suiteFile() {
        return pki.resolve("suite");
    }

    public Path pendingCaKeyFile() {
        return pki.resolve("pending-ca.key");
    }

    /** The CSR that goes with {@link #pendingCaKeyFile()}; it carries the public key and region. */
    public Path pendingCsrFile() {
        return pki.resolve("pending-ca.csr");
    }

    /** True when a complete credential set is on disk (a join in progress does not count). */
    public boolean exists() {
        return credentialFiles().stream().allMatch(Files::isRegularFile);
    }

    private List<Path> credentialFiles() {
        return List.of(rootFile(), caChainFile(), caKeyFile(), tlsChainFile(), tlsKeyFile(),
                appCertificateFile(), appKeyFile(), suiteFile());
    }

    /**
     * Reads and cross-checks the credentials: chains end with root.pem and each private key belongs
     * to its certificate.
     *
     * @throws TrustStoreException naming the file that is missing, unreadable or inconsistent
     */
    public NodeCredentials load() {
        X509Certificate root = read(rootFile(), Pem::readCertificate);
        List<X509Certificate> caChain = read(caChainFile(), Pem::readCertificates);
        PrivateKey caKey = read(caKeyFile(), Pem::readPrivateKey);
        List<X509Certificate> tlsChain = read(tlsChainFile(), Pem::readCertificates);
        PrivateKey tlsKey = read(tlsKeyFile(), Pem::readPrivateKey);
        X509Certificate app = read(appCertificateFile(), Pem::readCertificate);
        PrivateKey appKey = read(appKeyFile(), Pem::readPrivateKey);
        KeySuite suite = read(suiteFile(), text -> KeySuite.valueOf(text.strip().toUpperCase(Locale.ROOT)));

        if (!caChain.get(caChain.size() - 1).equals(root)) {
            throw new TrustStoreException(caChainFile() + " does not end with the root in " + rootFile());
        }
        if (!tlsChain.get(tlsChain.size() - 1).equals(root)) {
            throw new TrustStoreException(tlsChainFile() + " does not end with the root in " + rootFile());
        }
        RegionCode region = CertificateProfiles.regionOf(caChain.get(0)).orElseThrow(() ->
                new TrustStoreException(caChainFile() + " starts with a certificate that names no region"));
        if (Algorithms.suiteOf(app.getPublicKey()).filter(suite::equals).isEmpty()) {
            throw new TrustStoreException(appCertificateFile() + " does not hold a " + suite + " key as "
                    + suiteFile() + " says");
        }
        requireMatch(caKey, KeySuite.INTL, caChain.get(0), caKeyFile());
        requireMatch(tlsKey, KeySuite.INTL, tlsChain.get(0), tlsKeyFile());
        requireMatch(appKey, suite, app, appKeyFile());
        try {
            return new NodeCredentials(region, root, caChain, caKey, tlsChain, tlsKey, app, appKey, suite);
        } catch (IllegalArgumentException e) {
            throw new TrustStoreException(pki + ": " + e.getMessage(), e);
        }
    }

    /** Writes every credential file; private keys 0600, certificates 0644, directory 0700. */
    public void save(NodeCredentials credentials) {
        preparePkiDirectory();
        write(caKeyFile(), Pem.writePrivateKey(credentials.caKey()), SECRET);
        write(tlsKeyFile(), Pem.writePrivateKey(credentials.tlsKey()), SECRET);
        write(appKeyFile(), Pem.writePrivateKey(credentials.appKey()), SECRET);
        write(caChainFile(), Pem.writeCertificates(credentials.caChain()), PUBLIC);
        write(tlsChainFile(), Pem.writeCertificates(credentials.tlsChain()), PUBLIC);
        write(appCertificateFile(), Pem.writeCertificate(credentials.appCertificate()), PUBLIC);
        write(suiteFile(), credentials.suite().name() + "\n", PUBLIC);
        write(rootFile(), Pem.writeCertificate(credentials.root()), PUBLIC);
    }

    /** Keeps the CA key of a join in progress until the parent answers. */
    public void savePending(PendingJoin pending) {
        preparePkiDirectory();
        write(pendingCaKeyFile(), Pem.writePrivateKey(pending.caKeyPair().getPrivate()), SECRET);
        write(pendingCsrFile(), Pem.writeCsr(pending.csrDer()), PUBLIC);
    }

    /** The join in progress, if {@link #savePending} left one. */
    public Optional<PendingJoin> loadPending() {
        if (!Files.exists(pendingCaKeyFile())) {
            return Optional.empty();
        }
        PrivateKey key = read(pendingCaKeyFile(), Pem::readPrivateKey);
        byte[] csrDer = read(pendingCsrFile(), Pem::readCsr);
        PKCS10CertificationRequest csr;
        PublicKey publicKey;
        try {
            csr = new PKCS10CertificationRequest(csrDer);
            publicKey = new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
        } catch (IOException | RuntimeException e) {
            throw new TrustStoreException("corrupt " + pendingCsrFile() + ": " + e.getMessage(), e);
        }
        RegionCode region = CertificateAuthority.requestedRegion(csr).orElseThrow(() ->
                new TrustStoreException("corrupt " + pendingCsrFile() + ": it names no region"));
        if (!keysMatch(key, publicKey, KeySuite.INTL)) {
            throw new TrustStoreException(pendingCaKeyFile() + " does not match " + pendingCsrFile());
        }
        return Optional.of(new PendingJoin(region, new KeyPair(publicKey, key), csrDer));
    }

    /** Removes the pending join files, once the credentials are saved (or the join is abandoned). */
    public void clearPending() {
        try {
            Files.deleteIfExists(pendingCaKeyFile());
            Files.deleteIfExists(pendingCsrFile());
        } catch (IOException e) {
            throw new TrustStoreException("cannot delete " + pendingCaKeyFile() + ": " + e.getMessage(), e);
        }
    }

    private interface Parser<T> {
        T parse(String text);
    }

    private static <T> T read(Path file, Parser<T> parser) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new TrustStoreException("missing " + file, e);
        } catch (IOException e) {
            throw new TrustStoreException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return parser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TrustStoreException("corrupt " + file + ": " + e.getMessage(), e);
        }
    }

    private void preparePkiDirectory() {
        try {
            Files.createDirectories(dataDir);
            if (!Files.isDirectory(pki)) {
                Files.createDirectory(pki, PosixFilePermissions.asFileAttribute(DIRECTORY));
            } else if (!Files.getPosixFilePermissions(pki).equals(DIRECTORY)) {
                // Tightening a directory is safe: key files in it are 0600 from creation regardless.
                Files.setPosixFilePermissions(pki, DIRECTORY);
            }
        } catch (UnsupportedOperationException e) {
            throw new TrustStoreException("file system of " + pki + " has no POSIX permissions; keys cannot be protected", e);
        } catch (IOException e) {
            throw new TrustStoreException("cannot create " + pki + ": " + e.getMessage(), e);
        }
    }

    private void write(Path target, String text, Set<PosixFilePermission> permissions) {
        FileAttribute<Set<PosixFilePermission>> attribute = PosixFilePermissions.asFileAttribute(permissions);
        Path temp = null;
        try {
            temp = Files.createTempFile(pki, "." + target.getFileName(), ".tmp", attribute);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new TrustStoreException("cannot replace " + target + " atomically: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TrustStoreException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // Only a leftover hidden temp file; the write itself already succeeded or failed.
                }
            }
        }
    }

    private static void requireMatch(PrivateKey key, KeySuite suite, X509Certificate certificate, Path keyFile) {
        if (!keysMatch(key, certificate.getPublicKey(), suite)) {
            throw new TrustStoreException(keyFile + " does not belong to " + ChainRules.describe(certificate));
        }
    }

    /** Proves the pair by signing a random challenge, which works for SunEC and BC keys alike. */
    private static boolean keysMatch(PrivateKey key, PublicKey publicKey, KeySuite suite) {
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Algorithms.signatureFor(suite);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Algorithms.signatureFor(suite);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
