package dev.cascade.protocol.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.protocol.exchange.Row;
import dev.cascade.protocol.exchange.RowSchema;
import dev.cascade.protocol.watermark.LeakTrace.Candidate;
import dev.cascade.protocol.watermark.LeakTrace.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tracing a leaked copy to one of many deliveries of the same resource, and refusing to accuse without evidence. */
class LeakTraceTest {

    private static final WatermarkKey KEY = Deliveries.key(3);
    private static final RowSchema SCHEMA = Deliveries.SCHEMA;
    private static final List<Row> ORIGINAL = Deliveries.rows(2_000, 99);
    private static final int DELIVERIES = 60;
    private static final int LEAKER = 37;

    /** Sixty recipients of the same rows, each delivery named "exchange-i" with its own mark. */
    private static List<Candidate<String>> deliveries(WatermarkLayout layout) {
        Random random = new Random(5);
        List<Candidate<String>> candidates = new ArrayList<>();
        for (int i = 0; i < DELIVERIES; i++) {
            candidates.add(new Candidate<>("exchange-" + i, random.nextLong(), layout));
        }
        return candidates;
    }

    /** The fixture's layout at one row in three, as the node's deliveries use (decision 0019). */
    private static final WatermarkLayout LAYOUT =
            new WatermarkLayout(Deliveries.LAYOUT.identityColumns(), Deliveries.LAYOUT.carriers(), 3);
    private static final List<Candidate<String>> CANDIDATES = deliveries(LAYOUT);

    private static List<Row> leakersCopy() {
        Candidate<String> leaker = CANDIDATES.get(LEAKER);
        return Deliveries.embed(new Watermarker(KEY, leaker.layout(), SCHEMA, leaker.markId()), ORIGINAL);
    }

    @Test
    void two_hundred_shuffled_rows_with_columns_dropped_and_reordered_name_the_leaker_among_sixty() {
        RowSchema kept = new RowSchema(List.of("registered_at", "name", "amount", "citizen_id", "latitude"));
        List<Row> leak = Deliveries.project(SCHEMA, Deliveries.shuffledSubset(leakersCopy(), 0.1, 17), kept);

        Verdict<String> verdict = LeakTrace.trace(KEY, kept, leak, CANDIDATES, LeakTrace.DEFAULT_ALPHA);

        assertThat(leak).hasSize(200);
        assertThat(verdict).isInstanceOfSatisfying(Verdict.Traced.class, traced -> {
            assertThat(traced.best().delivery()).isEqualTo("exchange-" + LEAKER);
            assertThat(traced.best().match().agreeing()).isEqualTo(traced.best().match().positionsRead());
            assertThat(traced.best().match().falsePositiveProbability()).isLessThanOrEqualTo(LeakTrace.DEFAULT_ALPHA);
            assertThat(traced.alsoMatching()).isEmpty();
            assertThat(traced.tested()).isEqualTo(DELIVERIES);
        });
    }

