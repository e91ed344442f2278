package dev.cascade.node.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.cascade.node.config.Endpoint;
import dev.cascade.node.config.NodeSettings;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.identity.LocalNodes;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.CsrCheck;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.NodeKeyStore;
import dev.cascade.protocol.trust.PeerIdentity;
import dev.cascade.protocol.trust.PeerVerdict;
import dev.cascade.protocol.trust.PendingJoin;

/**
 * Admission is the link layer's one gate in front of every child-only tier service (decision 0013):
 * a caller whose chain is valid in this hierarchy must still be a direct child, certified by this
 * node's own CA. Each case builds real certificates through the onboarding API, loads the node from
 * its data directory as the runtime does, and lets the node's own validator name the peer, exactly
 * as {@link PeerAuthentication} does before it asks {@link ChildAdmission}.
 */
class ChildAdmissionTest {

    private static final RegionCode GUANGDONG = RegionCode.parse("440000");
    private static final RegionCode GUANGZHOU = RegionCode.parse("440100");
    private static final RegionCode JIANGSU = RegionCode.parse("320000");
    private static final RegionCode NANJING = RegionCode.parse("320100");

    private static final Clock CLOCK = Clock.systemUTC();

    private static NodeCredentials national;
    private static NodeCredentials guangdong;
    /** A second CA for 440000, issued by the national node too: not the Guangdong node under test. */
    private static NodeCredentials otherGuangdong;
    private static NodeCredentials guangzhou;
    private static NodeCredentials guangzhouOfTheOtherCa;
    private static NodeCredentials nanjing;

    private static LocalNode nationalNode;
    private static LocalNode guangdongNode;

    @BeforeAll
    static void hierarchy(@TempDir Path dirs) {
        national = CertificateAuthority.initNational(KeySuite.GM, CLOCK);
        guangdong = join(national, GUANGDONG);
        otherGuangdong = join(national, GUANGDONG);
        NodeCredentials jiangsu = join(national, JIANGSU);
        guangzhou = join(guangdong, GUANGZHOU);
        guangzhouOfTheOtherCa = join(otherGuangdong, GUANGZHOU);
        nanjing = join(jiangsu, NANJING);

        nationalNode = node(dirs.resolve("national"), national,
                new NodeSettings(RegionCode.NATIONAL, Optional.empty(), Optional.empty(), "127.0.0.1", 7443, 8080,
                        Optional.empty()));
        guangdongNode = node(dirs.resolve("guangdong"), guangdong,
                new NodeSettings(GUANGDONG, Optional.of(RegionCode.NATIONAL), Optional.of(new Endpoint("127.0.0.1", 7443)),
                        "127.0.0.1", 7444, 8081, Optional.empty()));
    }

    @Test
    void aCityTwoTiersBelowIsRefusedNamingTheTierLinkRuleAndItsRealParent() {
        assertThat(ChildAdmission.refusalFor(nationalNode, peer(nationalNode, guangzhou)))
                .isEqualTo("440100 (municipal) may not link to 100000: tier links join a node and its direct parent only;"
                        + " the parent of 440100 is 440000");
    }

    @Test
    void aCityOfAnotherProvinceIsRefusedNamingItsOwnProvince() {
        assertThat(ChildAdmission.refusalFor(guangdongNode, peer(guangdongNode, nanjing)))
                .isEqualTo("320100 (municipal) may not link to 440000: tier links join a node and its direct parent only;"
                        + " the parent of 320100 is 320000");
    }

    @Test
    void theParentCallingDownIsRefusedWithoutAParentToName() {
        assertThat(ChildAdmission.refusalFor(guangdongNode, peer(guangdongNode, national)))
                .isEqualTo("100000 (national) may not link to 440000: tier links join a node and its direct parent only");
    }

    @Test
    void aDirectChildRegionCertifiedByAnotherCaForThisRegionIsRefused() {
        // The chain is valid in this hierarchy and 440100 is one tier below 440000, but its CA was
        // issued by the other 440000 CA, not by the node under test.
        PeerIdentity impostor = peer(guangdongNode, guangzhouOfTheOtherCa);
        assertThat(impostor.region()).isEqualTo(GUANGZHOU);

        assertThat(ChildAdmission.refusalFor(guangdongNode, impostor))
                .isEqualTo("the certificate of 440100 was not issued by the CA of 440000");
    }

    @Test
    void aDirectChildThisNodeCertifiedIsAdmitted() {
        assertThat(ChildAdmission.refusalFor(guangdongNode, peer(guangdongNode, guangzhou))).isNull();
        assertThat(ChildAdmission.refusalFor(nationalNode, peer(nationalNode, guangdong))).isNull();
    }

    /** The peer as the node's validator sees its TLS chain; the chain must be valid in this hierarchy. */
    private static PeerIdentity peer(LocalNode node, NodeCredentials presented) {
        PeerVerdict verdict = node.validator().validate(presented.tlsChain());
        assertThat(verdict).as("validation of %s's chain", presented.region()).isInstanceOf(PeerVerdict.Trusted.class);
        return ((PeerVerdict.Trusted) verdict).identity();
    }

    private static LocalNode node(Path dataDir, NodeCredentials credentials, NodeSettings settings) {
        new NodeKeyStore(dataDir).save(credentials);
        settings.save(dataDir);
        LocalNode node = LocalNodes.loadedFrom(dataDir);
        assertThat(node.region()).isEqualTo(credentials.region());
        return node;
    }

    /** Both sides of onboarding, as the join command and the parent's Onboarding service run them. */
    private static NodeCredentials join(NodeCredentials parent, RegionCode child) {
        PendingJoin pending = CertificateAuthority.prepareJoin(child);
        CertificateAuthority parentCa = new CertificateAuthority(parent, CLOCK);
        CsrCheck check = parentCa.inspect(pending.csrDer(), child);
        assertThat(check).isInstanceOf(CsrCheck.Accepted.class);
        CsrCheck.Accepted accepted = (CsrCheck.Accepted) check;
        List<X509Certificate> answer = parentCa.chainFor(parentCa.issueChildCa(accepted.publicKey(), accepted.region()));
        return CertificateAuthority.completeJoin(pending, answer, KeySuite.GM, CLOCK);
    }
}
