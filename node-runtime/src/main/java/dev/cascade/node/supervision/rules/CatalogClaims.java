package dev.cascade.node.supervision.rules;

import dev.cascade.protocol.region.RegionCode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What descendants' signed reports say their catalogs hold, against what has reached this node.
 * Per origin it keeps the oldest claim still unmet: the change the origin said it issued, since
 * when this node has known it, and the child it came through. A claim met is forgotten; a claim
 * unmet for longer than the grace is judged withheld, once. No clock or database of its own, so
 * each edge is pinned by a unit test ({@link CatalogWithholding} feeds it).
 */
final class CatalogClaims {

    /** A change an origin claims, unmet here since {@code since}. */
    private record Claim(long seq, Instant since, RegionCode via, boolean judged) {
    }

    /** A claim unmet past the grace: {@code origin} issued {@code claimed}, this node applied through {@code applied}. */
    record Withheld(RegionCode origin, long claimed, long applied, Instant since, RegionCode via) {
    }

    private final Duration grace;
    private final Map<RegionCode, Claim> open = new HashMap<>();

    CatalogClaims(Duration grace) {
        this.grace = Objects.requireNonNull(grace, "grace");
    }

    /** Whether a claim of {@code origin} is still unmet here (its next report must be compared even if it claims nothing). */
    synchronized boolean pending(RegionCode origin) {
        return open.containsKey(origin);
    }

    /**
     * A report of {@code origin}, which came through the child {@code via}, claims change
     * {@code claimed} (0: none) where this node sees it; {@code applied} is the newest change of
     * that origin applied here. Returns the judgement when an unmet claim has just outlived the grace.
     */
    synchronized Optional<Withheld> observe(RegionCode origin, RegionCode via, long claimed, long applied, Instant now) {
        Claim claim = open.get(origin);
        if (claim != null && applied >= claim.seq()) {
            open.remove(origin);
            claim = null;
        }
        if (claim == null) {
            if (claimed > applied) {
                open.put(origin, new Claim(claimed, now, via, false));
            }
            return Optional.empty();
        }
        if (claim.judged() || Duration.between(claim.since(), now).compareTo(grace) < 0) {
            return Optional.empty();
        }
        open.put(origin, new Claim(claim.seq(), claim.since(), claim.via(), true));
        return Optional.of(new Withheld(origin, claim.seq(), applied, claim.since(), claim.via()));
    }
}
