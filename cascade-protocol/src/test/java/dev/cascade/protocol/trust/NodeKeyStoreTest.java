package dev.cascade.protocol.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeKeyStoreTest {

    private static TestHierarchy h;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void buildHierarchy() {
        h = new TestHierarchy();
    }

    @Test
    void saved_credentials_load_back_identically() {
        NodeKeyStore store = new NodeKeyStore(dataDir);
        assertThat(store.exists()).isFalse();
        store.save(h.city);
        assertThat(store.exists()).isTrue();

        NodeCredentials loaded = store.load();
        assertThat(loaded.region()).isEqualTo(h.city.region());
        assertThat(loaded.suite()).isEqualTo(KeySuite.GM);
        assertThat(loaded.root()).isEqualTo(h.city.root());
        assertThat(loaded.caChain()).containsExactlyElementsOf(h.city.caChain());
        assertThat(loaded.tlsChain()).containsExactlyElementsOf(h.city.tlsChain());
        assertThat(loaded.appCertificate()).isEqualTo(h.city.appCertificate());
        assertThat(loaded.caKey().getEncoded()).isEqualTo(h.city.caKey().getEncoded());
        assertThat(loaded.tlsKey().getEncoded()).isEqualTo(h.city.tlsKey().getEncoded());
        assertThat(loaded.appKey().getEncoded()).isEqualTo(h.city.appKey().getEncoded());
        byte[] signature = Signatures.sign(loaded.appKey(), loaded.suite(), new byte[] {1, 2, 3});
        assertThat(Signatures.verify(h.city.appCertificate(), new byte[] {1, 2, 3}, signature)).isTrue();
    }

    @Test
    void the_pki_directory_is_0700_and_every_private_key_0600() throws Exception {
        NodeKeyStore store = new NodeKeyStore(dataDir);
        store.save(h.national);
        store.savePending(CertificateAuthority.prepareJoin(TestHierarchy.SHENZHEN));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.pkiDir()))).isEqualTo("rwx------");
        for (Path key : List.of(store.caKeyFile(), store.tlsKeyFile(), store.appKeyFile(), store.pendingCaKeyFile())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).as(key.toString())
                    .isEqualTo("rw-------");
        }
        assertThat(store.rootFile()).hasFileName("root.pem").exists();
        assertThat(store.caChainFile()).hasFileName("ca-chain.pem").exists();
        assertThat(store.tlsChainFile()).hasFileName("tls-chain.pem").exists();
        assertThat(store.suiteFile()).hasContent("GM");
        try (var files = Files.list(store.pkiDir())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void saving_over_existing_credentials_replaces_them() {
        NodeKeyStore store = new NodeKeyStore(dataDir);
        store.save(h.province);
        store.save(h.city);
        assertThat(store.load().region()).isEqualTo(TestHierarchy.GUANGZHOU);
    }

    @Test
    void a_pending_join_survives_a_restart_and_can_be_cleared() {
        NodeKeyStore store = new NodeKeyStore(dataDir);
        assertThat(store.loadPending()).isEmpty();
        PendingJoin pending = CertificateAuthority.prepareJoin(TestHierarchy.SHENZHEN);
        store.savePending(pending);
        PendingJoin loaded = store.loadPending().orElseThrow();
        assertThat(loaded.region()).isEqualTo(TestHierarchy.SHENZHEN);
        assertThat(loaded.csrDer()).isEqualTo(pending.csrDer());
        assertThat(loaded.caKeyPair().getPublic().getEncoded()).isEqualTo(pending.caKeyPair().getPublic().getEncoded());
        assertThat(store.exists()).isFalse();
        store.clearPending();
        assertThat(store.loadPending()).isEmpty();
        assertThat(store.pendingCaKeyFile()).doesNotExist();
    }

    @Test
    void a_missing_file_is_named_in_the_error() throws Exception {
        NodeKeyStore store = new NodeKeyStore(dataDir);
        store.save(h.city);
        Files.delete(store.tlsKeyFile());
        assertThat(store.exists()).isFalse();
        assertThatThrownBy(store::load).isInstanceOf(TrustStoreException.class)
                .hasMessage("missing " + store.tlsKeyFile());
    }

    @Test
    void a_corrupt_file_is_named_in_the_error() throws Exception {
        NodeKeyStore store = new NodeKeyStore(dataDir);
        store.save(h.city);
        Files.writeString(store.caChainFile(), "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(store::load).isInstanceOf(TrustStoreException.class)
                .hasMessageStartingWith("corrupt " + store.caChainFile());
    }

    @Test
    void a_key_that_does_not_belong_to_its_certificate_is_refused() throws Exception {
        NodeKeyStore store = new NodeKeyStore(dataDir);
        store.save(h.city);
        Files.writeString(store.tlsKeyFile(), Pem.writePrivateKey(h.province.tlsKey()));
        assertThatThrownBy(store::load).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining(store.tlsKeyFile() + " does not belong to certificate of 440100");
    }
}
