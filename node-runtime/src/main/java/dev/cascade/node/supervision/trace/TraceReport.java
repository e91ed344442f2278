package dev.cascade.node.supervision.trace;

import java.util.List;

/**
 * A trace's answer as the REST API and {@code cascade-node trace --json} give it.
 *
 * @param verdict {@code match} or {@code no match}
 * @param rowsRead rows of the leaked copy
 * @param candidatesTested deliveries the copy could be tested against (the Bonferroni factor)
 * @param alpha the false-accusation probability at or below which a recipient is named
 * @param suspect the delivery the copy came from; null for no match, so that nobody is named
 *     without evidence
 * @param alsoMatching other deliveries that explain the copy too (a copy merged from several)
 * @param bestFalseAccusationProbability the best candidate's corrected probability; for no match,
 *     how far the closest delivery was from an accusation
 * @param positionsRead codeword positions the copy tells under the best candidate's layout (of 96)
 * @param agreeingPositions of those, how many agree with the best candidate's codeword
 */
public record TraceReport(String verdict, long rowsRead, int candidatesTested, double alpha, Suspect suspect,
                          List<Suspect> alsoMatching, double bestFalseAccusationProbability, int positionsRead,
                          int agreeingPositions) {

    public static final String MATCH = "match";
    public static final String NO_MATCH = "no match";

    /** A delivery a copy is attributed to, with the evidence for it. */
    public record Suspect(String exchangeId, String resourceId, String consumerRegion, String consumerDepartment,
                          Long deliveredRows, long votes, int positionsRead, int agreeingPositions,
                          double falseAccusationProbability) {
    }
}
