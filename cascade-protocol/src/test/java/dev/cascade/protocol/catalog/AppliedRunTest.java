package dev.cascade.protocol.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.junit.jupiter.api.Test;

import dev.cascade.protocol.region.RegionCode;

class AppliedRunTest {

    private static final RegionCode GUANGZHOU = RegionCode.parse("440100");

    private static byte[] change(int n) {
        return Checkpoint.changeDigest(("change " + n).getBytes(StandardCharsets.UTF_8), new byte[] {(byte) n});
    }

    @Test
    void theDigestIsSm3OverTheAppliedChangesDigestsInOrder() {
        AppliedRun run = new AppliedRun.Builder(GUANGZHOU).add(7, ChangeKind.UPSERT, change(7))
                .add(9, ChangeKind.WITHDRAW, change(9)).build();
        SM3Digest sm3 = new SM3Digest();
        sm3.update(change(7), 0, 32);
        sm3.update(change(9), 0, 32);
        byte[] expected = new byte[32];
        sm3.doFinal(expected, 0);
        assertThat(run.digest()).isEqualTo(expected);
        assertThat(new AppliedRun.Builder(GUANGZHOU).add(7, ChangeKind.UPSERT, change(9)).add(9, ChangeKind.WITHDRAW, change(7))
                .build().digest()).as("the same changes under swapped numbers").isNotEqualTo(expected);
    }

    @Test
    void theDetailNamesTheNumbersAnAuditorLooksUpAndReadsBack() {
        AppliedRun run = new AppliedRun.Builder(GUANGZHOU).add(7, ChangeKind.UPSERT, change(7))
                .add(9, ChangeKind.WITHDRAW, change(9)).build();
        assertThat(run.detail()).isEqualTo("changes 7-9: 2 applied, 1 withdrawn");
        assertThat(AppliedRun.span(run.detail())).contains(new AppliedRun.Span(7, 9, 2));
        assertThat(AppliedRun.span("upsert v1, change 7, scope national")).as("an older build's per-change entry").isEmpty();
        assertThat(AppliedRun.span("changes 7-99999999999999999999: 2 applied, 0 withdrawn")).isEmpty();
        assertThat(AppliedRun.span(null)).isEmpty();
    }

    @Test
    void runsOverlapWhenTheyShareANumberRange() {
        assertThat(new AppliedRun.Span(1, 500, 500).overlaps(new AppliedRun.Span(500, 900, 401))).isTrue();
        assertThat(new AppliedRun.Span(1, 500, 500).overlaps(new AppliedRun.Span(501, 900, 400))).isFalse();
    }

    @Test
    void numbersMustRiseAndARunHoldsAChange() {
        AppliedRun.Builder b = new AppliedRun.Builder(GUANGZHOU).add(7, ChangeKind.UPSERT, change(7));
        assertThatThrownBy(() -> b.add(7, ChangeKind.UPSERT, change(7))).hasMessageContaining("change 7 after change 7");
        assertThatThrownBy(() -> b.add(8, ChangeKind.UPSERT, new byte[31])).hasMessageContaining("32-byte");
        assertThatThrownBy(() -> new AppliedRun.Builder(GUANGZHOU).build()).hasMessageContaining("holds no change");
        assertThatThrownBy(() -> new AppliedRun(GUANGZHOU, 5, 6, 3, 0, new byte[32])).hasMessageContaining("do not fit");
    }
}
