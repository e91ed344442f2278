package dev.cascade.policy.condition;

/** A condition failed at run time; the engine answers such a rule with a deny (fail closed). */
public final class ConditionEvaluationException extends RuntimeException {

    public ConditionEvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
