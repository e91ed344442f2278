package dev.cascade.policy.mask;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The keyring masking draws its keys from, by the key ids masking specs name
 * ({@code pseudonym(KEY_ID)}, {@code fpe(sm4,KEY_ID)}). The node implements it over its key store;
 * masking never sees where keys live.
 */
@FunctionalInterface
public interface MaskingKeys {

    /** The key with this id, or empty when the keyring has none; masking turns empty into a typed error. */
    Optional<MaskingKey> find(String keyId);

    /** A fixed keyring, for tests and for nodes that load their masking keys once at start. */
    static MaskingKeys of(Map<String, MaskingKey> keys) {
        Map<String, MaskingKey> copy = Map.copyOf(Objects.requireNonNull(keys, "keys"));
        return keyId -> Optional.ofNullable(copy.get(keyId));
    }
}
