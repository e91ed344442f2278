package dev.cascade.node.it.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;

/**
 * A run's parameters, from system properties so that {@code ChaosIT} and {@code deploy/local/chaos.sh}
 * run the same harness: {@code chaos.seed} (random when absent, and printed), {@code chaos.seconds}
 * of faults, or {@code chaos.soak} minutes of steady load without faults, {@code chaos.settle}
 * seconds allowed for everything to end afterwards, {@code chaos.report} (the JSON file),
 * {@code chaos.ports} (the first of 200 ports to use) and {@code chaos.keep} (keep the nodes' data).
 */
record ChaosSettings(long seed, Duration chaos, int soakMinutes, Duration settleBound, Optional<Path> report, int portBase,
                     boolean keep) {

    static ChaosSettings fromSystemProperties(Duration defaultChaos) {
        String seed = System.getProperty("chaos.seed", "");
        return new ChaosSettings(seed.isBlank() ? new Random().nextLong() : Long.parseLong(seed.trim()),
                Duration.ofSeconds(Long.getLong("chaos.seconds", defaultChaos.toSeconds())),
                Integer.getInteger("chaos.soak", 0),
                Duration.ofSeconds(Long.getLong("chaos.settle", 150)),
                Optional.ofNullable(System.getProperty("chaos.report")).filter(s -> !s.isBlank()).map(Path::of),
                Integer.getInteger("chaos.ports", 18200),
                Boolean.getBoolean("chaos.keep"));
    }

    boolean soak() {
        return soakMinutes > 0;
    }

    /** How long the load runs: the chaos phase, or the soak. */
    Duration loadPhase() {
        return soak() ? Duration.ofMinutes(soakMinutes) : chaos;
    }
}
