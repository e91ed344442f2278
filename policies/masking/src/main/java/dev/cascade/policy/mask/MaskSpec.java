package dev.cascade.policy.mask;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.Function;

/**
 * What a masking profile asks for one field, in the compact text form policy packs use:
 * {@code reveal}, {@code suppress}, {@code keep(3,4)}, {@code generalise(date-month)},
 * {@code pseudonym(KEY_ID)}, {@code fpe(sm4,KEY_ID)}, {@code hash(sm3)}.
 *
 * <p>Packs inherit down the tiers and may only tighten, so every spec can be compared with the one
 * it replaces: {@link #atLeastAsStrongAs} is that comparison. Ranks order the kinds by how much of
 * the value a recipient can still learn; within a kind the parameters decide.
 */
public sealed interface MaskSpec {

    /** Higher rank = less of the original value reaches the recipient. */
    int rank();

    /** The canonical text form, parseable by {@link #parse}. */
    String text();

    /** True when this spec reveals no more than {@code other}; a lower tier may replace other by this. */
    default boolean atLeastAsStrongAs(MaskSpec other) {
        if (rank() != other.rank()) {
            return rank() > other.rank();
        }
        return sameRankAtLeastAsStrong(other);
    }

    /** Comparison within one rank; kinds of one rank that cannot be compared answer false. */
    boolean sameRankAtLeastAsStrong(MaskSpec other);

    /** The value leaves unchanged. */
    record Reveal() implements MaskSpec {
        public int rank() { return 0; }
        public String text() { return "reveal"; }
        public boolean sameRankAtLeastAsStrong(MaskSpec other) { return other instanceof Reveal; }
    }

    /** Keeps the first {@code first} and last {@code last} characters, replaces the rest with '*'. */
    record KeepEnds(int first, int last) implements MaskSpec {
        public KeepEnds {
            if (first < 0 || last < 0) {
                throw new IllegalArgumentException("keep(first,last) needs non-negative counts");
            }
        }
        public int rank() { return 1; }
        public String text() { return "keep(" + first + "," + last + ")"; }
        public boolean sameRankAtLeastAsStrong(MaskSpec other) {
            return other instanceof KeepEnds k && first <= k.first && last <= k.last;
        }
    }

    /** Replaces a value by a coarser one of the same kind (a month for a date, a province for a region). */
    record Generalise(Generalisation to) implements MaskSpec {
        public Generalise {
            Objects.requireNonNull(to, "to");
        }
        public int rank() { return 1; }
        public String text() { return "generalise(" + to.token() + ")"; }
        public boolean sameRankAtLeastAsStrong(MaskSpec other) {
            return other instanceof Generalise g && to.atLeastAsCoarseAs(g.to);
        }
    }

    /** Format-preserving encryption (FF1); reversible by the holder of key {@code keyId} only. */
    record FormatPreserving(FpeCipher cipher, String keyId) implements MaskSpec {
        public FormatPreserving {
            Objects.requireNonNull(cipher, "cipher");
            requireKeyId(keyId);
        }
        public int rank() { return 3; }
        public String text() { return "fpe(" + cipher.token() + "," + keyId + ")"; }
        public boolean sameRankAtLeastAsStrong(MaskSpec other) { return other instanceof FormatPreserving; }
    }

    /** Keyed pseudonym (HMAC-SM3): stable per key, linkable to a value only by the key holder. */
    record Pseudonym(String keyId) implements MaskSpec {
        public Pseudonym {
            requireKeyId(keyId);
        }
        public int rank() { return 4; }
        public String text() { return "pseudonym(" + keyId + ")"; }
        public boolean sameRankAtLeastAsStrong(MaskSpec other) { return other instanceof Pseudonym; }
    }

    /**
     * Unkeyed digest of the value. Ranked below the keyed kinds: anyone can hash every candidate of
     * a low-entropy field (a mobile number, an ID number) and so reverse it.
     */
    record Hash(HashAlgorithm algorithm) implements MaskSpec {
        public Hash {
            Objects.requireNonNull(algorithm, "algorithm");
        }
        public int rank() { return 2; }
        public String text() { return "hash(" + algorithm.token() + ")"; }
        public boolean sameRankAtLeastAsStrong(MaskSpec other) { return other instanceof Hash; }
    }

    /** The field is delivered empty. */
    record Suppress() implements MaskSpec {
        public int rank() { return 5; }
        public String text() { return "suppress"; }
        public boolean sameRankAtLeastAsStrong(MaskSpec other) { return other instanceof Suppress; }
    }

