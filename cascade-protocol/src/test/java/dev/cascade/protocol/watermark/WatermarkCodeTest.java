package dev.cascade.protocol.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The 96-bit codeword: keyed permutation of the mark id plus a keyed tag. */
class WatermarkCodeTest {

    private final MarkCode code = new MarkCode(Deliveries.key(1));

    private static int[] bits(MarkCode.Codeword codeword) {
        int[] bits = new int[MarkCode.LENGTH];
        for (int p = 0; p < bits.length; p++) {
            bits[p] = codeword.bit(p);
        }
        return bits;
    }

    @Test
    void a_fully_read_codeword_decodes_to_its_mark_id() {
        Random random = new Random(1);
        for (long id : new long[] {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, random.nextLong(), random.nextLong()}) {
            assertThat(code.decode(bits(code.encode(id)))).hasValue(new MarkCode.Decoded(id, 0));
        }
    }

    @Test
    void up_to_sixteen_unread_positions_are_filled_in_and_seventeen_are_refused() {
        long id = 0x0DDB_A11L;
        int[] bits = bits(code.encode(id));
        for (int p = 0; p < 16; p++) {
            bits[p * 6] = -1; // spread over the permuted id and the tag
        }
        assertThat(code.decode(bits)).hasValue(new MarkCode.Decoded(id, 16));

        bits[1] = -1;
        assertThat(code.decode(bits)).isEmpty();
    }

    @Test
    void one_wrong_bit_fails_the_tag_check_rather_than_decoding_to_another_id() {
        int[] bits = bits(code.encode(42));
        bits[17] ^= 1;

        assertThat(code.decode(bits)).isEmpty();
    }

    @Test
    void neighbouring_mark_ids_have_unrelated_codewords() {
        int[] a = bits(code.encode(1000));
        int[] b = bits(code.encode(1001));
        int differing = 0;
        for (int p = 0; p < a.length; p++) {
            differing += a[p] != b[p] ? 1 : 0;
        }
        // 48 expected; 30..66 is beyond 3.5 standard deviations (σ ≈ 4.9).
        assertThat(differing).isBetween(30, 66);
    }

    @Test
    void another_key_gives_another_codeword() {
        assertThat(new MarkCode(Deliveries.key(2)).encode(7)).isNotEqualTo(code.encode(7));
    }

    @Test
    void random_bits_almost_never_pass_the_tag_check() {
        Random random = new Random(3);
        int passed = 0;
        for (int trial = 0; trial < 2_000; trial++) {
            int[] bits = new int[MarkCode.LENGTH];
            for (int p = 0; p < bits.length; p++) {
                bits[p] = random.nextInt(2);
            }
            passed += code.decode(bits).isPresent() ? 1 : 0;
        }
        assertThat(passed).isZero();
    }

    @Test
    void the_binomial_tail_is_exact_at_its_ends_and_in_the_middle() {
        assertThat(CandidateMatch.upperTail(0, 0)).isEqualTo(1.0);
        assertThat(CandidateMatch.upperTail(96, 0)).isEqualTo(1.0);
        assertThat(CandidateMatch.upperTail(10, 10)).isEqualTo(Math.scalb(1.0, -10));
        assertThat(CandidateMatch.upperTail(96, 96)).isEqualTo(Math.scalb(1.0, -96));
        assertThat(CandidateMatch.upperTail(4, 3)).isEqualTo(5.0 / 16);
        assertThat(CandidateMatch.upperTail(96, 49)).isCloseTo(0.4593, within(1e-3));
    }
}
