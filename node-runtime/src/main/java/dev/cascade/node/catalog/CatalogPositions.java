package dev.cascade.node.catalog;

import dev.cascade.node.storage.ReactiveBridge;
import dev.cascade.protocol.catalog.Scope;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far the catalog has got, as supervision compares it across nodes: the newest change this node
 * issued for each scope that leaves it, and the newest change of an origin applied here.
 */
@ApplicationScoped
public class CatalogPositions {

    @Inject
    Pool pool;

    /**
     * Per scope that leaves this node, the newest change of its own origin that a node of that scope
     * sees: {@code PROVINCE} counts province and national changes, {@code NATIONAL} national ones.
     * A scope with no such change is absent.
     */
    public Map<Scope, Long> ownHeads(String self) {
        Map<Scope, Long> heads = new EnumMap<>(Scope.class);
        newest(self, List.of(Scope.PROVINCE, Scope.NATIONAL)).ifPresent(seq -> heads.put(Scope.PROVINCE, seq));
        newest(self, List.of(Scope.NATIONAL)).ifPresent(seq -> heads.put(Scope.NATIONAL, seq));
        return heads;
    }

    /** The newest change of {@code origin} applied here (0: none). */
    public long appliedThrough(String origin) {
        return ReactiveBridge.await(() -> pool.preparedQuery("select last_seq from catalog_origin where origin = $1")
                .execute(Tuple.of(origin))
                .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getLong("last_seq") : 0L));
    }

    // Walks the origin's changes from the newest down (primary key order) to the first of a wanted
    // scope: recent changes are almost always of a scope that leaves the node, so this reads few rows.
    private Optional<Long> newest(String self, List<Scope> scopes) {
        String[] wire = scopes.stream().map(Scope::wire).toArray(String[]::new);
        return ReactiveBridge.await(() -> pool.preparedQuery("select seq from catalog_change where origin = $1"
                        + " and scope = any($2) order by seq desc limit 1")
                .execute(Tuple.of(self, wire))
                .map(rows -> {
                    var it = rows.iterator();
                    return it.hasNext() ? Optional.of(it.next().getLong("seq")) : Optional.<Long>empty();
                }));
    }
}
