package dev.cascade.protocol.catalog;

/**
 * Decides, per origin, whether a received change can be applied now.
 *
 * <p>A receiver does not see every change of an origin, only those whose scope reaches it, so its
 * view is a sub-sequence of the origin's numbering and consecutive seqs prove nothing. The sender
 * therefore states {@code previousSeq}: the seq of the previous change of the same origin that
 * this receiver is entitled to see (0 if none). That is a claim that no change visible to the
 * receiver lies strictly between {@code previousSeq} and {@code seq}. The receiver applies in
 * order, so it holds every visible change up to {@code lastApplied}. Hence:
 *
 * <ul>
 *   <li>{@code seq <= lastApplied}: already applied (or passed over as invisible) — DUPLICATE,
 *       acknowledged and ignored, which makes re-sends after an outage harmless.</li>
 *   <li>{@code previousSeq <= lastApplied < seq}: every visible change below {@code seq} is at or
 *       below {@code previousSeq}, and the receiver has all of those — APPLY. This includes
 *       {@code previousSeq < lastApplied}: the receiver holds a change the sender no longer counts
 *       as visible to it (e.g. the sender's view was rebuilt); nothing is missing, so refusing
 *       would only stall the stream.</li>
 *   <li>{@code lastApplied < previousSeq < seq}: the change numbered {@code previousSeq} is visible
 *       here and not applied yet — GAP; the sender must resume after {@code lastApplied}.</li>
 * </ul>
 */
public final class OriginOrder {

    public enum Step {
        APPLY,
        DUPLICATE,
        GAP
    }

    private OriginOrder() {
    }

    /**
     * @param lastApplied the highest seq of this origin applied here, 0 if none
     * @param previousSeq the sender's claim, 0 if this is the first change visible here
     * @param seq         the change's own number, from 1
     * @throws IllegalArgumentException for numbers no honest sender produces (negative, seq 0,
     *                                  previousSeq not below seq); answering GAP would make the
     *                                  sender resend the same change forever
     */
    public static Step next(long lastApplied, long previousSeq, long seq) {
        if (lastApplied < 0 || previousSeq < 0 || seq < 1) {
            throw new IllegalArgumentException("change numbers out of range: lastApplied " + lastApplied
                    + ", previousSeq " + previousSeq + ", seq " + seq);
        }
        if (previousSeq >= seq) {
            throw new IllegalArgumentException("previousSeq " + previousSeq + " must be below seq " + seq);
        }
        if (seq <= lastApplied) {
            return Step.DUPLICATE;
        }
        return previousSeq <= lastApplied ? Step.APPLY : Step.GAP;
    }
}
