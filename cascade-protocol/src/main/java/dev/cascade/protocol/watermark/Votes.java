package dev.cascade.protocol.watermark;

import java.util.List;

/**
 * What a copy says about each codeword position: how many of its rows voted 0 and 1 for it. The
 * evidence behind an {@link Extraction} or a {@link CandidateMatch}, and what a trace keeps so it
 * can test further candidates without reading the copy again.
 */
public final class Votes {

    private final int[] zeros;
    private final int[] ones;
    private final long rows;
    private final List<String> missingColumns;

    Votes(int[] zeros, int[] ones, long rows, List<String> missingColumns) {
        this.zeros = zeros.clone();
        this.ones = ones.clone();
        this.rows = rows;
        this.missingColumns = List.copyOf(missingColumns);
    }

    /** Codeword positions, 0 to {@code codewordLength() - 1}. */
    public int codewordLength() {
        return zeros.length;
    }

    public int zeros(int position) {
        return zeros[position];
    }

    public int ones(int position) {
        return ones[position];
    }

    /** Rows read from the copy, voting or not. */
    public long rows() {
        return rows;
    }

    /** Votes cast: rows selected whose carrier value was present and eligible. */
    public long votes() {
        long total = 0;
        for (int p = 0; p < zeros.length; p++) {
            total += zeros[p] + ones[p];
        }
        return total;
    }

    /** Positions with a strict majority, i.e. whose bit the copy tells. */
    public int positionsRead() {
        int read = 0;
        for (int p = 0; p < zeros.length; p++) {
            read += zeros[p] != ones[p] ? 1 : 0;
        }
        return read;
    }

    /** Layout columns the copy lacks (identity columns make it untraceable, carriers weaker). */
    public List<String> missingColumns() {
        return missingColumns;
    }

    /** The majority bit per position; −1 where there is no vote or a tie. */
    int[] majority() {
        int[] bits = new int[zeros.length];
        for (int p = 0; p < zeros.length; p++) {
            bits[p] = ones[p] > zeros[p] ? 1 : zeros[p] > ones[p] ? 0 : -1;
        }
        return bits;
    }

    @Override
    public String toString() {
        return "Votes[rows=" + rows + ", votes=" + votes() + ", positionsRead=" + positionsRead()
                + "/" + zeros.length + ", missingColumns=" + missingColumns + "]";
    }
}
