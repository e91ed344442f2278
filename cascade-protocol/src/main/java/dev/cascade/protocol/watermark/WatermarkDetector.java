package dev.cascade.protocol.watermark;

import dev.cascade.protocol.exchange.Row;
import dev.cascade.protocol.exchange.RowSchema;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Reads the watermark {@link Watermarker} embeds back from a copy: any subset of the delivered
 * rows, in any order, with its columns in any order and extra columns dropped, as long as the
 * layout's identity columns and some carrier columns survive (found by name).
 *
 * <p>Two ways to use it. Blind: {@link #extract} decodes the mark id by majority per codeword
 * position; that needs all but 16 of the 96 positions read, some two votes per position on
 * average: a couple of thousand rows at γ = 5 when most carrier values are eligible. With
 * candidates: {@link #collect} the votes once, then {@link #matching}
 * tests each candidate (the recipients of the leaked resource) against the positions that were
 * read; a few hundred rows already single out one recipient among thousands.
 *
 * <p>Thread-safe.
 */
public final class WatermarkDetector {

    private final WatermarkLayout layout;
    private final MarkCode code;
    private final RowSelector selector;

    public WatermarkDetector(WatermarkKey key, WatermarkLayout layout) {
        Objects.requireNonNull(key, "key");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.code = new MarkCode(key);
        this.selector = new RowSelector(key, layout.gamma(), layout.carriers().size());
    }

    /** The votes of every row of a copy whose columns are {@code schema}. */
    public Votes collect(RowSchema schema, Iterable<Row> rows) {
        int[] zeros = new int[MarkCode.LENGTH];
        int[] ones = new int[MarkCode.LENGTH];
        List<String> missing = new ArrayList<>();
        int[] identity = indexes(schema, layout.identityColumns(), missing);
        List<String> names = layout.carrierNames();
        int[] carrierColumns = indexes(schema, names, missing);
        Carrier[] carriers = names.stream().map(layout.carriers()::get).toArray(Carrier[]::new);
        boolean identified = missing.stream().noneMatch(layout.identityColumns()::contains);
        long count = 0;
        for (Row row : rows) {
            count++;
            if (!identified) {
                continue;
            }
            if (row.size() != schema.size()) {
                throw new IllegalArgumentException(
                        "row has " + row.size() + " values, schema has " + schema.size() + " columns");
            }
            RowSelector.Selection selection = selector.select(row, identity);
            if (selection == null || carrierColumns[selection.carrier()] < 0) {
                continue;
            }
            int parity = carriers[selection.carrier()].read(row.get(carrierColumns[selection.carrier()]));
            if (parity < 0) {
                continue;
            }
            if ((parity ^ selection.pad()) == 1) {
                ones[selection.position()]++;
            } else {
                zeros[selection.position()]++;
            }
        }
        return new Votes(zeros, ones, count, missing);
    }

    /** The mark id of a copy, read without candidates. */
    public Extraction extract(RowSchema schema, Iterable<Row> rows) {
        return decode(collect(schema, rows));
    }

    /** The mark id the votes spell, if they spell one of ours. */
    public Extraction decode(Votes votes) {
        boolean noIdentity = votes.missingColumns().stream().anyMatch(layout.identityColumns()::contains);
        boolean noCarrier = votes.missingColumns().containsAll(layout.carriers().keySet());
        if (noIdentity || noCarrier) {
            return new Extraction.NoMark(Extraction.Reason.COLUMNS_MISSING, votes);
        }
        if (MarkCode.LENGTH - votes.positionsRead() > MarkCode.MAX_ERASURES) {
            return new Extraction.NoMark(Extraction.Reason.TOO_FEW_POSITIONS, votes);
        }
        return code.decode(votes.majority())
                .<Extraction>map(d -> new Extraction.Found(d.markId(), d.erasuresFilled(),
                        Math.scalb(1.0, d.erasuresFilled() - MarkCode.TAG_BITS), votes))
                .orElseGet(() -> new Extraction.NoMark(Extraction.Reason.CHECK_FAILED, votes));
    }

    /** How well one candidate mark id explains the votes. */
    public CandidateMatch match(Votes votes, long candidate) {
        MarkCode.Codeword codeword = code.encode(candidate);
        int[] majority = votes.majority();
        int read = 0;
        int agreeing = 0;
        for (int p = 0; p < majority.length; p++) {
            if (majority[p] >= 0) {
                read++;
                agreeing += majority[p] == codeword.bit(p) ? 1 : 0;
            }
        }
        return new CandidateMatch(candidate, agreeing, read, CandidateMatch.upperTail(read, agreeing));
    }

    /**
     * The candidates that explain the votes at family-wise significance {@code alpha}, best first.
     * Each match's false-positive probability is multiplied by the number of candidates tested
     * (Bonferroni), because testing a thousand recipients gives a thousand chances to accuse one
     * wrongly. More than one result suggests a copy merged from several recipients' deliveries.
     */
    public List<CandidateMatch> matching(Votes votes, Collection<Long> candidates, double alpha) {
        int tested = candidates.size();
        List<CandidateMatch> found = new ArrayList<>();
        for (long candidate : candidates) {
            CandidateMatch m = match(votes, candidate);
            double corrected = Math.min(1.0, m.falsePositiveProbability() * tested);
            if (corrected <= alpha) {
                found.add(new CandidateMatch(m.markId(), m.agreeing(), m.positionsRead(), corrected));
            }
        }
        found.sort(Comparator.comparingDouble(CandidateMatch::falsePositiveProbability));
        return found;
    }

    private static int[] indexes(RowSchema schema, List<String> columns, List<String> missing) {
        int[] indexes = new int[columns.size()];
        for (int i = 0; i < indexes.length; i++) {
            OptionalInt at = schema.indexOf(columns.get(i));
            indexes[i] = at.orElse(-1);
            if (at.isEmpty()) {
                missing.add(columns.get(i));
            }
        }
        return indexes;
    }
}
