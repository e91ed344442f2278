package dev.cascade.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.JoinToken;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeCredentials;
import dev.cascade.protocol.trust.NodeKeyStore;
import io.grpc.Status;

/**
 * Everything a tier link or an onboarding must refuse, each against real nodes over real TLS, and
 * each with a reason that says what was wrong. The revocation case runs last: it changes the tree.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TierLinkRefusalIT {

    static Path work;
    static Topology topology;
    static NodeProcess national;
    static NodeProcess guangdong;
    static NodeProcess guangzhou;
    static NodeProcess jiangsu;

    @BeforeAll
    static void hierarchy() throws Exception {
        work = Files.createTempDirectory("cascade-refusal-it");
        topology = new Topology(work);
        national = topology.national();
        guangdong = topology.join(national, "440000");
        guangzhou = topology.join(guangdong, "440100");
        jiangsu = topology.join(national, "320000");
        Topology.await(Duration.ofSeconds(20), () -> "links up", () ->
                ThreeTierOnboardingIT.childState(national, "440000").equals("up")
                        && ThreeTierOnboardingIT.childState(guangdong, "440100").equals("up"));
    }

    @AfterAll
    static void teardown() {
        topology.close();
        Topology.deleteTree(work);
    }

    static NodeCredentials credentials(NodeProcess n) {
        return new NodeKeyStore(n.dataDir).load();
    }

    @Test
    @Order(1)
    void aGenuineChildLinks() {
        NodeCredentials gd = credentials(guangdong);
        assertThat(TierProbe.link(national.tierEndpoint(), gd.tlsKey(), gd.tlsChain()).linked()).isTrue();
    }

    @Test
    @Order(2)
    void noClientCertificateIsRefused() {
        TierProbe.Outcome o = TierProbe.link(national.tierEndpoint(), null, null);
        assertThat(o.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(o.reason()).contains("client certificate is required");
    }

    @Test
    @Order(3)
    void aCertificateFromAnotherRootIsRefused() {
        NodeCredentials stranger = CertificateAuthority.initNational(KeySuite.GM, Clock.systemUTC());
        TierProbe.Outcome o = TierProbe.link(national.tierEndpoint(), stranger.tlsKey(), stranger.tlsChain());
        assertThat(o.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(o.reason()).contains("unknown root").contains("does not lead to this hierarchy's root");
    }

    @Test
    @Order(4)
    void anExpiredCertificateIsRefused() {
        CertForge.Presented expired = CertForge.expiredLeaf(credentials(guangdong));
        TierProbe.Outcome o = TierProbe.link(national.tierEndpoint(), expired.key(), expired.chain());
        assertThat(o.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(o.reason()).contains("expired").contains("440000");
    }

    @Test
    @Order(5)
    void aCityCannotActAsAProvince() {
        NodeCredentials city = credentials(guangzhou);
        // Its own certificate, presented where only a province may link.
        TierProbe.Outcome asItself = TierProbe.link(national.tierEndpoint(), city.tlsKey(), city.tlsChain());
        assertThat(asItself.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(asItself.reason()).contains("440100").contains("direct parent only");
        // A province certificate forged with the city's own CA: outside its name constraints.
        CertForge.Presented forged = CertForge.leaf(city, RegionCode.parse("440000"),
                Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)));
        TierProbe.Outcome asProvince = TierProbe.link(national.tierEndpoint(), forged.key(), forged.chain());
        assertThat(asProvince.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(asProvince.reason()).contains("region violation").contains("440000");
    }

    @Test
    @Order(6)
    void linksBetweenNonAdjacentTiersAreRefused() {
        NodeCredentials nat = credentials(national);
        TierProbe.Outcome downward = TierProbe.link(guangzhou.tierEndpoint(), nat.tlsKey(), nat.tlsChain());
        assertThat(downward.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(downward.reason()).contains("100000").contains("direct parent only");
    }

    @Test
    @Order(7)
    void aJoinTokenIsSingleUse() {
        String token = token(guangdong, "440300");
        RegionCode shenzhen = RegionCode.parse("440300");
        var first = CertificateAuthority.prepareJoin(shenzhen);
        assertThat(TierProbe.join(guangdong.tierEndpoint(), pin(token), token, shenzhen, first.csrDer()).isOk()).isTrue();
        var second = CertificateAuthority.prepareJoin(shenzhen);
        Status replay = TierProbe.join(guangdong.tierEndpoint(), pin(token), token, shenzhen, second.csrDer());
        assertThat(replay.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(replay.getDescription()).contains("already used");
    }

    @Test
    @Order(8)
    void aTokenForAnotherRegionIsRefused() {
        String token = token(guangdong, "440400");
        RegionCode zhuhai = RegionCode.parse("440500");
        Status s = TierProbe.join(guangdong.tierEndpoint(), pin(token), token, zhuhai, CertificateAuthority.prepareJoin(zhuhai).csrDer());
        assertThat(s.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(s.getDescription()).contains("is for region 440400");
    }

    @Test
    @Order(9)
    void anExpiredTokenIsRefused() throws Exception {
        String token = token(guangdong, "440600");
        expireInDatabase(guangdong, JoinToken.parse(token).id());
        RegionCode foshan = RegionCode.parse("440600");
        Status s = TierProbe.join(guangdong.tierEndpoint(), pin(token), token, foshan, CertificateAuthority.prepareJoin(foshan).csrDer());
        assertThat(s.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(s.getDescription()).contains("expired");
    }

    @Test
    @Order(10)
    void aMalformedCsrIsRefusedAndTheTokenKept() {
        String token = token(guangdong, "440700");
        RegionCode jiangmen = RegionCode.parse("440700");
        Status garbage = TierProbe.join(guangdong.tierEndpoint(), pin(token), token, jiangmen, "not a CSR".getBytes());
        assertThat(garbage.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(garbage.getDescription()).containsIgnoringCase("csr");
        // Nothing was spent: the same token still onboards with a proper CSR.
        assertThat(TierProbe.join(guangdong.tierEndpoint(), pin(token), token, jiangmen,
                CertificateAuthority.prepareJoin(jiangmen).csrDer()).isOk()).isTrue();
    }

    @Test
    @Order(11)
    void aCsrSignedByAnotherKeyIsRefused() {
        String token = token(guangdong, "440800");
        RegionCode zhanjiang = RegionCode.parse("440800");
        Status s = TierProbe.join(guangdong.tierEndpoint(), pin(token), token, zhanjiang, CertForge.csrSignedByAnotherKey(zhanjiang));
        assertThat(s.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(s.getDescription()).contains("not signed by the key");
    }

    @Test
    @Order(19)
    void aRevokedChildsCatalogAndExchangeStreamsAreCutAndItsNextAnchoringIsRefused() {
        NodeCredentials js = credentials(jiangsu);
        jiangsu.stop(); // the test holds Jiangsu's streams itself
        try (TierProbe.Held catalog = TierProbe.holdCatalogSync(national.tierEndpoint(), js.tlsKey(), js.tlsChain());
             TierProbe.Held exchange = TierProbe.holdExchangeRelay(national.tierEndpoint(), js.tlsKey(), js.tlsChain())) {
            NodeProcess.sleep(1500);
            assertThat(catalog.open()).as("catalog stream admitted").isTrue();
            assertThat(exchange.open()).as("exchange stream admitted").isTrue();

            NodeProcess.cliOk("revoke", "--region", "320000", "--reason", "test: stolen keys", "--data-dir", national.dataDir.toString());

            // Admission ran when the streams opened; the new list cuts them anyway, within seconds.
            for (TierProbe.Held cut : List.of(catalog, exchange)) {
                TierProbe.Outcome ended = cut.ending(10);
                assertThat(ended.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
                assertThat(ended.reason()).contains("certificate of 320000 has been revoked");
            }
        }
        // Anchoring is one call per head, each admitted afresh: the next one is refused.
        Status anchoring = TierProbe.anchor(national.tierEndpoint(), js.tlsKey(), js.tlsChain());
        assertThat(anchoring.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(anchoring.getDescription()).contains("revoked");
    }

    @Test
    @Order(20)
    void aRevokedNodeAndItsDescendantsAreRefusedEverywhereWithinTenSeconds() {
        NodeCredentials gd = credentials(guangdong);
        NodeCredentials gz = credentials(guangzhou);
        // Timed from the moment national recorded the revocation, and observed through the nodes' own admin API
        // polled in this JVM: neither a CLI start nor a status command's JVM is part of what is measured.
        JsonNode revocation = national.admin("POST", "/admin/v1/revocations",
                NodeProcess.JSON.createObjectNode().put("region", "440000").put("reason", "test: emergency stop"));
        Instant revokedAt = Instant.parse(revocation.path("revokedAt").asText());

        Topology.await(Duration.ofSeconds(10), () -> "guangdong's own link and guangzhou's link to it are cut", () ->
                ThreeTierOnboardingIT.childOf(national.liveStatus(), "440000").path("state").asText("absent").equals("revoked")
                        && !guangzhou.liveStatus().path("parent").path("state").asText().equals("up"));
        assertThat(Duration.between(revokedAt, Instant.now())).isLessThan(Duration.ofSeconds(10));

        TierProbe.Outcome revoked = TierProbe.link(national.tierEndpoint(), gd.tlsKey(), gd.tlsChain());
        assertThat(revoked.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(revoked.reason()).contains("revoked");
        TierProbe.Outcome descendant = TierProbe.link(national.tierEndpoint(), gz.tlsKey(), gz.tlsChain());
        assertThat(descendant.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(descendant.reason()).contains("revoked");
        // The revocation reached the descendant too: it refuses its revoked parent's certificate.
        TierProbe.Outcome parentAtChild = TierProbe.link(guangzhou.tierEndpoint(), gd.tlsKey(), gd.tlsChain());
        assertThat(parentAtChild.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(parentAtChild.reason()).contains("revoked");
    }

    private static String token(NodeProcess parent, String region) {
        return NodeProcess.cliOk("token", "create", "--region", region, "--data-dir", parent.dataDir.toString()).out();
    }

    private static String pin(String token) {
        return JoinToken.parse(token).rootPin();
    }

    /** Ages a token directly in the node's PostgreSQL: a token's lifetime is at least a minute. */
    private static void expireInDatabase(NodeProcess node, String tokenId) throws Exception {
        try (Connection c = NodeDatabase.connect(node);
             PreparedStatement s = c.prepareStatement("update join_token set expires_at = now() - interval '1 second' where id = ?")) {
            s.setString(1, tokenId);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }
}
