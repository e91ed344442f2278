package dev.cascade.node.it.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.cascade.node.it.Api;

/**
 * Catalog changes during the chaos: registrations, new versions and withdrawals of national-scope
 * resources at a city (440100) and a province (320000), so they travel up, across and down the
 * hierarchy while nodes crash and links are cut. The harness counts a change once its origin
 * acknowledged it (the reply carries its version and sequence number); a crash of the origin
 * waits for a change call in flight there, because nobody could tell whether that one was made.
 */
final class CatalogLoad {

    enum Kind { REGISTER, UPDATE, WITHDRAW }

    /** A change its origin acknowledged. */
    record Acknowledged(String origin, String resourceId, Kind kind, int version, long seq) {
    }

    /** A resource the harness registered, and its state as the origin last acknowledged it. */
    static final class Resource {
        final String origin;
        final String id;
        volatile int version;
        volatile boolean withdrawn;

        Resource(String origin, String id) {
            this.origin = origin;
            this.id = id;
        }
    }

    record Origin(ChaosNode node, Api provider, int serialBase) {
    }

    /** One origin's own sequence of planned changes, from its own random, so that another origin's outage does not shift it. */
    private static final class Planned {
        final Origin origin;
        final Random random;
        Kind kind;
        int pick;

        Planned(Origin origin, Random random) {
            this.origin = origin;
            this.random = random;
        }

        void drawNext() {
            int p = random.nextInt(100);
            kind = p < 40 ? Kind.REGISTER : p < 80 ? Kind.UPDATE : Kind.WITHDRAW;
            pick = random.nextInt(1 << 20);
        }
    }

    private final List<Planned> origins = new ArrayList<>();
    private final List<Resource> resources = new CopyOnWriteArrayList<>();
    private final List<Acknowledged> acknowledged = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> serials = new HashMap<>();

    CatalogLoad(List<Origin> origins, Random random) {
        for (Origin o : origins) {
            Planned p = new Planned(o, new Random(random.nextLong()));
            p.drawNext();
            this.origins.add(p);
        }
    }

    List<Resource> resources() {
        return resources;
    }

    List<Acknowledged> acknowledged() {
        return acknowledged;
    }

    List<String> originRegions() {
        return origins.stream().map(o -> o.origin.node().region).toList();
    }

    /** Each origin that is up makes its next planned change; one that cannot now (its origin is down) stays next. */
    void changeNext() {
        for (Planned p : origins) {
            ChaosNode node = p.origin.node();
            if (!node.isUp() || !node.changeGuard.readLock().tryLock()) {
                continue;
            }
            try {
                if (make(p.origin, p.kind, p.pick)) {
                    p.drawNext();
                }
            } finally {
                node.changeGuard.readLock().unlock();
            }
        }
    }

    private boolean make(Origin origin, Kind kind, int pick) {
        List<Resource> live = new ArrayList<>();
        for (Resource r : resources) {
            if (r.origin.equals(origin.node().region) && !r.withdrawn) {
                live.add(r);
            }
        }
        Kind k = live.isEmpty() ? Kind.REGISTER : kind;
        Resource target;
        if (k == Kind.REGISTER) {
            // A fresh id for every attempt: one whose reply was lost may exist, and the proof reads the origin for it.
            int serial = serials.merge(origin.node().region, 1, Integer::sum);
            target = new Resource(origin.node().region, String.format("3.01.001.003-%06d", origin.serialBase() + serial));
        } else {
            target = live.get(pick % live.size());
        }
        try {
            Api.Reply reply = switch (k) {
                case REGISTER -> origin.provider().post("/api/v1/resources", Api.resource(target.id, "混沌目录 " + target.id, "national"));
                case UPDATE -> origin.provider().put("/api/v1/resources/" + target.id,
                        Api.resource(target.id, "混沌目录 " + target.id + " 第" + (target.version + 1) + "版", "national"));
                case WITHDRAW -> origin.provider().delete("/api/v1/resources/" + target.id);
            };
            if (reply.status() >= 500) {
                return false; // not made (the origin's database is down): planned again
            }
            if (reply.status() == 404 && k != Kind.REGISTER) {
                target.withdrawn = true; // an earlier withdrawal whose reply was lost did happen
                return true;
            }
            if (reply.status() >= 300) {
                throw new IllegalStateException("catalog change " + k + " of " + target.id + " at " + target.origin + " refused: "
                        + reply.status() + " " + reply.raw());
            }
            int version = reply.body().path("version").asInt();
            acknowledged.add(new Acknowledged(target.origin, target.id, k, version, reply.body().path("seq").asLong()));
            target.version = version;
            target.withdrawn = k == Kind.WITHDRAW;
            if (k == Kind.REGISTER) {
                resources.add(target);
            }
            return true;
        } catch (Api.Unreachable e) {
            return false;
        }
    }
}
