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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The symmetric keys a node keeps for exchanges, each in its own owner-only file under
 * {@code DATA_DIR/secrets}, created on first use: the storage key that protects received data at
 * rest, the watermark key, and the masking keys that pack masks name by id. They never leave the
 * node: a masking key lets only its owner re-identify pseudonyms or decrypt FPE values.
 *
 * <p>The storage key can be replaced ({@link StorageKeyRotation}): the next key is written beside
 * the current one ({@code storage-sm4.key.next}) and renamed over it once everything wrapped under
 * the old key was re-wrapped. Whoever wraps something under the key and stores it does both inside
 * {@link #withStorageKey}, so no rotation runs in between and nothing is left under a retired key.
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
    /** Read: the storage key is in use; write: it is being replaced. */
    private final ReentrantReadWriteLock rotation = new ReentrantReadWriteLock();

    public StorageKey storageKey() {
        rotation.readLock().lock();
        try {
            DataSuite suite = suite();
            return StorageKey.restore(suite, material(storageKeyName(), suite.keyBytes()));
        } finally {
            rotation.readLock().unlock();
        }
    }

    /** Wraps and stores under the storage key in one step: a rotation waits for it, and it for a rotation. */
    public void withStorageKey(Consumer<StorageKey> use) {
        rotation.readLock().lock();
        try {
            use.accept(storageKey());
        } finally {
            rotation.readLock().unlock();
        }
    }

    /** Runs a rotation step with every other use of the storage key held off. */
    <T> T exclusively(Supplier<T> step) {
        rotation.writeLock().lock();
        try {
            return step.get();
        } finally {
            rotation.writeLock().unlock();
        }
    }

    /** A fresh storage key, written whole and synced beside the current one; not yet in force. */
    StorageKey prepareNext() {
        DataSuite suite = suite();
        byte[] fresh = new byte[suite.keyBytes()];
        RANDOM.nextBytes(fresh);
        try {
            writeDurably(nextStorageKeyFile(), fresh);
            return StorageKey.restore(suite, fresh);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + nextStorageKeyFile() + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(fresh, (byte) 0);
        }
    }

    /** The key a rotation left beside the current one, if a crash stopped it before the rename. */
    Optional<StorageKey> pendingNext() {
        Path next = nextStorageKeyFile();
        if (!Files.exists(next)) {
            return Optional.empty();
        }
        try {
            byte[] b = Files.readAllBytes(next);
            if (b.length != suite().keyBytes()) {
                return Optional.empty(); // written before its rename made it whole: cannot be the one in use
            }
            return Optional.of(StorageKey.restore(suite(), b));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + next + ": " + e.getMessage(), e);
        }
    }

    /** Puts the next key in force: renamed over the current one, whose bytes are then wiped from memory. */
    void commitNext() {
        Path current = storageKeyFile();
        try {
            Files.move(nextStorageKeyFile(), current, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            syncDirectory(current.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot put " + nextStorageKeyFile() + " in force: " + e.getMessage(), e);
        }
        byte[] retired = loaded.remove(storageKeyName());
        if (retired != null) {
            Arrays.fill(retired, (byte) 0);
        }
    }

    /** Drops a next key that was never put in force. */
    void discardNext() {
        try {
            Files.deleteIfExists(nextStorageKeyFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + nextStorageKeyFile() + ": " + e.getMessage(), e);
        }
    }

    /** A source secret sealed under {@code from}, sealed again under {@code to}. */
    String reseal(String resourceId, String stored, StorageKey from, StorageKey to) {
        byte[] sealed = Base64.getDecoder().decode(stored.substring(SEALED.length()));
        byte[] plain = from.openRecord(sourceContext(resourceId), sealed);
        try {
            return SEALED + Base64.getEncoder().encodeToString(to.sealRecord(sourceContext(resourceId), plain));
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Whether a stored source secret opens under this key. */
    boolean opens(StorageKey key, String resourceId, String stored) {
        try {
            key.openRecord(sourceContext(resourceId), Base64.getDecoder().decode(stored.substring(SEALED.length())));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private DataSuite suite() {
        return DataSuite.following(node.credentials().suite());
    }

    private String storageKeyName() {
        return "storage-" + suite().name().toLowerCase(Locale.ROOT) + ".key";
    }

    Path storageKeyFile() {
        return config.dataDir().resolve("secrets").resolve(storageKeyName());
    }

    Path nextStorageKeyFile() {
        return storageKeyFile().resolveSibling(storageKeyName() + ".next");
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
                byte[] fresh = new byte[length];
                RANDOM.nextBytes(fresh);
                writeDurably(file, fresh);
                return fresh;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read or create " + file + ": " + e.getMessage(), e);
            }
        });
    }

    /** Writes a key file whole or not at all: an owner-only temporary file, synced, then renamed into place. */
    private static void writeDurably(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), ".key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(file.getParent());
    }

    /** A rename is durable once its directory is synced. */
    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
