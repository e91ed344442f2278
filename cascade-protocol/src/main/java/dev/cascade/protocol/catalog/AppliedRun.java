package dev.cascade.protocol.catalog;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.crypto.digests.SM3Digest;

import dev.cascade.protocol.region.RegionCode;

/**
 * The changes of one origin that a node applied in one transaction, as its ledger records them:
 * one entry per run instead of one per change (decision 0030). A catch-up applies 100,000 changes
 * in runs of up to a few hundred; one entry each would double the database work of the catch-up.
 *
 * <p>The run's digest is SM3 over the applied changes' {@link Checkpoint#changeDigest}s in the
 * order applied, so the entry still names every signed change: an auditor recomputes it from the
 * node's change log (the rows of this origin numbered {@code firstSeq … lastSeq}).
 *
 * @param applied how many changes the run holds; fewer than {@code lastSeq - firstSeq + 1} when
 *                the origin numbered changes this node is not entitled to see
 */
public record AppliedRun(RegionCode origin, long firstSeq, long lastSeq, int applied, int withdrawals, byte[] digest) {

    private static final Pattern DETAIL = Pattern.compile("^changes (\\d+)-(\\d+): (\\d+) applied, (\\d+) withdrawn$");

    public AppliedRun {
        Objects.requireNonNull(origin, "origin");
        if (firstSeq < 1 || lastSeq < firstSeq) {
            throw new IllegalArgumentException("a run covers changes firstSeq <= lastSeq from 1 on, not " + firstSeq + "-" + lastSeq);
        }
        if (applied < 1 || applied > lastSeq - firstSeq + 1 || withdrawals < 0 || withdrawals > applied) {
            throw new IllegalArgumentException(applied + " applied and " + withdrawals + " withdrawn do not fit changes "
                    + firstSeq + "-" + lastSeq);
        }
        if (digest == null || digest.length != Checkpoint.DIGEST_BYTES) {
            throw new IllegalArgumentException("a run's digest is a " + Checkpoint.DIGEST_BYTES + "-byte SM3 digest");
        }
        digest = digest.clone();
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    /** The entry's detail: the numbers an auditor needs to find the run in the change log. */
    public String detail() {
        return "changes " + firstSeq + "-" + lastSeq + ": " + applied + " applied, " + withdrawals + " withdrawn";
    }

    /** The numbers a {@link #detail()} names, or empty for any other text (entries of other types, older builds). */
    public static Optional<Span> span(String detail) {
        Matcher m = detail == null ? null : DETAIL.matcher(detail);
        if (m == null || !m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Span(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Integer.parseInt(m.group(3))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The numbers of a run, read back from its ledger entry. */
    public record Span(long firstSeq, long lastSeq, int applied) {
        public boolean overlaps(Span other) {
            return firstSeq <= other.lastSeq && other.firstSeq <= lastSeq;
        }
    }

    /** Gathers one origin's changes in the order they are applied. Not thread-safe. */
    public static final class Builder {
        private final RegionCode origin;
        private final SM3Digest sm3 = new SM3Digest();
        private long firstSeq;
        private long lastSeq;
        private int applied;
        private int withdrawals;

        public Builder(RegionCode origin) {
            this.origin = Objects.requireNonNull(origin, "origin");
        }

        /** Adds the next applied change; numbers must rise. */
        public Builder add(long seq, ChangeKind kind, byte[] changeDigest) {
            if (seq <= lastSeq) {
                throw new IllegalArgumentException("change " + seq + " after change " + lastSeq + " of " + origin);
            }
            if (changeDigest == null || changeDigest.length != Checkpoint.DIGEST_BYTES) {
                throw new IllegalArgumentException("a change digest is a " + Checkpoint.DIGEST_BYTES + "-byte SM3 digest");
            }
            if (applied == 0) {
                firstSeq = seq;
            }
            lastSeq = seq;
            applied++;
            if (kind == ChangeKind.WITHDRAW) {
                withdrawals++;
            }
            sm3.update(changeDigest, 0, changeDigest.length);
            return this;
        }

        public boolean isEmpty() {
            return applied == 0;
        }

        public AppliedRun build() {
            if (applied == 0) {
                throw new IllegalStateException("a run of " + origin + " holds no change");
            }
            byte[] out = new byte[Checkpoint.DIGEST_BYTES];
            new SM3Digest(sm3).doFinal(out, 0);
            return new AppliedRun(origin, firstSeq, lastSeq, applied, withdrawals, out);
        }
    }
}
