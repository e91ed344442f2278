package dev.cascade.policy.packtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.policy.decision.PolicyEngine;
import dev.cascade.policy.pack.ShippedPacks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The packs shipped in policies/packs pass their own suites, on both evaluation paths. */
class ShippedPacksTest {

    static final Path PACKS = Path.of("..", "packs");

    @ParameterizedTest
    @ValueSource(strings = {"national-baseline", "guangdong-example"})
    void shippedPackPassesItsSuite(String pack) {
        PackTestReport report = new PackTestRunner().run(PACKS.resolve(pack));
        assertThat(report.exitCode()).as(report.render()).isZero();
        assertThat(report.cases()).hasSizeGreaterThan(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"national-baseline", "guangdong-example"})
    void shippedPackPassesItsSuiteThroughCelAlone(String pack) {
        PackTestReport report = new PackTestRunner(PolicyEngine.Evaluation.CEL_ONLY).run(PACKS.resolve(pack));
        assertThat(report.exitCode()).as(report.render()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"national-baseline", "guangdong-example"})
    void theClassPathCarriesEachShippedPackByteForByte(String pack) throws Exception {
        assertThat(ShippedPacks.bytes(pack)).isEqualTo(Files.readAllBytes(PACKS.resolve(pack).resolve("pack.yaml")));
        assertThat(ShippedPacks.pack(pack).id()).isEqualTo(pack);
    }

    @Test
    void anUnknownShippedPackIsRefusedByName() {
        assertThatThrownBy(() -> ShippedPacks.bytes("nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nope").hasMessageContaining("national-baseline");
    }
}
