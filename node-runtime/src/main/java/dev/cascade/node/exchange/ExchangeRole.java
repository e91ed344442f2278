package dev.cascade.node.exchange;

import java.util.Locale;

/** Why an exchange is known at this node. One node can hold two roles of one exchange when it is both ends. */
public enum ExchangeRole {
    /** A department of this node asked. */
    CONSUMER,
    /** A department of this node provides the resource; this node decides and delivers. */
    OWNER,
    /** The exchange only passes through. */
    RELAY;

    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ExchangeRole ofColumn(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
