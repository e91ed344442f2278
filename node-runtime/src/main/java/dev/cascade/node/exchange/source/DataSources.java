package dev.cascade.node.exchange.source;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.exchange.source.SourceConfig.HttpApi;
import dev.cascade.node.exchange.source.SourceConfig.PostgresTable;
import dev.cascade.node.exchange.source.SourceConfig.ServiceEndpoint;
import dev.cascade.node.exchange.source.SourceConfig.UploadedFile;
import dev.cascade.protocol.catalog.DataItem;
import dev.cascade.protocol.catalog.ResourceDescriptor;
import dev.cascade.protocol.exchange.Row;
import dev.cascade.protocol.exchange.RowSchema;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;

/**
 * The sources of this node's own resources, for the exchange pipeline:
 *
 * <pre>
 * try (RowSource rows = dataSources.open(resourceId)) {   // on a worker thread
 *     RowSchema schema = rows.schema();                    // the descriptor's data items, in order
 *     for (Optional&lt;Row&gt; row = rows.next(); row.isPresent(); row = rows.next()) { … }
 * } catch (SourceFailure f) {
 *     // fail the exchange with f.reason() and f.getMessage(); deliver nothing read so far
 * }
 * </pre>
 *
 * The rows carry exactly the fields the catalog lists for the resource, in the descriptor's
 * order, matched to the source's columns by name: a column the source has but the catalog does
 * not list never leaves the node. A listed field the source lacks is a SCHEMA_MISMATCH at open.
 */
@ApplicationScoped
public class DataSources {

    @Inject
    SourceStore store;
    @Inject
    CascadeConfig config;
    @Inject
    Vertx vertx;

    // Never follows redirects: a 3xx would carry the configured API key to wherever it points.
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * Opens the source of {@code resourceId}, a live resource registered at this node. Blocks: call
     * it on a worker thread, never on an event loop.
     *
     * @throws SourceFailure NOT_CONFIGURED if the resource is unknown here or has no source yet;
     *                       SCHEMA_MISMATCH if the source lacks a field the catalog lists; UNREACHABLE
     *                       and the others as the source reports them
     */
    public RowSource open(String resourceId) throws SourceFailure {
        Resolved r = resolve(resourceId);
        return project(openRaw(r.source(), r.columns()), r.descriptor());
    }

    // ---------------------------------------------------------------- subscriptions: increments since a mark

    /**
     * Why the source of {@code resourceId} cannot feed a subscription, or empty when it can: a
     * PostgreSQL table with an update column, or an uploaded file (each new upload is an increment).
     */
    public Optional<String> whyNoIncrements(String resourceId) throws SourceFailure {
        SourceConfig source = resolve(resourceId).source();
        if (source instanceof UploadedFile) {
            return Optional.empty();
        }
        if (source instanceof PostgresTable p) {
            return p.updateColumn().isPresent() ? Optional.empty() : Optional.of("the PostgreSQL source of " + resourceId
                    + " names no update column (updateColumn), so its changed rows cannot be told apart");
        }
        return Optional.of("the " + source.kind().wire() + " source of " + resourceId + " cannot say what changed; only a"
                + " PostgreSQL table with an update column or an uploaded file feed a subscription");
    }

    /**
     * Where a subscription starting now begins: the update column's greatest value (only later
     * changes are increments), or the SHA-256 of the file uploaded now (only a new upload is one).
     */
    public Optional<String> markNow(String resourceId) throws SourceFailure {
        SourceConfig source = resolve(resourceId).source();
        if (source instanceof UploadedFile f) {
            return Optional.of(f.sha256());
        }
        return PgIncrements.markNow(vertx, subscribable(resourceId, source));
    }

    /** Whether the source changed past {@code mark}: a cheap check (one row at most, or the stored file's digest). */
    public boolean changedSince(String resourceId, Optional<String> mark) throws SourceFailure {
        SourceConfig source = resolve(resourceId).source();
        if (source instanceof UploadedFile f) {
            return !mark.equals(Optional.of(f.sha256()));
        }
        return PgIncrements.changedSince(vertx, subscribable(resourceId, source), mark);
    }

