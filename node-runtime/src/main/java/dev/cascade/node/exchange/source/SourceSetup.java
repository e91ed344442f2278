package dev.cascade.node.exchange.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.cascade.node.exchange.source.SourceConfig.PostgresTable;
import dev.cascade.node.exchange.source.SourceConfig.UploadedFile;
import dev.cascade.node.problem.ProblemException;
import dev.cascade.protocol.catalog.ResourceDescriptor;
import dev.cascade.protocol.catalog.DataItem;
import dev.cascade.protocol.catalog.SourceKind;
import dev.cascade.protocol.catalog.Violation;

/**
 * What a provider department does with the sources of its resources: configure an HTTP or
 * PostgreSQL source (probed once before it is recorded), upload a file (validated completely before
 * it replaces the previous one), and look at what is configured. All methods block; the REST
 * resource and the upload route call them on worker threads.
 */
@ApplicationScoped
public class SourceSetup {

    private static final Logger LOG = Logger.getLogger(SourceSetup.class);

    @Inject
    SourceStore store;
    @Inject
    DataSources sources;

    /** A refusal because of the configuration's own form: every problem, each naming its field. */
    public static final class InvalidConfig extends RuntimeException {
        private final transient SourceConfigJson.Reading reading;

        InvalidConfig(SourceConfigJson.Reading reading) {
            super(reading.violations().get(0).field() + ": " + reading.violations().get(0).message());
            this.reading = reading;
        }

        public SourceConfigJson.Reading reading() {
            return reading;
        }
    }

    /**
     * Validates {@code body}, probes the source it describes and records it for resource {@code id}
     * owned by {@code dept}.
     *
     * @throws InvalidConfig   the JSON is not a valid configuration
     * @throws SourceFailure   the probe failed, or the source lacks fields the catalog lists
     * @throws ProblemException 404/403 for a resource that is not the department's here, 409 when
     *                          the descriptor declares another kind of source
     */
    public SourceView configure(String id, String dept, JsonNode body) {
        SourceStore.OwnResource resource = DataSources.await(store.ownedBy(id, dept));
        SourceConfigJson.Reading reading = SourceConfigJson.read(body);
        if (!reading.valid()) {
            throw new InvalidConfig(reading);
        }
        SourceConfig config = reading.config();
        requireDeclaredKind(resource.descriptor(), config.kind());
        FileRows.Scan scan = sources.probe(config);
        if (config.kind() != SourceKind.SERVICE) {
            requireFields(resource.descriptor(), scan.columns());
        } else {
            scan = new FileRows.Scan(resource.descriptor().dataItems().stream().map(DataItem::name).toList(), -1);
        }
        if (config instanceof PostgresTable p && p.updateColumn().isPresent() && !scan.columns().contains(p.updateColumn().get())) {
            throw new InvalidConfig(new SourceConfigJson.Reading(null, List.of(new Violation("updateColumn", p.table().orElse("")
                    + " has no column '" + p.updateColumn().get() + "' (it has " + String.join(", ", scan.columns()) + ")"))));
        }
        Optional<Long> count = scan.rowCount() < 0 ? Optional.empty() : Optional.of(scan.rowCount());
        DataSources.await(store.save(id, config, scan.columns(), count, dept)).ifPresent(this::deleteStoredFile);
        return describe(id, dept);
    }

    /** The source of resource {@code id} as its owner may see it; 404 when none is configured. */
    public SourceView describe(String id, String dept) {
        DataSources.await(store.ownedBy(id, dept));
        SourceStore.Configured configured = DataSources.await(store.find(id)).orElseThrow(() -> ProblemException.notFound(
                "resource " + id + " has no data source yet: PUT /api/v1/resources/" + id + "/source or /data"));
        SourceConfig config = SourceConfigJson.load(configured.stored());
        return new SourceView(id, SourceConfigJson.shown(config), configured.columns(), configured.rowCount().orElse(null),
                configured.updatedAt(), configured.updatedBy());
    }

    /** A fresh file to receive an upload into, beside the stored files so that accepting it is one rename. */
    public Path incomingFile() {
        try {
            Path incoming = sources.directory().resolve(".incoming");
            Files.createDirectories(incoming);
            return incoming.resolve(UUID.randomUUID() + ".part");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the upload directory: " + e.getMessage(), e);
        }
    }

    /**
     * Validates a received upload completely and, if every line is valid, makes it the source of
     * {@code resource}; otherwise deletes it and throws the {@link SourceFailure} that names the
     * first bad line. In either case {@code received} no longer exists afterwards.
     *
     * @param declared the encoding the uploader declared, or empty to detect it (UTF-8 if the
     *                 whole file is valid UTF-8, otherwise GBK)
     */
    public SourceView acceptUpload(SourceStore.OwnResource resource, String dept, Path received, FileFormat format,
                                   Optional<TextEncoding> declared) {
        try {
            requireDeclaredKind(resource.descriptor(), SourceKind.UPLOAD);
            TextEncoding encoding = declared.orElse(TextEncoding.UTF_8);
            FileRows.Scan scan;
            try {
                scan = FileRows.scan(received, format, encoding);
            } catch (SourceFailure f) {
                if (declared.isPresent() || f.reason() != SourceFailure.Reason.BAD_ENCODING) {
                    throw f;
                }
                encoding = TextEncoding.GBK;
                scan = FileRows.scan(received, format, encoding);
            }
            requireFields(resource.descriptor(), scan.columns());
            long bytes = Files.size(received);
            String fileName = resource.id() + "-" + UUID.randomUUID() + "." + format.token();
            UploadedFile config = new UploadedFile(format, encoding, fileName, bytes, sha256(received), scan.rowCount());
            Files.move(received, sources.file(fileName), StandardCopyOption.ATOMIC_MOVE);
            try {
                // The row switch is the commit point: until it, exchanges read the previous file.
                DataSources.await(store.save(resource.id(), config, scan.columns(), Optional.of(scan.rowCount()), dept))
                        .ifPresent(this::deleteStoredFile);
            } catch (RuntimeException e) {
                deleteQuietly(sources.file(fileName));
                throw e;
            }
            return describe(resource.id(), dept);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the upload: " + e.getMessage(), e);
        } finally {
            deleteQuietly(received);
        }
    }

    private static void requireDeclaredKind(ResourceDescriptor descriptor, SourceKind kind) {
        if (descriptor.source() != null && descriptor.source() != kind) {
            throw ProblemException.conflict("resource " + descriptor.id() + " declares source '" + descriptor.source().wire()
                    + "' in the catalog, not '" + kind.wire() + "': publish a version declaring '" + kind.wire() + "' first");
        }
    }

    private static void requireFields(ResourceDescriptor descriptor, List<String> columns) {
        List<String> missing = DataSources.missingFields(descriptor, columns);
        if (!missing.isEmpty()) {
            throw DataSources.schemaMismatch(descriptor, missing, columns);
        }
    }

    private void deleteStoredFile(String fileName) {
        deleteQuietly(sources.file(fileName));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("cannot delete %s: %s", file, e.getMessage());
        }
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JVM", e);
        }
    }
}
