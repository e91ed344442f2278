package dev.cascade.protocol.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.cascade.protocol.region.RegionCode;

class CheckpointTest {

    private static final RegionCode GUANGZHOU = RegionCode.parse("440100");
    private static final byte[] BODY_7 = "change 7".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SIG_7 = {7, 7, 7};
    private static final byte[] BODY_8 = "change 8".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SIG_8 = {8, 8, 8};

    private static Checkpoint sevenAndEight() {
        return new Checkpoint(GUANGZHOU, 7, List.of(Checkpoint.changeDigest(BODY_7, SIG_7), Checkpoint.changeDigest(BODY_8, SIG_8)));
    }

    @Test
    void vouchesForExactlyTheBodyAndSignatureOfEachCoveredNumber() {
        Checkpoint c = sevenAndEight();
        assertThat(c.lastSeq()).isEqualTo(8);
        assertThat(c.vouchesFor(7, BODY_7, SIG_7)).isTrue();
        assertThat(c.vouchesFor(8, BODY_8, SIG_8)).isTrue();
        assertThat(c.vouchesFor(8, BODY_7, SIG_7)).as("another number's change").isFalse();
        assertThat(c.vouchesFor(7, BODY_7, SIG_8)).as("another signature").isFalse();
        assertThat(c.vouchesFor(7, "change 7 ".getBytes(StandardCharsets.UTF_8), SIG_7)).as("altered body").isFalse();
        assertThat(c.vouchesFor(6, BODY_7, SIG_7)).as("before the run").isFalse();
        assertThat(c.vouchesFor(9, BODY_8, SIG_8)).as("after the run").isFalse();
    }

    @Test
    void theDigestSeparatesBodyFromSignature() {
        // Moving a byte from the end of the body to the start of the signature changes the digest.
        assertThat(Checkpoint.changeDigest(new byte[] {1, 2}, new byte[] {3}))
                .isNotEqualTo(Checkpoint.changeDigest(new byte[] {1}, new byte[] {2, 3}));
    }

    @Test
    void malformedCheckpointsAreRefused() {
        assertThatThrownBy(() -> new Checkpoint(GUANGZHOU, 0, List.of(new byte[32]))).hasMessageContaining("change 1 or later");
        assertThatThrownBy(() -> new Checkpoint(GUANGZHOU, 1, List.of())).hasMessageContaining("at least one change");
        assertThatThrownBy(() -> new Checkpoint(GUANGZHOU, 1, List.of(new byte[31]))).hasMessageContaining("32-byte");
    }
}
