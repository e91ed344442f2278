package dev.cascade.node.config;

import java.nio.file.Path;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import dev.cascade.protocol.ledger.LedgerHash;
import java.time.ZoneId;
import java.util.Optional;

/** Typed runtime configuration of a serving node ({@code cascade.*}). */
@ConfigMapping(prefix = "cascade")
public interface CascadeConfig {

    /** The node's data directory: keys, certificates, settings, embedded database. */
    Path dataDir();

    Link link();

    Exchange exchange();

    Calls calls();

    Ledger ledger();

    Supervision supervision();

    Console console();

    Subscriptions subscriptions();

    interface Subscriptions {
        /**
         * How often the owner looks, for each subscription in force, whether its source changed
         * since the last increment (a one-row query, or the stored file's digest); when it did, it
         * announces the next increment.
         */
        @WithDefault("1m")
        Duration checkEvery();
    }

    interface Console {
        /** How long a console session lasts from its login (docs/console.md); logging out ends it sooner. */
        @WithDefault("8h")
        Duration sessionTtl();

        /** How long a one-time login link printed by {@code cascade-node console-login} stays usable. */
        @WithDefault("2m")
        Duration loginCodeTtl();

        /**
         * The console's address as people reach it (e.g. behind a reverse proxy), for the login links;
         * unset, the CLI uses the node's own HTTP address.
         */
        Optional<String> publicUrl();
    }

    interface Supervision {
        /** How often a node writes its signed report (docs/protocols/supervision.md). */
        @WithDefault("30s")
        Duration reportEvery();

        /** How often what waits to climb (alerts, changes, reports) is looked for and sent to the parent. */
        @WithDefault("250ms")
        Duration climbEvery();

        /** A batch the parent has not acknowledged within this is sent again. */
        @WithDefault("5s")
        Duration ackWithin();

        /**
         * A change a descendant's report says it issued, still not applied here this long after the
         * report arrived, raises {@code catalog.withheld}; longer than a catch-up after an outage takes.
         */
        @WithDefault("5m")
        Duration catalogWithheldAfter();
    }

    interface Ledger {
        /** Hash of a new ledger's Merkle tree, SM3 or SHA256; a ledger keeps the function it began with. */
        @WithDefault("SM3")
        LedgerHash hash();

        /** How often the sequencer looks for new entries and signs a head over them. */
        @WithDefault("200ms")
        Duration sequenceInterval();

        /** Entries positioned per batch (and per signed head) at most. */
        @WithDefault("5000")
        int maxBatch();

        /** How often a child sends its newest signed head to its parent. */
        @WithDefault("10s")
        Duration anchorInterval();
    }

    interface Exchange {
        /** How long a provider's approver has to answer: "N working days" or an ISO-8601 duration. */
        @WithDefault("5 working days")
        String replyDeadline();

        /** The zone working days are counted in. */
        @WithDefault("Asia/Shanghai")
        ZoneId zone();

        /**
         * A file of public holidays and weekend days worked in exchange ({@code 2026-10-01 holiday},
         * {@code 2026-10-10 workday}, one per line), read at start; without it, Monday to Friday.
         */
        Optional<String> calendar();

        /** Plaintext bytes per sealed chunk (rows are never split across chunks). */
        @WithDefault("524288")
        int chunkBytes();

        /** How far a request's issue time may lie from a hop's clock before it counts as replayed. */
        @WithDefault("5m")
        Duration requestFreshness();

        /**
         * First wait before an end of an exchange sends again a frame that is still unanswered (a
         * request, a receipt, the owner's newest update) or re-asks a stalled chunk flow; the wait
         * doubles up to {@link #retryMax()}.
         */
        @WithDefault("10s")
        Duration retryAfter();

        /** Longest wait between two re-sends of an unanswered frame. */
        @WithDefault("2m")
        Duration retryMax();

        /**
         * The bound on an exchange that cannot finish: a delivery with no receipt at the owner this
         * long after its last update ends EXPIRED, a request never answered ends FAILED at the
         * consumer, and a hop drops chunks it has held this long (plus {@link #retryMax()}) for an
         * exchange that never reached a final state.
         */
        @WithDefault("1h")
        Duration closeWithin();
    }

    /** Standing service grants and the calls made under them. */
    interface Calls {
        /** A service grant's daily quota when the consumer asked for none. */
        @WithDefault("10000")
        long defaultQuotaPerDay();

        /** The largest daily quota a consumer may ask for. */
        @WithDefault("10000000")
        long maxQuotaPerDay();

        /** A service grant's rate (calls per second) when the consumer asked for none. */
        @WithDefault("50")
        int defaultRatePerSecond();

        /** The highest rate a consumer may ask for. */
        @WithDefault("2000")
        int maxRatePerSecond();

        /**
         * How long the consumer node waits for a call's answer before it tells its caller 504. Keep
         * it above the endpoint timeouts of the services called (2 s unless configured), so that a
         * slow endpoint is reported as such by the owner.
         */
        @WithDefault("10s")
        Duration answerWithin();

        /** A relay's counting period: it writes one row and one ledger entry per grant and period. */
        @WithDefault("1m")
        Duration relayPeriod();

        /** The zone a daily quota's day is counted in. */
        @WithDefault("Asia/Shanghai")
        ZoneId zone();
    }

    interface Link {
        /** How often each end of a tier link sends a heartbeat. */
        @WithDefault("2s")
        Duration heartbeatInterval();

        /** A link with no heartbeat for this long is reported down. */
        @WithDefault("7s")
        Duration downAfter();

        /** Longest wait between attempts to re-dial the parent. */
        @WithDefault("5s")
        Duration maxRedialDelay();
    }
}
