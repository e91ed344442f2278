package dev.cascade.protocol.watermark;

import dev.cascade.protocol.exchange.Row;
import dev.cascade.protocol.exchange.RowSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Embeds one recipient's mark into the rows of a delivery, row by row, after masking and before
 * encryption.
 *
 * <h2>Scheme</h2>
 * A keyed, blind, per-row scheme in the line of Agrawal &amp; Kiernan ("Watermarking relational
 * databases", VLDB 2002: a secret subset of tuples, a secret attribute per tuple, a small change
 * to its least significant part) extended, as Li, Swarup &amp; Jajodia ("Fingerprinting relational
 * databases", IEEE TDSC 2005) do, to carry a recipient-specific bit string:
 * <ol>
 *   <li>The 64-bit mark id becomes a 96-bit codeword: the id under a keyed Feistel permutation
 *       plus a 32-bit keyed tag ({@link MarkCode}).</li>
 *   <li>Per row, h = HMAC-SM3(key, identity columns) decides whether the row carries a bit (about
 *       one row in γ), which codeword position, which carrier column, and a pad bit
 *       ({@link RowSelector}). Nothing of this depends on the mark id or on a carrier value, so the
 *       detector re-derives it from any copy, whatever subset, order or column order it has.</li>
 *   <li>The chosen carrier value is moved by at most one unit so that its parity equals
 *       codeword[position] XOR pad ({@link Carrier}). The pad makes the carried parities look
 *       uniformly random whatever the data's own digit distribution (prices ending in 9, ...).</li>
 * </ol>
 * Every position is repeated in about rows / (γ · 96) rows; {@link WatermarkDetector} takes a
 * majority per position, and either decodes the id (all but 16 positions read, tag verified) or
 * tests candidate ids against the positions it did read, with a binomial false-positive bound.
 *
 * <h2>What changes</h2>
 * At most one value in a selected row, in a carrier column, by one unit in its last place; values
 * that are not exactly a carrier's form (null, empty, masked, zero last unit) are never touched.
 * A row that is not selected is returned as the same instance; every non-carrier column is always
 * byte-identical. Two recipients' copies differ in about half of the selected rows.
 *
 * <h2>Threads and speed</h2>
 * Immutable apart from per-thread HMAC state, so one instance may serve several threads. The cost
 * is one HMAC-SM3 of the identity per row, plus a scan of one value in one row in γ.
 */
public final class Watermarker {

    private final RowSchema schema;
    private final MarkCode.Codeword codeword;
    private final RowSelector selector;
    private final int[] identity;
    private final int[] carrierColumns;
    private final Carrier[] carriers;

    /**
     * @throws IllegalArgumentException when a layout column is not in {@code schema}
     */
    public Watermarker(WatermarkKey key, WatermarkLayout layout, RowSchema schema, long markId) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(layout, "layout");
        this.schema = Objects.requireNonNull(schema, "schema");
        this.codeword = new MarkCode(key).encode(markId);
        this.identity = layout.identityColumns().stream().mapToInt(c -> required(schema, c)).toArray();
        List<String> names = layout.carrierNames();
        this.carrierColumns = names.stream().mapToInt(c -> required(schema, c)).toArray();
        this.carriers = names.stream().map(layout.carriers()::get).toArray(Carrier[]::new);
        this.selector = new RowSelector(key, layout.gamma(), names.size());
    }

    /**
     * {@code row} with the mark embedded: the same instance when the row carries no bit or its
     * carrier value is not eligible or already carries the bit.
     *
     * @throws IllegalArgumentException when the row does not have one value per schema column
     */
    public Row embed(Row row) {
        if (row.size() != schema.size()) {
            throw new IllegalArgumentException(
                    "row has " + row.size() + " values, schema has " + schema.size() + " columns");
        }
        RowSelector.Selection selection = selector.select(row, identity);
        if (selection == null) {
            return row;
        }
        int column = carrierColumns[selection.carrier()];
        String value = row.get(column);
        String marked = carriers[selection.carrier()].write(value, codeword.bit(selection.position()) ^ selection.pad());
        if (marked == value) {
            return row;
        }
        List<String> values = new ArrayList<>(row.values());
        values.set(column, marked);
        return new Row(values);
    }

    private static int required(RowSchema schema, String column) {
        return schema.indexOf(column).orElseThrow(() -> new IllegalArgumentException(
                "watermark column '" + column + "' is not in the delivery's schema"));
    }
}
