package dev.cascade.policy.mask;

/**
 * One field's masking function.
 *
 * <p>Every masker built by {@link MaskingFunctions} is immutable and thread-safe: one instance may
 * serve all threads of the delivery pipeline. Those that need a BouncyCastle engine (which keeps
 * per-operation state and is not thread-safe) build it inside each call from the immutable key.
 */
@FunctionalInterface
public interface Masker {

    /**
     * The masked form of {@code value}. {@code null} stays {@code null} and the empty string stays
     * empty, for every function: there is nothing to hide and no form to check.
     *
     * @throws MaskingException when the value cannot be masked as asked; the original value is
     *     never returned in its place
     */
    String mask(String value);
}