    /**
     * The rows of one increment: those whose update column lies past {@code mark}, in its order; or
     * the whole file uploaded since. Blocks, as {@link #open} does.
     */
    public IncrementRows openSince(String resourceId, Optional<String> mark) throws SourceFailure {
        Resolved r = resolve(resourceId);
        if (r.source() instanceof UploadedFile f) {
            Optional<String> digest = Optional.of(f.sha256());
            return new IncrementRows(project(openRaw(f, r.columns()), r.descriptor()), () -> digest);
        }
        PostgresTable table = subscribable(resourceId, r.source());
        MarkedRows marked = new MarkedRows(PgIncrements.readSince(vertx, table, mark), table.updateColumn().orElseThrow(),
                mark);
        return new IncrementRows(project(marked, r.descriptor()), marked::reached);
    }

    private static PostgresTable subscribable(String resourceId, SourceConfig source) {
        if (source instanceof PostgresTable p && p.updateColumn().isPresent()) {
            return p;
        }
        throw new SourceFailure(SourceFailure.Reason.NOT_CONFIGURED, "the source of " + resourceId + " cannot deliver"
                + " increments (only a PostgreSQL table with an update column, or an uploaded file)");
    }

    /** A resource of this node with its configured source, checked against the kind its descriptor declares. */
    private record Resolved(ResourceDescriptor descriptor, SourceConfig source, List<String> columns) {
    }

    private Resolved resolve(String resourceId) {
        if (Context.isOnEventLoopThread()) {
            throw new IllegalStateException("DataSources blocks; call it on a worker thread");
        }
        SourceStore.OwnResource resource = await(store.ownResource(resourceId)).orElseThrow(() -> new SourceFailure(
                SourceFailure.Reason.NOT_CONFIGURED, "resource " + resourceId + " is not registered at this node"));
        SourceStore.Configured configured = await(store.find(resourceId)).orElseThrow(() -> new SourceFailure(
                SourceFailure.Reason.NOT_CONFIGURED, "resource " + resourceId + " has no data source configured at this node"));
        SourceConfig source = SourceConfigJson.load(configured.stored());
        if (resource.descriptor().source() != null && resource.descriptor().source() != source.kind()) {
            throw new SourceFailure(SourceFailure.Reason.NOT_CONFIGURED, "resource " + resourceId + " declares source '"
                    + resource.descriptor().source().wire() + "' but its configured source is '" + source.kind().wire() + "'");
        }
        return new Resolved(resource.descriptor(), source, configured.columns());
    }

    /** A data service of this node, with the endpoint configured behind it. */
    public record Service(ResourceDescriptor descriptor, ServiceEndpoint endpoint) {
    }

    /**
     * The endpoint behind data service {@code resourceId}. Blocks: call it on a worker thread.
     *
     * @throws SourceFailure NOT_CONFIGURED if the resource is not a live service here or has no endpoint yet
     */
    public Service service(String resourceId) throws SourceFailure {
        SourceStore.OwnResource resource = await(store.ownResource(resourceId)).orElseThrow(() -> new SourceFailure(
                SourceFailure.Reason.NOT_CONFIGURED, "resource " + resourceId + " is not registered at this node"));
        if (!resource.descriptor().isService()) {
            throw new SourceFailure(SourceFailure.Reason.NOT_CONFIGURED, "resource " + resourceId + " is not a data service");
        }
        SourceStore.Configured configured = await(store.find(resourceId)).orElseThrow(() -> new SourceFailure(
                SourceFailure.Reason.NOT_CONFIGURED, "data service " + resourceId + " has no endpoint configured at this node"));
        SourceConfig source = SourceConfigJson.load(configured.stored());
        if (!(source instanceof ServiceEndpoint endpoint)) {
            throw new SourceFailure(SourceFailure.Reason.NOT_CONFIGURED, "data service " + resourceId
                    + " has a source of kind '" + source.kind().wire() + "' configured, not an endpoint");
        }
        return new Service(resource.descriptor(), endpoint);
    }

