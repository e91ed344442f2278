package dev.cascade.protocol.ledger;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A parent's judgement of a child's new tree head against the last head it anchored for that
 * child: the new history must extend the old one. The signature and the peer are checked
 * before; this is only about histories.
 */
public final class AnchorCheck {

    /** What the parent does with the head. */
    public sealed interface Verdict permits Extends, ProveFrom, Truncated, Forked, Rewritten {
    }

    /** The new head extends (or repeats) the anchored one: anchor it. */
    public record Extends() implements Verdict {
    }

    /** The proof starts from another size than the one anchored: the child must prove from {@code size}. */
    public record ProveFrom(long size) implements Verdict {
    }

    /** Fewer entries than already anchored: entries were removed. */
    public record Truncated(long anchored, long now) implements Verdict {
    }

    /** Same size, another root: the history was replaced. */
    public record Forked(long size) implements Verdict {
    }

    /** The consistency proof from the anchored head does not verify: earlier entries were changed. */
    public record Rewritten(long anchored, long now, String reason) implements Verdict {
    }

    private AnchorCheck() {
    }

    /**
     * @param anchored the last head anchored for this child, empty for its first anchoring
     * @param fromSize the size the child's proof starts from
     */
    public static Verdict judge(Optional<TreeHead> anchored, TreeHead next, long fromSize, List<byte[]> proof) {
        Objects.requireNonNull(next, "next");
        if (anchored.isEmpty()) {
            // Nothing to be consistent with yet; the first head is taken as the child states it.
            return fromSize == 0 ? new Extends() : new ProveFrom(0);
        }
        TreeHead old = anchored.get();
        if (next.hash() != old.hash()) {
            return new Rewritten(old.size(), next.size(), "the ledger changed its hash function from " + old.hash()
                    + " to " + next.hash());
        }
        if (next.size() < old.size()) {
            return new Truncated(old.size(), next.size());
        }
        if (next.size() == old.size()) {
            return Arrays.equals(next.rootHash(), old.rootHash()) ? new Extends() : new Forked(old.size());
        }
        if (fromSize != old.size()) {
            return new ProveFrom(old.size());
        }
        ProofCheck check = MerkleProofs.verifyConsistency(next.hash(), old.size(), next.size(), old.rootHash(),
                next.rootHash(), proof);
        if (check instanceof ProofCheck.Failed failed) {
            return new Rewritten(old.size(), next.size(), failed.reason());
        }
        return new Extends();
    }
}
