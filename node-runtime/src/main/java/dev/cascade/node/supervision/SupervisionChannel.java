package dev.cascade.node.supervision;

import dev.cascade.node.link.SupervisionPort;
import dev.cascade.node.supervision.climb.SubtreeIntake;
import dev.cascade.node.supervision.climb.Uplink;
import dev.cascade.node.supervision.directive.DirectiveBook;
import dev.cascade.proto.supervision.v1.DirectiveSet;
import dev.cascade.proto.supervision.v1.SupervisionUp;
import dev.cascade.protocol.region.RegionCode;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The link's supervision port: what children send up is checked and stored, what the parent sends
 * down is applied, each on a worker of its own so that no link's stream thread waits on the
 * database. Directives go before reports: an emergency must not queue behind a backlog.
 */
@ApplicationScoped
public class SupervisionChannel implements SupervisionPort {

    private static final Logger LOG = Logger.getLogger(SupervisionChannel.class);

    @Inject
    SubtreeIntake intake;
    @Inject
    Uplink uplink;
    @Inject
    DirectiveBook directives;

    private ExecutorService fromChildren;
    private ExecutorService fromParent;

    @PostConstruct
    void open() {
        fromChildren = Executors.newSingleThreadExecutor(r -> daemon(r, "cascade-supervision-intake"));
        fromParent = Executors.newSingleThreadExecutor(r -> daemon(r, "cascade-supervision-directives"));
    }

    void stop(@Observes ShutdownEvent stop) {
        fromChildren.shutdownNow();
        fromParent.shutdownNow();
    }

    @Override
    public void fromChild(RegionCode child, SupervisionUp up) {
        fromChildren.execute(() -> {
            try {
                intake.fromChild(child, up);
            } catch (RuntimeException e) {
                // Not acknowledged: the child sends the batch again.
                LOG.warnf("supervision batch from %s could not be stored: %s", child, e.getMessage());
            }
        });
    }

    @Override
    public void acknowledged(long batch) {
        uplink.acknowledged(batch);
    }

    @Override
    public void fromParent(RegionCode parent, DirectiveSet set) {
        fromParent.execute(() -> {
            try {
                directives.fromParent(parent, set);
            } catch (RuntimeException e) {
                // The digest still differs: the parent offers the set again on a later heartbeat.
                LOG.warnf("directives from %s could not be applied: %s", parent, e.getMessage());
            }
        });
    }

    @Override
    public String heldDirectiveDigest() {
        return directives.heldDigest();
    }

    @Override
    public String directiveDigestFor(RegionCode child) {
        return directives.digestFor(child);
    }

    @Override
    public Optional<DirectiveSet> directivesFor(RegionCode child) {
        return directives.setFor(child);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
