package dev.cascade.protocol.watermark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a delivery's watermark lives, by column name: the columns that identify a row, the columns
 * whose values may carry a mark bit (and how), and the selection ratio γ (about one row in γ
 * carries a bit). The delivery knows which fields are revealed, masked or pseudonymised and their
 * types, so it decides; the detector must be given the same layout, which is why it is one value.
 *
 * <p>Carriers are kept in name order and identity columns in the order given, so neither the
 * schema's column order nor a map's iteration order can change which carrier a row uses.
 *
 * @param identityColumns the columns whose (delivered, i.e. already masked) values identify a row;
 *     ideally a unique key such as a pseudonymised citizen ID. They must survive in a leaked copy
 *     for it to be traced, and must not be carriers: the identity may not depend on what the mark
 *     changes.
 * @param carriers the eligible carrier columns and their carrier; every other column of a delivery
 *     is left byte-identical
 * @param gamma about one row in {@code gamma} carries a mark bit; 1 to 1,000
 */
public record WatermarkLayout(List<String> identityColumns, Map<String, Carrier> carriers, int gamma) {

    /** One row in five: about 20 votes per codeword bit in 10,000 rows, few visible changes. */
    public static final int DEFAULT_GAMMA = 5;

    public WatermarkLayout {
        identityColumns = List.copyOf(identityColumns);
        carriers = Collections.unmodifiableMap(new LinkedHashMap<>(new TreeMap<>(carriers)));
        if (identityColumns.isEmpty()) {
            throw new IllegalArgumentException("a watermark needs at least one identity column");
        }
        if (carriers.isEmpty()) {
            throw new IllegalArgumentException("a watermark needs at least one carrier column");
        }
        for (String id : identityColumns) {
            if (carriers.containsKey(id)) {
                throw new IllegalArgumentException(
                        "column '" + id + "' cannot both identify rows and carry the mark");
            }
        }
        carriers.values().forEach(c -> Objects.requireNonNull(c, "carrier"));
        if (gamma < 1 || gamma > 1000) {
            throw new IllegalArgumentException("gamma must be 1 to 1,000, not " + gamma);
        }
    }

    public static WatermarkLayout of(List<String> identityColumns, Map<String, Carrier> carriers) {
        return new WatermarkLayout(identityColumns, carriers, DEFAULT_GAMMA);
    }

    /** Carrier column names in the fixed (name) order the row selection indexes. */
    List<String> carrierNames() {
        return new ArrayList<>(carriers.keySet());
    }
}
