package dev.cascade.node.ledger;

import dev.cascade.protocol.exchange.ExchangeState;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Every kind of state change a node records. */
public enum EventType {
    NODE_INITIALISED("node.initialised"),
    JOIN_TOKEN_CREATED("join-token.created"),
    CHILD_JOINED("child.joined"),
    JOIN_REFUSED("join.refused"),
    CHILD_REVOKED("child.revoked"),
    REVOCATION_RECEIVED("revocation.received"),
    LINK_UP("link.up"),
    LINK_DOWN("link.down"),
    LINK_REFUSED("link.refused"),
    RESOURCE_REGISTERED("resource.registered"),
    RESOURCE_UPDATED("resource.updated"),
    RESOURCE_WITHDRAWN("resource.withdrawn"),
    CATALOG_CHANGE_REFUSED("catalog.change-refused"),
    /** One origin's changes applied in one transaction (decision 0030; builds before it wrote catalog.change-applied per change). */
    CATALOG_CHANGES_APPLIED("catalog.changes-applied"),
    CATALOG_WITHHELD("catalog.withheld"),
    DEPARTMENT_ADDED("department.added"),
    DEPARTMENT_TOKEN_ISSUED("department.token-issued"),
    DEPARTMENT_SUSPENDED("department.suspended"),
    POLICY_PUBLISHED("policy.published"),
    POLICY_LINEAGE_ACCEPTED("policy.lineage-accepted"),
    POLICY_LINEAGE_REFUSED("policy.lineage-refused"),
    POLICY_OWN_PACK_SUSPENDED("policy.own-pack-suspended"),
    POLICY_STORED_PACK_INVALID("policy.stored-pack-invalid"),
    EXCHANGE_FRAME_REFUSED("exchange.frame-refused"),
    EXCHANGE_SPOOL_FAILED("exchange.spool-failed"),
    EXCHANGE_WITHHELD("exchange.withheld"),
    EXCHANGE_REQUESTED("exchange.requested"),
    EXCHANGE_PENDING_APPROVAL("exchange.pending-approval"),
    EXCHANGE_GRANTED("exchange.granted"),
    EXCHANGE_SUSPENDED("exchange.suspended"),
    EXCHANGE_DELIVERING("exchange.delivering"),
    EXCHANGE_DELIVERED("exchange.delivered"),
    EXCHANGE_CLOSED("exchange.closed"),
    EXCHANGE_CONFIRMED("exchange.confirmed"),
    EXCHANGE_DENIED("exchange.denied"),
    EXCHANGE_EXPIRED("exchange.expired"),
    EXCHANGE_FAILED("exchange.failed"),
    EXCHANGE_REVOKED("exchange.revoked"),
    EXCHANGE_UPDATED("exchange.updated"),
    EXCHANGE_KEY_STORED("exchange.key-stored"),
    EXCHANGE_RECEIPT("exchange.receipt"),
    EXCHANGE_PURGED("exchange.purged"),
    EXCHANGE_DOWNLOADED("exchange.downloaded"),
    EXCHANGE_RECEIPT_CONFIRMED("exchange.receipt-confirmed"),
    SUBSCRIPTION_STARTED("subscription.started"),
    SUBSCRIPTION_INCREMENT("subscription.increment"),
    SUBSCRIPTION_ADVANCED("subscription.advanced"),
    SUBSCRIPTION_CANCELLED("subscription.cancelled"),
    LEDGER_ANCHORED("ledger.anchored"),
    LEDGER_ALERT("ledger.alert"),
    RISK_ALERT("risk.alert"),
    STORAGE_KEY_ROTATED("storage-key.rotated"),
    ALERT_RECEIVED("alert.received"),
    ALERT_ACKNOWLEDGED("alert.acknowledged"),
    ALERT_RESOLVED("alert.resolved"),
    SUPERVISION_REFUSED("supervision.refused"),
    DIRECTIVE_ISSUED("directive.issued"),
    DIRECTIVE_RECEIVED("directive.received"),
    DIRECTIVE_LIFTED("directive.lifted"),
    DIRECTIVE_REFUSED("directive.refused"),
    LEAK_TRACED("leak.traced"),
    CONSOLE_LOGIN_ISSUED("console.login-issued"),
    CONSOLE_SESSION_STARTED("console.session-started"),
    CONSOLE_SESSION_ENDED("console.session-ended"),
    /** Consumer node: a department's call under a standing grant, and how it ended. */
    CALL_MADE("call.made"),
    /** Owner node: a call it answered or refused. */
    CALL_SERVED("call.served"),
    /** Relay: how many calls of one grant it passed in one period (no entry per call). */
    CALL_RELAYED("call.relayed");

    private final String key;

    EventType(String key) {
        this.key = key;
    }

    /** The entry recording an exchange's arrival in {@code state}. */
    public static EventType ofExchangeState(ExchangeState state) {
        return valueOf("EXCHANGE_" + state.name());
    }

    /** The state whose arrival an exchange entry of type {@code key} records; empty for other entries. */
    public static Optional<ExchangeState> exchangeStateOf(String key) {
        for (ExchangeState state : ExchangeState.values()) {
            if (ofExchangeState(state).key.equals(key)) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    /** The keys of every exchange state's entry: an exchange's history at a node is its entries of these types. */
    public static List<String> exchangeStateKeys() {
        return Arrays.stream(ExchangeState.values())
                .map(s -> ofExchangeState(s).key).toList();
    }

    public String key() {
        return key;
    }
}
