package dev.cascade.node.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Keeps the embedded PostgreSQL running for as long as the node runs. The node owns that server,
 * so nothing else (systemd, Kubernetes) would ever restart it: when its postmaster dies the
 * supervisor starts it again on the same cluster (crash recovery), and if that keeps failing the
 * node reports itself not live ({@link EmbeddedDatabaseLiveness}), so that whatever runs the node
 * restarts it instead of leaving it up with every query refused.
 */
public final class DatabaseSupervisor {

    private static final Logger LOG = Logger.getLogger(DatabaseSupervisor.class);
    private static final AtomicReference<DatabaseSupervisor> CURRENT = new AtomicReference<>();

    /** What the supervisor last saw: since when the server is down (null while up) and how often it was restarted. */
    public record Health(Instant downSince, int restarts, String lastFailure) {
        public boolean up() {
            return downSince == null;
        }
    }

    private final EmbeddedPostgres database;
    private final Duration every;
    private final Clock clock;
    private volatile Health health = new Health(null, 0, null);
    private volatile boolean stopped;

    public DatabaseSupervisor(EmbeddedPostgres database, Duration every, Clock clock) {
        this.database = database;
        this.every = every;
        this.clock = clock;
    }

    /**
     * The supervisor of this process's embedded database, if it runs one. The database starts
     * before the application does (its address is part of the configuration), so the liveness
     * check finds the supervisor here rather than as a bean.
     */
    public static Optional<DatabaseSupervisor> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    public Health health() {
        return health;
    }

    public void start() {
        CURRENT.set(this);
        Thread t = new Thread(this::watch, "cascade-embedded-postgres-supervisor");
        t.setDaemon(true);
        t.start();
    }

    /** Before the node stops its database on purpose: that is not a crash. */
    public void stop() {
        stopped = true;
    }

    private void watch() {
        while (!stopped) {
            try {
                Thread.sleep(every.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!stopped) {
                check();
            }
        }
    }

    /** One look: a dead server is started again; the health says how that went. */
    void check() {
        if (database.serverRunning()) {
            if (!health.up()) {
                LOG.infof("embedded PostgreSQL is running again (restart %d)", health.restarts());
                health = new Health(null, health.restarts(), health.lastFailure());
            }
            return;
        }
        Instant downSince = health.up() ? clock.instant() : health.downSince();
        if (health.up()) {
            LOG.errorf("embedded PostgreSQL on port %d has died; starting it again (crash recovery)", database.port());
        }
        try {
            database.restartAfterCrash();
            health = new Health(downSince, health.restarts() + 1, health.lastFailure());
        } catch (RuntimeException e) {
            // Typically the dead postmaster's backends have not exited yet; the next look tries again.
            health = new Health(downSince, health.restarts(), e.getMessage());
            LOG.warnf("embedded PostgreSQL did not start again yet: %s", e.getMessage());
        }
    }
}
