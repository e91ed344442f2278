package dev.cascade.node.exchange.source;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.cascade.node.catalog.CatalogDescriptors;
import dev.cascade.node.catalog.ResourceJson;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.node.storage.ReactiveBridge;
import dev.cascade.protocol.catalog.ResourceDescriptor;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** The SQL of data sources: the {@code data_source} table; the catalog entries it belongs to come from the catalog. */
@ApplicationScoped
public class SourceStore {

    @Inject
    Pool pool;
    @Inject
    LocalNode node;
    @Inject
    SecretsAtRest secrets;
    @Inject
    CatalogDescriptors catalog;

    /** A live resource registered at this node, with its current descriptor. */
    public record OwnResource(String id, String providerDept, ResourceDescriptor descriptor) {
    }

    /** A configured source as stored, with what its last probe or upload found. */
    record Configured(SourceConfigJson.Stored stored, List<String> columns, Optional<Long> rowCount, Instant updatedAt,
                      String updatedBy) {
    }

    /** The live resource {@code id} registered at this node, or empty (unknown, withdrawn, or another node's). */
    public Uni<Optional<OwnResource>> ownResource(String id) {
        return catalog.live(node.region().code(), id).map(found -> found.map(entry -> new OwnResource(id, entry.providerDept(),
                descriptor(id, entry.descriptorJson()))));
    }

    /**
     * The resource {@code id} if {@code dept} owns it here: 404 if this node has no live resource
     * of that id, 403 if another department registered it.
     */
    public Uni<OwnResource> ownedBy(String id, String dept) {
        return ownResource(id).map(found -> {
            OwnResource r = found.orElseThrow(() -> ProblemException.notFound("resource " + id + " is not registered at "
                    + node.region()));
            if (!r.providerDept().equals(dept)) {
                throw ProblemException.forbidden("resource " + id + " belongs to department " + r.providerDept() + ", not " + dept);
            }
            return r;
        });
    }

    /** Whether {@code dept} exists here and is not suspended; the upload route has no REST gate in front of it. */
    public Uni<Boolean> departmentAdmitted(String dept) {
        return pool.preparedQuery("select 1 from department where id = $1 and suspended_at is null")
                .execute(Tuple.of(dept)).map(rows -> rows.iterator().hasNext());
    }

    /** Seals secrets stored before sealing existed, once, at start; each row in its own statement. */
    void sealLegacySecrets(@Observes StartupEvent start) {
        List<Row> legacy = ReactiveBridge.await(() -> pool.query(
                "select resource_id, secrets from data_source").execute().map(rows -> {
                    List<Row> out = new ArrayList<>();
                    rows.forEach(out::add);
                    return out;
                }));
        for (Row r : legacy) {
            String id = r.getString("resource_id");
            String stored = r.getString("secrets");
            if (!secrets.isSealed(stored)) {
                // Conditional on the value read: a concurrent save of a sealed value is never overwritten.
                ReactiveBridge.await(() -> pool.preparedQuery(
                        "update data_source set secrets = $1 where resource_id = $2 and secrets = $3")
                        .execute(Tuple.of(secrets.seal(id, stored), id, stored)));
            }
        }
    }

    Uni<Optional<Configured>> find(String resourceId) {
        return pool.preparedQuery("select kind, config, secrets, columns, row_count, updated_at, updated_by from data_source"
                        + " where resource_id = $1")
                .execute(Tuple.of(resourceId))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new Configured(new SourceConfigJson.Stored(r.getString("kind"), r.getString("config"),
                            secrets.open(resourceId, r.getString("secrets"))), columns(r.getString("columns")), Optional.ofNullable(r.getLong("row_count")),
                            r.getOffsetDateTime("updated_at").toInstant(), r.getString("updated_by")));
                });
    }

    /** Records a source, replacing the previous one; returns the file name the previous one held, if it was a file. */
    Uni<Optional<String>> save(String resourceId, SourceConfig config, List<String> columns, Optional<Long> rowCount, String dept) {
        SourceConfigJson.Stored stored = SourceConfigJson.store(config);
        OffsetDateTime at = node.clock().instant().atOffset(ZoneOffset.UTC);
        return pool.withTransaction(tx -> tx.preparedQuery("select kind, config from data_source where resource_id = $1 for update")
                .execute(Tuple.of(resourceId))
                .chain(rows -> {
                    Optional<String> previousFile = Optional.empty();
                    if (rows.iterator().hasNext()) {
                        Row r = rows.iterator().next();
                        if ("upload".equals(r.getString("kind"))) {
                            previousFile = Optional.ofNullable(tree(r.getString("config")).path("fileName").textValue());
                        }
                    }
                    Optional<String> replaced = previousFile;
                    return tx.preparedQuery("insert into data_source (resource_id, kind, config, secrets, columns, row_count,"
                                    + " updated_at, updated_by) values ($1, $2, $3, $4, $5, $6, $7, $8)"
                                    + " on conflict (resource_id) do update set kind = excluded.kind, config = excluded.config,"
                                    + " secrets = excluded.secrets, columns = excluded.columns, row_count = excluded.row_count,"
                                    + " updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                            .execute(Tuple.from(Arrays.asList(resourceId, stored.kind(), stored.config(),
                                    secrets.seal(resourceId, stored.secrets()),
                                    JsonRecords.JSON.valueToTree(columns).toString(), rowCount.orElse(null), at, dept)))
                            .replaceWith(replaced);
                }));
    }

    private static ResourceDescriptor descriptor(String id, String json) {
        ResourceJson.Reading reading = ResourceJson.read(tree(json), id);
        if (reading.descriptor() == null) {
            throw new IllegalStateException("the stored descriptor of " + id + " is unreadable: " + reading.violations());
        }
        return reading.descriptor();
    }

    private static List<String> columns(String json) {
        List<String> columns = new ArrayList<>();
        tree(json).forEach(c -> columns.add(c.asText()));
        return columns;
    }

    private static JsonNode tree(String json) {
        try {
            return JsonRecords.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON in the database: " + e.getOriginalMessage(), e);
        }
    }
}
