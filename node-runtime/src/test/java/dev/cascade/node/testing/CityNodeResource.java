package dev.cascade.node.testing;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.cascade.node.config.Endpoint;
import dev.cascade.node.config.NodeSettings;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.CsrCheck;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.NodeKeyStore;
import dev.cascade.protocol.trust.PendingJoin;

/**
 * A municipal node, 440100, whose hierarchy (100000 → 440000 → 440100, and the sibling province
 * 320000) was built through the real onboarding API in this JVM. Its parent is not running (its
 * dialer keeps trying): the test plays the parent, with the ancestors' credentials kept under
 * {@link #ANCESTORS} — {@code national}, {@code 440000} and {@code 320000} key stores.
 */
public class CityNodeResource extends TestNodeResource {

    /** Test property: the directory holding the ancestors' key stores. */
    public static final String ANCESTORS = "policy-test.ancestors";
    public static final RegionCode CITY = RegionCode.parse("440100");
    public static final RegionCode PROVINCE = RegionCode.parse("440000");
    public static final RegionCode SIBLING_PROVINCE = RegionCode.parse("320000");

    private Path ancestors;

    @Override
    protected NodeSettings prepare(Path dataDir, int tierPort, int httpPort) {
        Clock clock = Clock.systemUTC();
        NodeCredentials national = CertificateAuthority.initNational(KeySuite.GM, clock);
        NodeCredentials province = join(national, PROVINCE, clock);
        NodeCredentials sibling = join(national, SIBLING_PROVINCE, clock);
        NodeCredentials city = join(province, CITY, clock);
        ancestors = tempDirectory("cascade-ancestors-");
        new NodeKeyStore(ancestors.resolve("national")).save(national);
        new NodeKeyStore(ancestors.resolve(PROVINCE.code())).save(province);
        new NodeKeyStore(ancestors.resolve(SIBLING_PROVINCE.code())).save(sibling);
        new NodeKeyStore(dataDir).save(city);
        // Nothing listens on the parent's port: the test hands the node its lineages directly.
        int unreachableParent = freePorts(1)[0];
        return new NodeSettings(CITY, Optional.of(PROVINCE), Optional.of(new Endpoint("127.0.0.1", unreachableParent)),
                "127.0.0.1", tierPort, httpPort, Optional.empty());
    }

    @Override
    protected Map<String, String> testProperties() {
        return Map.of(ANCESTORS, ancestors.toString());
    }

    @Override
    public void stop() {
        super.stop();
        if (ancestors != null) {
            deleteTree(ancestors);
        }
    }

    /** The parent side and the child side of onboarding, as the join command and the parent's endpoint run them. */
    static NodeCredentials join(NodeCredentials parent, RegionCode child, Clock clock) {
        PendingJoin pending = CertificateAuthority.prepareJoin(child);
        CertificateAuthority parentCa = new CertificateAuthority(parent, clock);
        if (!(parentCa.inspect(pending.csrDer(), child) instanceof CsrCheck.Accepted accepted)) {
            throw new IllegalStateException("the test hierarchy's CSR for " + child + " was refused");
        }
        List<X509Certificate> answer = parentCa.chainFor(parentCa.issueChildCa(accepted.publicKey(), accepted.region()));
        return CertificateAuthority.completeJoin(pending, answer, KeySuite.GM, clock);
    }
}
