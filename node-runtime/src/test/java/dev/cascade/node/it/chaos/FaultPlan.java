package dev.cascade.node.it.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The faults of a run, drawn from its seed before it starts, so that a seed names one schedule:
 * which node or link, what is killed, when, and for how long. The first five cover every kind the
 * proof must have survived — a crash of the consumer, of the owner and of a relay, a postmaster
 * killed under a running node, a cut link — in an order the seed decides; the rest are drawn freely.
 */
final class FaultPlan {

    enum Kind { CRASH_JVM, CRASH_MACHINE, CRASH_POSTMASTER, CUT_LINK }

    /**
     * @param target a node's region, or for a cut link the region of the child whose uplink it is
     * @param downMs how long a crashed node stays down before its restart, or a link stays cut
     */
    record Fault(long atMs, Kind kind, String target, long downMs) {
        @Override
        public String toString() {
            return String.format("%5.1fs %-16s %s for %.1fs", atMs / 1000.0, kind, target, downMs / 1000.0);
        }
    }

    private FaultPlan() {
    }

    private record Aim(String kind, String target) {
    }

    static List<Fault> draw(Random random, Duration phase, String consumer, String owner, List<String> relays, List<String> links) {
        List<String> nodes = new ArrayList<>(relays);
        nodes.add(consumer);
        nodes.add(owner);
        List<Aim> covering = new ArrayList<>(List.of(new Aim("crash", consumer), new Aim("crash", owner),
                new Aim("crash", relays.get(random.nextInt(relays.size()))),
                new Aim("postmaster", nodes.get(random.nextInt(nodes.size()))),
                new Aim("cut", links.get(random.nextInt(links.size())))));
        Collections.shuffle(covering, random);
        List<Fault> out = new ArrayList<>();
        long at = 3_000;
        for (Aim aim : covering) {
            if (at > phase.toMillis()) {
                break;
            }
            out.add(fault(random, at, aim));
            at += gap(random);
        }
        while (at < phase.toMillis()) {
            int pick = random.nextInt(100);
            String kind = pick < 55 ? "crash" : pick < 70 ? "postmaster" : "cut";
            String target = "cut".equals(kind) ? links.get(random.nextInt(links.size())) : nodes.get(random.nextInt(nodes.size()));
            out.add(fault(random, at, new Aim(kind, target)));
            at += gap(random);
        }
        return List.copyOf(out);
    }

    private static Fault fault(Random random, long at, Aim aim) {
        String target = aim.target();
        return switch (aim.kind()) {
            case "crash" -> new Fault(at, random.nextBoolean() ? Kind.CRASH_JVM : Kind.CRASH_MACHINE, target, 500 + random.nextInt(5_000));
            case "postmaster" -> new Fault(at, Kind.CRASH_POSTMASTER, target, 0);
            default -> new Fault(at, Kind.CUT_LINK, target, 2_000 + random.nextInt(10_000));
        };
    }

    /** Seconds between faults: long enough for a restarted node to come back on a busy two-core machine now and then. */
    private static long gap(Random random) {
        return 7_000 + random.nextInt(9_000);
    }
}
