package dev.cascade.policy.condition;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

/**
 * A compiled rule condition: its CEL program, and where the shape allows, a native equivalent
 * (see {@link NativeConditions}) that answers without entering CEL. Immutable and thread-safe.
 */
public final class Condition {

    private final String source;
    private final CelRuntime.Program program;
    private final NativeConditions.Predicate whole;
    private final NativeConditions.Predicate prefilter;

    Condition(String source, CelRuntime.Program program, NativeConditions.Predicate whole,
              NativeConditions.Predicate prefilter) {
        this.source = source;
        this.program = program;
        this.whole = whole;
        this.prefilter = prefilter;
    }

    public String source() {
        return source;
    }

    /** True if the native path answers this condition on its own, without CEL. */
    public boolean fullyNative() {
        return whole != null;
    }

    /** True if some top-level conjunct is answered natively and can spare a CEL evaluation. */
    public boolean hasNativePrefilter() {
        return prefilter != null;
    }

    /**
     * Evaluates the condition.
     *
     * @param nativeFastPath false to always evaluate through CEL (differential tests, benchmarks)
     * @throws ConditionEvaluationException if CEL reports an error (e.g. an index out of range)
     */
    public boolean test(Facts facts, boolean nativeFastPath) {
        if (nativeFastPath) {
            if (whole != null) {
                return whole.test(facts);
            }
            if (prefilter != null && !prefilter.test(facts)) {
                return false;
            }
        }
        Object result;
        try {
            result = program.eval(facts);
        } catch (CelEvaluationException e) {
            throw new ConditionEvaluationException(e.getMessage(), e);
        }
        if (result instanceof Boolean b) {
            return b;
        }
        // The checker insists on a bool result; anything else would be a CEL defect.
        throw new ConditionEvaluationException("condition yielded " + result + " instead of a bool", null);
    }

    @Override
    public String toString() {
        return source;
    }
}
