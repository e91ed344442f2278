package dev.cascade.protocol.watermark;

/**
 * How well a candidate mark id explains a copy: of the {@code positionsRead} codeword positions
 * the copy tells, {@code agreeing} equal the candidate's codeword.
 *
 * <p>If the copy does not carry this candidate's mark, the candidate's codeword is independent of
 * the copy (keyed permutation), so each read position agrees with probability one half and
 * {@code falsePositiveProbability} = P[Binomial(positionsRead, ½) ≥ agreeing]. Positions, not
 * rows, are counted: the rows voting for one position are not independent of each other.
 *
 * @param falsePositiveProbability for this one candidate; {@link WatermarkDetector#matching}
 *     multiplies it by the number of candidates tested
 */
public record CandidateMatch(long markId, int agreeing, int positionsRead, double falsePositiveProbability) {

    /** Whether the candidate explains the copy at significance level {@code alpha}. */
    public boolean matches(double alpha) {
        return falsePositiveProbability <= alpha;
    }

    /** P[Binomial(n, ½) ≥ k], to double precision for the n ≤ 96 of a codeword. */
    static double upperTail(int n, int k) {
        if (k <= 0) {
            return 1.0;
        }
        // From the top down: C(n, n) = 1 is exact and the smallest terms are added first, which
        // keeps the tiny tails that accuse someone accurate.
        double coefficient = 1;
        double sum = 0;
        for (int i = n; i >= k; i--) {
            sum += coefficient;
            coefficient = coefficient * i / (n - i + 1);
        }
        return Math.min(1.0, Math.scalb(sum, -n));
    }
}
