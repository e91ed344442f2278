package dev.cascade.node.exchange.store;

import dev.cascade.node.config.CascadeConfig;
import dev.cascade.node.exchange.source.SecretsAtRest;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.policy.mask.MaskingKey;
import dev.cascade.protocol.envelope.DataSuite;
import dev.cascade.protocol.envelope.StorageKey;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The symmetric keys a node keeps for exchanges, each in its own owner-only file under
 * {@code DATA_DIR/secrets}, created on first use: the storage key that protects received data at
 * rest, the watermark key, and the masking keys that pack masks name by id. They never leave the
 * node: a masking key lets only its owner re-identify pseudonyms or decrypt FPE values.
 */
@Singleton
public class NodeSecrets implements SecretsAtRest {

    /** Prefix of a sealed source secret: base64 of {@link StorageKey#sealRecord} follows. */
    static final String SEALED = "sealed:v1:";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern KEY_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    @Inject
    CascadeConfig config;
    @Inject
    LocalNode node;

    private final Map<String, byte[]> loaded = new ConcurrentHashMap<>();

    public StorageKey storageKey() {
        DataSuite suite = DataSuite.following(node.credentials().suite());
        return StorageKey.restore(suite, material("storage-" + suite.name().toLowerCase(Locale.ROOT) + ".key", suite.keyBytes()));
    }

    @Override
    public String seal(String resourceId, String secretsJson) {
        return SEALED + Base64.getEncoder().encodeToString(
                storageKey().sealRecord(sourceContext(resourceId), secretsJson.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String open(String resourceId, String stored) {
        if (!isSealed(stored)) {
            return stored;
        }
        byte[] sealed;
        try {
            sealed = Base64.getDecoder().decode(stored.substring(SEALED.length()));
        } catch (IllegalArgumentException e) {
            sealed = new byte[0]; // refused below like any other damaged record
        }
        return new String(storageKey().openRecord(sourceContext(resourceId), sealed), StandardCharsets.UTF_8);
    }

    @Override
    public boolean isSealed(String stored) {
        return stored.startsWith(SEALED);
    }

    private static String sourceContext(String resourceId) {
        return "data_source.secrets/" + resourceId;
    }

    public byte[] watermarkKey() {
        return material("watermark.key", 32).clone();
    }

    /** The masking key with this id for this algorithm, created on first use. */
    public MaskingKey masking(String keyId, MaskingKey.Algorithm algorithm) {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("'" + keyId + "' is not a masking key id");
        }
        int bytes = algorithm == MaskingKey.Algorithm.FF1_SM4 ? 16 : 32;
        return MaskingKey.of(algorithm, material("masking-" + keyId + "." + algorithm.name().toLowerCase(Locale.ROOT), bytes));
    }

    private byte[] material(String name, int length) {
        return loaded.computeIfAbsent(name, n -> {
            Path file = config.dataDir().resolve("secrets").resolve(n);
            try {
                if (Files.exists(file)) {
                    byte[] b = Files.readAllBytes(file);
                    if (b.length != length) {
                        throw new IllegalStateException(file + " holds " + b.length + " bytes, not " + length);
                    }
                    return b;
                }
                Files.createDirectories(file.getParent());
                byte[] fresh = new byte[length];
                RANDOM.nextBytes(fresh);
                Path tmp = Files.createTempFile(file.getParent(), ".key", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.write(tmp, fresh, StandardOpenOption.WRITE);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                return fresh;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
            }
        });
    }
}