    /** A source as configured, with all its columns. */
    RowSource openRaw(SourceConfig source, List<String> columns) {
        if (source instanceof ServiceEndpoint) {
            // A service answers one call at a time; no request may pull it whole as a table.
            throw new SourceFailure(SourceFailure.Reason.NOT_CONFIGURED,
                    "this resource is a data service: it is called under a standing grant, not delivered whole");
        }
        if (source instanceof UploadedFile f) {
            return FileRows.open(file(f.fileName()), f.format(), f.encoding(), columns);
        }
        if (source instanceof HttpApi h) {
            return HttpRows.open(http, h, columns);
        }
        return PgRows.open(vertx, (PostgresTable) source);
    }

    /** Reads an HTTP or PostgreSQL source once: its columns, and for HTTP its record count. */
    FileRows.Scan probe(SourceConfig source) {
        if (source instanceof HttpApi h) {
            return HttpRows.probe(http, h);
        }
        if (source instanceof PostgresTable p) {
            return new FileRows.Scan(PgRows.probe(vertx, p), -1);
        }
        if (source instanceof ServiceEndpoint) {
            // Nothing to read without a caller's parameters: each answer is checked against the fields when it comes.
            return new FileRows.Scan(List.of(), -1);
        }
        throw new IllegalArgumentException("an uploaded file is scanned at upload");
    }

    /** Where uploaded files live: {@code <data dir>/sources}. */
    Path directory() {
        return config.dataDir().resolve("sources");
    }

    Path file(String fileName) {
        return directory().resolve(fileName);
    }

    /** The fields the catalog lists for {@code descriptor} that {@code columns} lack, in descriptor order. */
    static List<String> missingFields(ResourceDescriptor descriptor, List<String> columns) {
        List<String> missing = new ArrayList<>();
        for (DataItem item : descriptor.dataItems()) {
            if (item != null && !columns.contains(item.name())) {
                missing.add(item.name());
            }
        }
        return missing;
    }

    static SourceFailure schemaMismatch(ResourceDescriptor descriptor, List<String> missing, List<String> columns) {
        return new SourceFailure(SourceFailure.Reason.SCHEMA_MISMATCH, "the source lacks "
                + (missing.size() == 1 ? "field " : "fields ") + String.join(", ", missing) + " that the catalog lists for "
                + descriptor.id() + " (the source has " + String.join(", ", columns) + ")");
    }

    private static RowSource project(RowSource raw, ResourceDescriptor descriptor) {
        List<String> columns = raw.schema().columns();
        List<String> missing = missingFields(descriptor, columns);
        if (!missing.isEmpty()) {
            raw.close();
            throw schemaMismatch(descriptor, missing, columns);
        }
        List<String> fields = descriptor.dataItems().stream().map(DataItem::name).toList();
        int[] index = new int[fields.size()];
        for (int i = 0; i < index.length; i++) {
            OptionalInt at = raw.schema().indexOf(fields.get(i));
            index[i] = at.getAsInt();
        }
        RowSchema schema = new RowSchema(fields);
        return new RowSource() {
            @Override
            public RowSchema schema() {
                return schema;
            }

            @Override
            public Optional<Row> next() {
                Optional<Row> row = raw.next();
                if (row.isEmpty()) {
                    return row;
                }
                List<String> values = new ArrayList<>(index.length);
                for (int i : index) {
                    values.add(row.get().get(i));
                }
                return Optional.of(new Row(values));
            }

            @Override
            public void close() {
                raw.close();
            }
        };
    }

    static <T> T await(Uni<T> work) {
        return work.await().atMost(Duration.ofSeconds(30));
    }
}
