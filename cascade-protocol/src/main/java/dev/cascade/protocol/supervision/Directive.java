package dev.cascade.protocol.supervision;

import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.region.RegionCode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An emergency directive issued by a node for its subtree, or the lift of one ({@link #lifts}).
 * Only an ancestor of the target (or the target itself) may issue it: everything else is refused
 * by {@link #issuedBy}'s check wherever it arrives.
 */
public record Directive(String id, RegionCode issuer, RegionCode target, DirectiveKind kind, Optional<String> department,
                        Optional<String> resource, Optional<DataLevel> level, String reason, Instant issuedAt,
                        Optional<String> lifts) {

    public Directive {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }

    /** Why a directive is refused, or empty when it is well formed and its issuer may direct its target. */
    public Optional<String> refusal() {
        if (!issuer.covers(target)) {
            return Optional.of(issuer + " is not an ancestor of " + target + ": only an ancestor may direct a node");
        }
        if (lifts.isPresent()) {
            return Optional.empty();
        }
        return switch (kind) {
            case SUSPEND_DEPARTMENT -> department.filter(d -> !d.isBlank()).isPresent() ? Optional.empty()
                    : Optional.of("suspend-department names no department");
            case SUSPEND_RESOURCE -> resource.filter(r -> !r.isBlank()).isPresent() ? Optional.empty()
                    : Optional.of("suspend-resource names no resource");
            case FREEZE_LEVEL -> level.isPresent() ? Optional.empty() : Optional.of("freeze-level names no level");
            case PAUSE_DELIVERIES -> Optional.empty();
        };
    }

    /** Whether this directive (not a lift) holds at {@code node}. */
    public boolean holdsAt(RegionCode node) {
        return lifts.isEmpty() && (kind.coversSubtree() ? target.covers(node) : target.equals(node));
    }

    /** Whether a node whose subtree is rooted at {@code child} must hold this directive (or lift). */
    public boolean concernsSubtreeOf(RegionCode child) {
        return child.covers(target) || (kind.coversSubtree() && target.covers(child));
    }

    /**
     * Whether this directive stops an exchange with these parties at {@code node}: a request refused,
     * a delivery stopped and purged.
     */
    public boolean stops(RegionCode node, ExchangeParties exchange) {
        if (!holdsAt(node)) {
            return false;
        }
        return switch (kind) {
            case SUSPEND_DEPARTMENT -> exchange.consumer().equals(node) && department.orElse("").equals(exchange.consumerDept())
                    || exchange.owner().equals(node) && department.orElse("").equals(exchange.ownerDept().orElse(""));
            case SUSPEND_RESOURCE -> resource.orElse("").equals(exchange.resource());
            case FREEZE_LEVEL -> exchange.level().map(l -> l.atLeast(level.orElseThrow())).orElse(true);
            case PAUSE_DELIVERIES -> true;
        };
    }

    /** How a directive names what it stops, for refusals and purge reasons. */
    public String describe() {
        String what = switch (kind) {
            case SUSPEND_DEPARTMENT -> "department " + department.orElse("?") + " at " + target + " suspended";
            case SUSPEND_RESOURCE -> "resource " + resource.orElse("?") + " suspended in " + target + " and below";
            case FREEZE_LEVEL -> "exchanges of level " + level.map(DataLevel::wire).orElse("?") + " and above frozen in "
                    + target + " and below";
            case PAUSE_DELIVERIES -> "deliveries at " + target + " paused";
        };
        return "directive " + id + " of " + issuer + " (" + what + ": " + reason + ")";
    }

    /** The parties of an exchange as a directive reads them; the owner's department is known at the owner only. */
    public record ExchangeParties(RegionCode consumer, String consumerDept, RegionCode owner, Optional<String> ownerDept,
                                  String resource, Optional<DataLevel> level) {
    }
}
