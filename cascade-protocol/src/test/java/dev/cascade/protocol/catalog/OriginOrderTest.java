package dev.cascade.protocol.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.catalog.OriginOrder.Step;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OriginOrderTest {

    @ParameterizedTest(name = "lastApplied {0}, previousSeq {1}, seq {2} → {3}")
    @CsvSource({
            // lastApplied, previousSeq, seq, step
            "0, 0, 1, APPLY",        // the origin's very first change
            "0, 0, 7, APPLY",        // first change visible here; 1..6 were out of scope for us
            "6, 6, 7, APPLY",        // contiguous
            "6, 6, 40, APPLY",       // 7..39 invisible here, as the sender says
            "6, 3, 7, APPLY",        // we hold 6 although the sender counts it invisible: nothing missing
            "6, 0, 9, APPLY",        // same, sender thinks nothing was visible before
            "6, 7, 8, GAP",          // 7 is visible here and missing
            "0, 1, 2, GAP",          // missed the first visible change
            "6, 8, 12, GAP",
            "6, 5, 6, DUPLICATE",    // re-sent after an outage
            "6, 0, 1, DUPLICATE",
            "6, 0, 3, DUPLICATE",    // below what we applied, whatever the sender claims
    })
    void decides_from_the_senders_claim_of_the_previous_visible_change(long lastApplied, long previousSeq, long seq,
                                                                       Step step) {
        assertThat(OriginOrder.next(lastApplied, previousSeq, seq)).isEqualTo(step);
    }

    @ParameterizedTest(name = "lastApplied {0}, previousSeq {1}, seq {2}")
    @CsvSource({
            "0, 0, 0",      // seqs start at 1
            "-1, 0, 1",
            "0, -1, 1",
            "0, 5, 5",      // previous must precede
            "9, 7, 3",      // even for what would be a duplicate: the sender's bookkeeping is broken
            "0, 0, -9223372036854775808", // uint64 above Long.MAX_VALUE read as a Java long
    })
    void refuses_numbers_no_honest_sender_produces(long lastApplied, long previousSeq, long seq) {
        assertThatThrownBy(() -> OriginOrder.next(lastApplied, previousSeq, seq))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
