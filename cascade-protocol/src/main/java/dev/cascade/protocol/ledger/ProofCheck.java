package dev.cascade.protocol.ledger;

import java.util.Objects;

/** The outcome of checking an inclusion or consistency proof; a bad proof is an answer, not an error. */
public sealed interface ProofCheck permits ProofCheck.Verified, ProofCheck.Failed {

    record Verified() implements ProofCheck {
    }

    /** @param reason one line for an alert or a refusal */
    record Failed(String reason) implements ProofCheck {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    default boolean verified() {
        return this instanceof Verified;
    }
}
