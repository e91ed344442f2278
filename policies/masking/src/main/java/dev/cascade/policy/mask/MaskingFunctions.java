package dev.cascade.policy.mask;

import java.util.Objects;

/**
 * Builds the masking function a {@link MaskSpec} asks for, drawing keys from the node's keyring.
 *
 * <p>Keys are looked up when a masker is built, not per value: a missing or mismatched key fails
 * the policy when it is loaded rather than in the middle of a delivery. A rotated key therefore
 * means building the maskers again. All maskers are immutable and thread-safe.
 *
 * <pre>{@code
 * MaskingFunctions functions = new MaskingFunctions(keyStore::maskingKey);
 * Masker idNumber = functions.masker(MaskSpec.parse("fpe(sm4,id-2025)"));
 * String masked = idNumber.mask("11010519491231002X");
 * }</pre>
 */
public final class MaskingFunctions {

    private final MaskingKeys keys;

    public MaskingFunctions(MaskingKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * The masker for {@code spec}.
     *
     * @throws MaskingException with {@link MaskingException.Reason#UNKNOWN_KEY} or
     *     {@link MaskingException.Reason#KEY_ALGORITHM_MISMATCH} for a keyed spec whose key is
     *     missing or is for another algorithm
     */
    public Masker masker(MaskSpec spec) {
        Objects.requireNonNull(spec, "spec");
        // Java 17 has no pattern switch; MaskingFunctionsTest builds one masker per permitted
        // subtype of MaskSpec, so a new kind of spec cannot go unhandled unnoticed.
        if (spec instanceof MaskSpec.Reveal) {
            return value -> value;
        }
        if (spec instanceof MaskSpec.Suppress) {
            return new Suppression();
        }
        if (spec instanceof MaskSpec.KeepEnds keep) {
            return new EndKeeping(keep.first(), keep.last());
        }
        if (spec instanceof MaskSpec.Generalise generalise) {
            return generalisation(generalise.to());
        }
        if (spec instanceof MaskSpec.Pseudonym pseudonym) {
            return pseudonyms(pseudonym);
        }
        if (spec instanceof MaskSpec.FormatPreserving fpe) {
            return formatPreserving(fpe);
        }
        if (spec instanceof MaskSpec.Hash hash) {
            return new ValueDigest(hash.algorithm());
        }
        throw new IllegalArgumentException("no masking function for '" + spec.text() + "'");
    }

    /** The pseudonym masker with its {@link KeyedPseudonyms#reidentify} for the key holder. */
    public KeyedPseudonyms pseudonyms(MaskSpec.Pseudonym spec) {
        return new KeyedPseudonyms(spec.keyId(), key(spec.text(), spec.keyId()));
    }

    /** The FPE masker with its {@link FormatPreservingCipher#decrypt} for the key holder. */
    public FormatPreservingCipher formatPreserving(MaskSpec.FormatPreserving spec) {
        return new FormatPreservingCipher(spec, key(spec.text(), spec.keyId()));
    }

    private static Masker generalisation(MaskSpec.Generalisation to) {
        return switch (to) {
            case DATE_MONTH, DATE_YEAR -> new DateGeneralisation(to);
            case REGION_PREFECTURE, REGION_PROVINCE -> new RegionGeneralisation(to);
            case AGE_RANGE_5, AGE_RANGE_10, AGE_RANGE_20 -> new AgeGeneralisation(to);
        };
    }

    private MaskingKey key(String function, String keyId) {
        return keys.find(keyId).orElseThrow(() -> new MaskingException(function,
                MaskingException.Reason.UNKNOWN_KEY, "the keyring has no key '" + keyId + "'"));
    }
}