    @Test
    void the_copy_traces_the_same_after_a_csv_round_trip() {
        List<Row> leak = Deliveries.throughCsv(Deliveries.shuffledSubset(leakersCopy(), 0.1, 23));

        Verdict<String> verdict = LeakTrace.trace(KEY, SCHEMA, leak, CANDIDATES, LeakTrace.DEFAULT_ALPHA);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Traced.class,
                traced -> assertThat(traced.best().delivery()).isEqualTo("exchange-" + LEAKER));
    }

    @Test
    void unmarked_rows_give_no_match_with_the_closest_candidates_probability() {
        List<Row> leak = Deliveries.shuffledSubset(ORIGINAL, 0.1, 29);

        Verdict<String> verdict = LeakTrace.trace(KEY, SCHEMA, leak, CANDIDATES, LeakTrace.DEFAULT_ALPHA);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.NoMatch.class, none -> {
            assertThat(none.best().match().falsePositiveProbability()).isGreaterThan(LeakTrace.DEFAULT_ALPHA);
            assertThat(none.best().match().positionsRead()).isGreaterThan(20);
            assertThat(none.tested()).isEqualTo(DELIVERIES);
        });
    }

    @Test
    void a_copy_marked_under_another_nodes_key_gives_no_match() {
        Candidate<String> leaker = CANDIDATES.get(LEAKER);
        List<Row> foreign = Deliveries.embed(new Watermarker(Deliveries.key(4), leaker.layout(), SCHEMA, leaker.markId()), ORIGINAL);

        Verdict<String> verdict = LeakTrace.trace(KEY, SCHEMA, Deliveries.shuffledSubset(foreign, 0.2, 31), CANDIDATES,
                LeakTrace.DEFAULT_ALPHA);

        assertThat(verdict).isInstanceOf(Verdict.NoMatch.class);
    }

    @Test
    void too_few_rows_give_no_match_rather_than_a_weak_accusation() {
        List<Row> leak = Deliveries.shuffledSubset(leakersCopy(), 0.01, 37);

        Verdict<String> verdict = LeakTrace.trace(KEY, SCHEMA, leak, CANDIDATES, LeakTrace.DEFAULT_ALPHA);

        assertThat(leak).hasSize(20);
        assertThat(verdict).isInstanceOf(Verdict.NoMatch.class);
    }

    @Test
    void a_copy_merged_from_two_recipients_accuses_no_one_else() {
        Candidate<String> other = CANDIDATES.get(5);
        List<Row> second = Deliveries.embed(new Watermarker(KEY, other.layout(), SCHEMA, other.markId()), ORIGINAL);
        // The first half of the rows from one delivery, the second half from the other.
        List<Row> merged = new ArrayList<>(leakersCopy().subList(0, 1_000));
        merged.addAll(second.subList(1_000, 2_000));

        Verdict<String> verdict = LeakTrace.trace(KEY, SCHEMA, merged, CANDIDATES, LeakTrace.DEFAULT_ALPHA);

        // Positions where the two codewords differ split the vote, so neither may reach 10⁻⁶ (decision
        // 0019: no collusion resistance); what must hold is that nobody else is ever named.
        List<String> colluders = List.of("exchange-" + LEAKER, "exchange-5");
        if (verdict instanceof Verdict.Traced<String> traced) {
            assertThat(colluders).contains(traced.best().delivery());
            traced.alsoMatching().forEach(s -> assertThat(colluders).contains(s.delivery()));
        } else {
            assertThat(verdict).isInstanceOfSatisfying(Verdict.NoMatch.class,
                    none -> assertThat(colluders).contains((String) none.best().delivery()));
        }
    }

    @Test
    void deliveries_of_other_layouts_are_neither_scored_nor_counted_when_the_copy_lacks_their_columns() {
        WatermarkLayout otherResource = WatermarkLayout.of(List.of("licence_no"), Map.of("fee", Carrier.DECIMAL_LAST_DIGIT));
        List<Candidate<String>> all = new ArrayList<>(CANDIDATES);
        for (int i = 0; i < 500; i++) {
            all.add(new Candidate<>("other-" + i, i, otherResource));
        }

        Verdict<String> verdict = LeakTrace.trace(KEY, SCHEMA, Deliveries.shuffledSubset(leakersCopy(), 0.1, 41), all,
                LeakTrace.DEFAULT_ALPHA);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Traced.class, traced -> {
            assertThat(traced.best().delivery()).isEqualTo("exchange-" + LEAKER);
            assertThat(traced.tested()).isEqualTo(DELIVERIES);
        });
    }

    @Test
    void a_copy_without_any_candidates_identity_column_is_untestable() {
        RowSchema kept = new RowSchema(List.of("name", "amount"));
        List<Row> leak = Deliveries.project(SCHEMA, leakersCopy(), kept);

        Verdict<String> verdict = LeakTrace.trace(KEY, kept, leak, CANDIDATES, LeakTrace.DEFAULT_ALPHA);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Untestable.class, u -> assertThat(u.candidates()).isEqualTo(DELIVERIES));
    }

    @Test
    void alpha_outside_zero_and_one_is_refused() {
        assertThatThrownBy(() -> LeakTrace.trace(KEY, SCHEMA, ORIGINAL, CANDIDATES, 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