    /** Coarser forms a value can be generalised to; each belongs to one family of values. */
    enum Generalisation {
        DATE_MONTH("date-month", "date", 1),
        DATE_YEAR("date-year", "date", 2),
        REGION_PREFECTURE("region-prefecture", "region", 1),
        REGION_PROVINCE("region-province", "region", 2),
        AGE_RANGE_5("age-5", "age", 1),
        AGE_RANGE_10("age-10", "age", 2),
        AGE_RANGE_20("age-20", "age", 3);

        private final String token;
        private final String family;
        private final int coarseness;

        Generalisation(String token, String family, int coarseness) {
            this.token = token;
            this.family = family;
            this.coarseness = coarseness;
        }

        public String token() { return token; }

        public String family() { return family; }

        boolean atLeastAsCoarseAs(Generalisation other) {
            return family.equals(other.family) && coarseness >= other.coarseness;
        }

        static Generalisation ofToken(String token) {
            return byToken(values(), Generalisation::token, token, "unknown generalisation '" + token + "'");
        }
    }

    /** Block ciphers FF1 runs over: SM4 in the gm suite, AES in the intl suite. */
    enum FpeCipher {
        SM4("sm4"), AES("aes");

        private final String token;

        FpeCipher(String token) { this.token = token; }

        public String token() { return token; }

        static FpeCipher ofToken(String token) {
            return byToken(values(), FpeCipher::token, token, "unknown FPE cipher '" + token + "' (sm4 or aes)");
        }
    }

    /** Digests for {@link Hash}. */
    enum HashAlgorithm {
        SM3("sm3"), SHA256("sha256");

        private final String token;

        HashAlgorithm(String token) { this.token = token; }

        public String token() { return token; }

        static HashAlgorithm ofToken(String token) {
            return byToken(values(), HashAlgorithm::token, token, "unknown hash '" + token + "' (sm3 or sha256)");
        }
    }

    /** The constant whose token is {@code token}, else an error with {@code unknown} as its message. */
    private static <E> E byToken(E[] constants, Function<E, String> tokenOf, String token, String unknown) {
        for (E e : constants) {
            if (tokenOf.apply(e).equals(token)) {
                return e;
            }
        }
        throw new IllegalArgumentException(unknown);
    }

    Pattern CALL = Pattern.compile("([a-z]+)(?:\\(([^()]*)\\))?");
    Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** Parses the text form; a malformed spec is an {@link IllegalArgumentException} naming what is wrong. */
    static MaskSpec parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = CALL.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("malformed masking spec '" + text + "'");
        }
        String name = m.group(1);
        String[] args = m.group(2) == null || m.group(2).isBlank()
                ? new String[0] : m.group(2).split("\\s*,\\s*");
        // Key ids keep their case: re-read them from the original text.
        String[] rawArgs = args.length == 0 ? args
                : text.strip().substring(text.indexOf('(') + 1, text.lastIndexOf(')')).strip().split("\\s*,\\s*");
        switch (name) {
            case "reveal":
                arity(text, args, 0);
                return new Reveal();
            case "suppress":
                arity(text, args, 0);
                return new Suppress();
            case "keep":
                arity(text, args, 2);
                try {
                    return new KeepEnds(Integer.parseInt(args[0]), Integer.parseInt(args[1]));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("keep(first,last) needs two numbers in '" + text + "'");
                }
            case "generalise":
            case "generalize":
                arity(text, args, 1);
                return new Generalise(Generalisation.ofToken(args[0]));
            case "pseudonym":
                arity(text, args, 1);
                return new Pseudonym(rawArgs[0]);
            case "fpe":
                arity(text, args, 2);
                return new FormatPreserving(FpeCipher.ofToken(args[0]), rawArgs[1]);
            case "hash":
                arity(text, args, 1);
                return new Hash(HashAlgorithm.ofToken(args[0]));
            default:
                throw new IllegalArgumentException("unknown masking function '" + name + "' in '" + text + "'");
        }
    }

    private static void arity(String text, String[] args, int expected) {
        if (args.length != expected) {
            throw new IllegalArgumentException("'" + text + "' takes " + expected + " argument(s), got " + args.length);
        }
    }

    private static void requireKeyId(String keyId) {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new IllegalArgumentException("key id must be 1-64 of [A-Za-z0-9_.-], got '" + keyId + "'");
        }
    }
}
