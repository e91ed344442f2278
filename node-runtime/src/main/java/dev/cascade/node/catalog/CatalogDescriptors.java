package dev.cascade.node.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * What other features ask the catalog about a registered resource: its descriptor and provider,
 * and which resources a department registered. The {@code catalog_entry} table stays the catalog's
 * own: the exchange side (policy decisions, deliveries, data sources, approvals) asks here.
 */
@ApplicationScoped
public class CatalogDescriptors {

    @Inject
    Pool pool;

    /**
     * A resource as registered: its provider department, its descriptor as stored (JSON, read by
     * {@link ResourceJson}), and the catalog version that descriptor is.
     */
    public record Registered(String providerDept, String descriptorJson, int version) {
    }

    /** The resource {@code resourceId} of {@code origin} unless it is unknown or withdrawn. */
    public Uni<Optional<Registered>> live(String origin, String resourceId) {
        return pool.preparedQuery("select provider_dept, descriptor, version from catalog_entry"
                        + " where origin = $1 and resource_id = $2 and withdrawn_at is null")
                .execute(Tuple.of(origin, resourceId))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Registered(row.getString("provider_dept"), row.getString("descriptor"), row.getInteger("version")));
                });
    }

    /** How the catalog labels a resource: its provider department, grading level and sharing type. */
    public record Labels(String providerDept, String level, String sharingType) {
    }

    /** The labels of {@code resourceId} of {@code origin}, withdrawn or not; empty when this node never heard of it. */
    public Uni<Optional<Labels>> labels(String origin, String resourceId) {
        return pool.preparedQuery("select provider_dept, level, sharing_type from catalog_entry where origin = $1 and resource_id = $2")
                .execute(Tuple.of(origin, resourceId))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Labels(row.getString(0), row.getString(1), row.getString(2)));
                });
    }

    /**
     * The resource {@code resourceId} of {@code origin} as last registered, withdrawn or not: what
     * was delivered before a withdrawal must still be explainable afterwards (leak tracing).
     */
    public Uni<Optional<Registered>> lastRegistered(String origin, String resourceId) {
        return pool.preparedQuery("select provider_dept, descriptor, version from catalog_entry where origin = $1 and resource_id = $2")
                .execute(Tuple.of(origin, resourceId))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Registered(row.getString("provider_dept"), row.getString("descriptor"), row.getInteger("version")));
                });
    }

    /**
     * The ids of the resources {@code dept} registered at {@code origin}, withdrawn ones included: a
     * request made before the withdrawal still awaits the department's answer.
     */
    public Uni<List<String>> registeredBy(String origin, String dept) {
        return pool.preparedQuery("select resource_id from catalog_entry where origin = $1 and provider_dept = $2")
                .execute(Tuple.of(origin, dept))
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString(0)));
                    return ids;
                });
    }
}
