package dev.cascade.node.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.cascade.node.identity.TokenSigningKey;
import dev.cascade.node.config.NodeSettings;
import dev.cascade.node.department.Departments;
import dev.cascade.protocol.region.RegionCode;

/**
 * Bearer tokens for tests against the node started by {@link NationalNodeResource}: the genuine
 * ones, minted from its data directory as the CLI and the node mint them, and the forged, expired
 * and misdirected ones a caller must be refused with.
 */
public final class NodeTokens {

    private final Path dataDir;
    private final RegionCode region;

    private NodeTokens(Path dataDir) {
        this.dataDir = dataDir;
        this.region = NodeSettings.load(dataDir).region();
    }

    /** Tokens for the node under test (its data directory is in the running configuration). */
    public static NodeTokens ofRunningNode() {
        return new NodeTokens(Path.of(ConfigProvider.getConfig().getValue("cascade.data-dir", String.class)));
    }

    public String admin() {
        return TokenSigningKey.mintToken(dataDir, region, "operator@test", Duration.ofMinutes(5));
    }

    /** What the node itself would issue for {@code dept}, without asking it (and without a record of it). */
    public String department(String dept, String... roles) {
        return departmentToken(dataDir, dept, Departments.AUDIENCE, region, Duration.ofMinutes(5), roles);
    }

    public String expiredDepartment(String dept, String... roles) {
        // Well past the verifier's clock skew allowance.
        return departmentToken(dataDir, dept, Departments.AUDIENCE, region, Duration.ofHours(-1), roles);
    }

    public String departmentWithAudience(String audience, String dept, String... roles) {
        return departmentToken(dataDir, dept, audience, region, Duration.ofMinutes(5), roles);
    }

    /** Signed with this node's key, but naming another node as its issuer. */
    public String departmentIssuedInTheNameOf(RegionCode otherNode, String dept, String... roles) {
        return departmentToken(dataDir, dept, Departments.AUDIENCE, otherNode, Duration.ofMinutes(5), roles);
    }

    /** A token in every way like the node's own, but signed by a key the node never had. */
    public String departmentSignedByAnotherKey(String dept, String... roles) {
        Path other;
        try {
            other = Files.createTempDirectory("cascade-other-key-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            TokenSigningKey.create(other);
            return departmentToken(other, dept, Departments.AUDIENCE, region, Duration.ofMinutes(5), roles);
        } finally {
            try (Stream<Path> files = Files.walk(other)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static String departmentToken(Path keyDir, String dept, String audience, RegionCode issuer, Duration ttl,
                                          String... roles) {
        return TokenSigningKey.mint(keyDir, issuer, Departments.SUBJECT_PREFIX + dept, audience, List.of(roles),
                Map.of(Departments.CLAIM, dept), ttl);
    }
}
