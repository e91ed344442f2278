package dev.cascade.protocol.watermark;

import java.util.Objects;

/** What {@link WatermarkDetector#extract} read from a copy, without a list of candidates. */
public sealed interface Extraction permits Extraction.Found, Extraction.NoMark {

    Votes votes();

    /**
     * The copy carries a codeword whose tag checks under our key.
     *
     * @param positionsGuessed unread codeword positions filled in by trying every value
     * @param falsePositiveProbability the chance that a copy with no mark of ours (or noise) would
     *     decode to some id all the same: 2<sup>positionsGuessed − 32</sup>, one tag check per try
     */
    record Found(long markId, int positionsGuessed, double falsePositiveProbability, Votes votes)
            implements Extraction {
        public Found {
            Objects.requireNonNull(votes, "votes");
        }
    }

    record NoMark(Reason reason, Votes votes) implements Extraction {
        public NoMark {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(votes, "votes");
        }
    }

    /** Why no mark id could be read. */
    enum Reason {
        /** An identity column, or every carrier column, is missing from the copy. */
        COLUMNS_MISSING,
        /**
         * More than {@link MarkCode#MAX_ERASURES} codeword positions unread: too few rows to decode
         * blind, though {@link WatermarkDetector#matching} may still confirm a candidate.
         */
        TOO_FEW_POSITIONS,
        /** The positions read form no codeword of ours: unmarked, marked under another key, or damaged. */
        CHECK_FAILED
    }
}
