package dev.cascade.policy.detect;

/**
 * What a detector's yes rests on, strongest first. The column classifier uses it to break
 * near-ties: a column that is 90 % valid citizen IDs and 92 % "addresses" is a citizen-ID column,
 * because a random string passes a check digit one time in eleven and a heuristic far more often.
 */
public enum DetectionBasis {
    /** A check character or digit computed over the whole value, plus structural rules. */
    CHECKSUM,
    /** A grammar or allocation table (number segments, octet ranges, plate layout) without a check digit. */
    FORMAT,
    /** Dictionaries and plausibility rules; wrong often enough that it never outranks the others. */
    HEURISTIC;

    /** True if this basis is stronger evidence than {@code other}. */
    public boolean strongerThan(DetectionBasis other) {
        return compareTo(other) < 0;
    }
}
