package dev.cascade.node.storage;

import java.util.function.Supplier;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * Lets threads that are not Vert.x's (gRPC handlers, start-up, timers) run a Hibernate Reactive
 * unit of work: it runs on a Vert.x context and the calling thread waits for its result.
 */
public final class ReactiveBridge {

    private ReactiveBridge() {
    }

    public static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
