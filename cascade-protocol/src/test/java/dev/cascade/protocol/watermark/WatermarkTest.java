package dev.cascade.protocol.watermark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.protocol.exchange.Row;
import dev.cascade.protocol.exchange.RowSchema;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Embedding and tracing end to end, on a 10,000-row delivery and what a leaker makes of it. */
class WatermarkTest {

    private static final WatermarkKey KEY = Deliveries.key(1);
    private static final long MARK = 0x5EED_CA5C_ADE0_0001L;
    private static final RowSchema SCHEMA = Deliveries.SCHEMA;
    private static final List<Row> ORIGINAL = Deliveries.rows(10_000, 42);
    private static final List<Row> MARKED =
            Deliveries.embed(new Watermarker(KEY, Deliveries.LAYOUT, SCHEMA, MARK), ORIGINAL);
    private static final WatermarkDetector DETECTOR = new WatermarkDetector(KEY, Deliveries.LAYOUT);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** 1,000 other recipients' mark ids, including the mark's bitwise neighbours. */
    private static List<Long> candidatesWithTheMark() {
        List<Long> candidates = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            candidates.add(MARK ^ (1L << bit));
        }
        Random random = new Random(7);
        while (candidates.size() < 1_000) {
            candidates.add(random.nextLong());
        }
        candidates.add(500, MARK);
        return candidates;
    }

    @Test
    void the_whole_marked_delivery_yields_its_mark_id() {
        Extraction extraction = DETECTOR.extract(SCHEMA, MARKED);

        assertThat(extraction).isInstanceOfSatisfying(Extraction.Found.class, found -> {
            assertThat(found.markId()).isEqualTo(MARK);
            assertThat(found.positionsGuessed()).isZero();
            assertThat(found.falsePositiveProbability()).isLessThan(1e-9);
            assertThat(found.votes().positionsRead()).isEqualTo(MarkCode.LENGTH);
        });
    }

    @Test
    void a_shuffled_five_percent_subset_with_columns_reordered_singles_out_the_recipient_among_a_thousand() {
        RowSchema reordered = new RowSchema(List.of(
                "registered_at", "note", "latitude", "amount", "name", "citizen_id", "birth_date", "mobile", "address"));
        List<Row> leak = Deliveries.project(SCHEMA, Deliveries.shuffledSubset(MARKED, 0.05, 3), reordered);

        Votes votes = DETECTOR.collect(reordered, leak);
        List<CandidateMatch> matches = DETECTOR.matching(votes, candidatesWithTheMark(), 1e-6);

        assertThat(leak).hasSize(500);
        assertThat(matches).extracting(CandidateMatch::markId).containsExactly(MARK);
        assertThat(matches.get(0).agreeing()).isEqualTo(matches.get(0).positionsRead());
        assertThat(DETECTOR.match(votes, MARK ^ 1).matches(1e-3)).isFalse();
    }

    @Test
    void three_hundred_rows_with_most_columns_dropped_still_single_out_the_recipient() {
        RowSchema kept = new RowSchema(List.of("amount", "citizen_id", "registered_at", "latitude"));
        List<Row> leak = Deliveries.project(SCHEMA, Deliveries.shuffledSubset(MARKED, 0.03, 11), kept);

        List<CandidateMatch> matches = DETECTOR.matching(DETECTOR.collect(kept, leak), candidatesWithTheMark(), 1e-6);

        assertThat(matches).extracting(CandidateMatch::markId).containsExactly(MARK);
    }

    @Test
    void a_fifth_of_the_delivery_is_enough_to_read_the_mark_without_candidates() {
        List<Row> leak = Deliveries.shuffledSubset(MARKED, 0.2, 5);

        assertThat(DETECTOR.extract(SCHEMA, leak)).isInstanceOfSatisfying(Extraction.Found.class,
                found -> assertThat(found.markId()).isEqualTo(MARK));
    }

    @Test
    void a_small_subset_is_too_few_positions_to_read_blind_but_not_misread() {
        Extraction extraction = DETECTOR.extract(SCHEMA, Deliveries.shuffledSubset(MARKED, 0.05, 3));

        assertThat(extraction).isInstanceOfSatisfying(Extraction.NoMark.class,
                none -> assertThat(none.reason()).isEqualTo(Extraction.Reason.TOO_FEW_POSITIONS));
    }

    @Test
    void the_mark_survives_a_csv_round_trip_that_turns_nulls_into_empty_strings() {
        List<Row> reread = Deliveries.throughCsv(Deliveries.shuffledSubset(MARKED, 0.5, 9));

        assertThat(reread).anySatisfy(row -> assertThat(row.get(8)).isEmpty());
        assertThat(DETECTOR.extract(SCHEMA, reread)).isInstanceOfSatisfying(Extraction.Found.class,
                found -> assertThat(found.markId()).isEqualTo(MARK));
    }

    @Test
    void an_identity_read_back_with_nulls_as_empty_strings_and_padded_selects_the_same_rows() {
        // "note" is null in a quarter of the rows; CSV brings those back as "".
        WatermarkLayout twoColumnIdentity = new WatermarkLayout(
                List.of("citizen_id", "note"), Deliveries.LAYOUT.carriers(), WatermarkLayout.DEFAULT_GAMMA);
        WatermarkDetector detector = new WatermarkDetector(KEY, twoColumnIdentity);
        List<Row> marked = Deliveries.embed(new Watermarker(KEY, twoColumnIdentity, SCHEMA, MARK), ORIGINAL);
        List<Row> reread = Deliveries.throughCsv(marked).stream().map(row -> {
            List<String> values = new ArrayList<>(row.values());
            values.set(Deliveries.CITIZEN_ID, " " + values.get(Deliveries.CITIZEN_ID) + "\t");
            return new Row(values);
        }).toList();

        Votes before = detector.collect(SCHEMA, marked);
        Votes after = detector.collect(SCHEMA, reread);

        for (int p = 0; p < MarkCode.LENGTH; p++) {
            assertThat(after.zeros(p)).isEqualTo(before.zeros(p));
            assertThat(after.ones(p)).isEqualTo(before.ones(p));
        }
    }

    @Test
    void unmarked_data_yields_no_mark_and_matches_no_candidate() {
        Extraction extraction = DETECTOR.extract(SCHEMA, ORIGINAL);
        Votes votes = DETECTOR.collect(SCHEMA, ORIGINAL);

        assertThat(extraction).isInstanceOfSatisfying(Extraction.NoMark.class,
                none -> assertThat(none.reason()).isEqualTo(Extraction.Reason.CHECK_FAILED));
        assertThat(votes.positionsRead()).isGreaterThan(80);
        assertThat(DETECTOR.matching(votes, candidatesWithTheMark(), 1e-6)).isEmpty();
    }

    @Test
    void a_copy_read_under_another_key_yields_no_mark() {
        WatermarkDetector stranger = new WatermarkDetector(Deliveries.key(2), Deliveries.LAYOUT);

        assertThat(stranger.extract(SCHEMA, MARKED)).isInstanceOf(Extraction.NoMark.class);
        assertThat(stranger.matching(stranger.collect(SCHEMA, MARKED), candidatesWithTheMark(), 1e-6)).isEmpty();
    }

    @Test
    void a_copy_without_its_identity_column_cannot_be_traced() {
        RowSchema noId = new RowSchema(List.of("amount", "latitude", "registered_at"));
        Extraction extraction = DETECTOR.extract(noId, Deliveries.project(SCHEMA, MARKED, noId));

        assertThat(extraction).isInstanceOfSatisfying(Extraction.NoMark.class, none -> {
            assertThat(none.reason()).isEqualTo(Extraction.Reason.COLUMNS_MISSING);
            assertThat(none.votes().missingColumns()).containsExactly("citizen_id");
        });
    }

    @Test
    void a_copy_with_one_carrier_column_dropped_still_yields_the_mark() {
        RowSchema withoutLatitude = new RowSchema(SCHEMA.columns().stream().filter(c -> !c.equals("latitude")).toList());

        Extraction extraction = DETECTOR.extract(withoutLatitude, Deliveries.project(SCHEMA, MARKED, withoutLatitude));

        assertThat(extraction).isInstanceOfSatisfying(Extraction.Found.class,
                found -> assertThat(found.markId()).isEqualTo(MARK));
    }

    @Test
    void every_non_carrier_column_is_left_byte_identical() {
        Set<Integer> carriers = Set.of(Deliveries.AMOUNT, Deliveries.LATITUDE, Deliveries.REGISTERED_AT);
        for (int r = 0; r < ORIGINAL.size(); r++) {
            for (int c = 0; c < SCHEMA.size(); c++) {
                if (!carriers.contains(c)) {
                    assertThat(MARKED.get(r).get(c)).isEqualTo(ORIGINAL.get(r).get(c));
                }
            }
        }
    }

    @Test
    void about_one_row_in_gamma_changes_and_at_most_one_value_per_row() {
        int changedRows = 0;
        for (int r = 0; r < ORIGINAL.size(); r++) {
            Row before = ORIGINAL.get(r);
            Row after = MARKED.get(r);
            long changed = IntStream.range(0, SCHEMA.size())
                    .filter(c -> !java.util.Objects.equals(before.get(c), after.get(c))).count();
            assertThat(changed).isLessThanOrEqualTo(1);
            changedRows += (int) changed;
        }
        // Selected rows: 10,000 / 5 = 2,000; about half already carry the right parity.
        assertThat(changedRows).isBetween(800, 1_200);
    }

    @Test
    void marked_values_stay_valid_numbers_and_timestamps_within_one_unit_in_the_last_place() {
        for (int r = 0; r < ORIGINAL.size(); r++) {
            for (int c : new int[] {Deliveries.AMOUNT, Deliveries.LATITUDE}) {
                BigDecimal before = new BigDecimal(ORIGINAL.get(r).get(c));
                BigDecimal after = new BigDecimal(MARKED.get(r).get(c));
                assertThat(after.scale()).isEqualTo(before.scale());
                assertThat(after.subtract(before).abs()).isLessThanOrEqualTo(before.ulp());
            }
            LocalDateTime before = LocalDateTime.parse(ORIGINAL.get(r).get(Deliveries.REGISTERED_AT), TIMESTAMP);
            LocalDateTime after = LocalDateTime.parse(MARKED.get(r).get(Deliveries.REGISTERED_AT), TIMESTAMP);
            assertThat(Duration.between(before, after).abs()).isLessThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(after.withSecond(0)).isEqualTo(before.withSecond(0));
        }
    }

    @Test
    void null_empty_masked_and_zero_ending_carrier_values_are_never_touched() {
        List<String> untouchable = java.util.Arrays.asList(null, "", "  ", "12.3*", "**.**", "12.30", "7", "1e5",
                "2024-03-01 10:22:00", "2024-03-01", "2024-03-01 10:22");
        Watermarker marker = new Watermarker(KEY, new WatermarkLayout(List.of("citizen_id"),
                java.util.Map.of("amount", Carrier.DECIMAL_LAST_DIGIT, "registered_at", Carrier.DATETIME_SECOND), 1), SCHEMA, MARK);

        for (int i = 0; i < 2_000; i++) {
            String value = untouchable.get(i % untouchable.size());
            Row row = Row.of("id-" + i, "n", "a", "m", "b", value, "1.5", value, null, "w", "e");
            assertThat(marker.embed(row)).isSameAs(row);
        }
    }

    @Test
    void different_mark_ids_give_different_copies_of_the_same_rows() {
        List<Row> other = Deliveries.embed(new Watermarker(KEY, Deliveries.LAYOUT, SCHEMA, MARK + 1), ORIGINAL);

        long differing = IntStream.range(0, ORIGINAL.size()).filter(r -> !MARKED.get(r).equals(other.get(r))).count();

        assertThat(differing).isBetween(500L, 1_500L);
        assertThat(DETECTOR.extract(SCHEMA, other)).isInstanceOfSatisfying(Extraction.Found.class,
                found -> assertThat(found.markId()).isEqualTo(MARK + 1));
    }

    @Test
    void embedding_is_deterministic_so_a_resent_delivery_carries_the_same_mark() {
        Watermarker again = new Watermarker(KEY, Deliveries.LAYOUT, SCHEMA, MARK);

        assertThat(Deliveries.embed(again, ORIGINAL)).isEqualTo(MARKED);
    }

    @Test
    void a_mixture_of_two_recipients_copies_keeps_both_candidates_well_above_chance() {
        long otherMark = 0x0123_4567_89AB_CDEFL;
        List<Row> otherCopy = Deliveries.embed(
                new Watermarker(KEY, Deliveries.LAYOUT, SCHEMA, otherMark), Deliveries.rows(10_000, 43));
        List<Row> mixture = new ArrayList<>(Deliveries.shuffledSubset(MARKED, 0.1, 1));
        mixture.addAll(Deliveries.shuffledSubset(otherCopy, 0.1, 2));

        Votes votes = DETECTOR.collect(SCHEMA, mixture);

        // Where the two codewords agree the majority is sure; where they differ it is a coin toss,
        // so each recipient explains about three quarters of the positions and a stranger half.
        assertThat(DETECTOR.match(votes, MARK).agreeing()).isGreaterThan(votes.positionsRead() * 6 / 10);
        assertThat(DETECTOR.match(votes, otherMark).agreeing()).isGreaterThan(votes.positionsRead() * 6 / 10);
        assertThat(DETECTOR.matching(votes, List.of(99L, 100L, 101L), 1e-3)).isEmpty();
    }
}
