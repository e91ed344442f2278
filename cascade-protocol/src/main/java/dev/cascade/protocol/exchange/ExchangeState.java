package dev.cascade.protocol.exchange;

import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The life of one exchange, with the numbers the wire protocol uses. Every node on the route keeps
 * the state it last saw; the owner node decides every state up to {@link #CLOSED}, the consumer
 * node adds {@link #DELIVERED} (everything arrived and verified) and {@link #CONFIRMED} (its
 * department confirmed receipt). The transitions live here and nowhere else.
 *
 * <p>A standing grant (a data service's calls, a subscription) is an exchange that stays
 * {@link #GRANTED} for its validity: the owner may {@link #SUSPENDED suspend} it and lift the
 * suspension (the one way back in this graph), or {@link #REVOKED revoke} it for good.
 */
public enum ExchangeState {
    REQUESTED(100),
    PENDING_APPROVAL(200),
    GRANTED(300),
    /** A standing grant on hold: no call or increment passes until the owner lifts it. */
    SUSPENDED(310),
    DELIVERING(400),
    DELIVERED(500),
    CLOSED(600),
    CONFIRMED(700),
    DENIED(800),
    EXPIRED(810),
    FAILED(820),
    /** A standing grant the owner withdrew before its expiry. */
    REVOKED(830);

    private final int code;

    ExchangeState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<ExchangeState> ofCode(int code) {
        for (ExchangeState s : values()) {
            if (s.code == code) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** No state follows a terminal one (a confirmed exchange stays confirmed). */
    public boolean terminal() {
        return this == CONFIRMED || this == DENIED || this == EXPIRED || this == FAILED || this == REVOKED;
    }

    /** Whether data of this exchange may still be held anywhere on the route. */
    public boolean holdsData() {
        return this == DELIVERING || this == DELIVERED;
    }

    public Set<ExchangeState> next() {
        return switch (this) {
            case REQUESTED -> EnumSet.of(PENDING_APPROVAL, GRANTED, DENIED, FAILED);
            case PENDING_APPROVAL -> EnumSet.of(GRANTED, DENIED, EXPIRED, FAILED);
            case GRANTED -> EnumSet.of(DELIVERING, SUSPENDED, REVOKED, EXPIRED, FAILED);
            case SUSPENDED -> EnumSet.of(GRANTED, REVOKED, EXPIRED);
            // EXPIRED after DELIVERING or DELIVERED: the owner never got a receipt within its
            // close-within bound, so the delivery ends there and every copy is purged.
            case DELIVERING -> EnumSet.of(DELIVERED, CLOSED, EXPIRED, FAILED);
            // CLOSED reaches the consumer after DELIVERED; a relay can see CLOSED straight after
            // DELIVERING because DELIVERED is the consumer's own state.
            case DELIVERED -> EnumSet.of(CLOSED, CONFIRMED, EXPIRED);
            case CLOSED -> EnumSet.of(CONFIRMED);
            case CONFIRMED, DENIED, EXPIRED, FAILED, REVOKED -> EnumSet.noneOf(ExchangeState.class);
        };
    }

    /**
     * A node on the route may skip states it never saw (an update can overtake another), never go
     * back, except that a suspended standing grant returns to {@link #GRANTED}. Updates are
     * numbered, so a stale one cannot undo a newer one even where the graph has that cycle.
     */
    public boolean canReach(ExchangeState target) {
        if (target == this) {
            return false;
        }
        Set<ExchangeState> seen = EnumSet.noneOf(ExchangeState.class);
        ArrayDeque<ExchangeState> todo = new ArrayDeque<>(next());
        while (!todo.isEmpty()) {
            ExchangeState step = todo.poll();
            if (step == target) {
                return true;
            }
            if (seen.add(step)) {
                todo.addAll(step.next());
            }
        }
        return false;
    }
}
