package dev.cascade.policy.condition;

/** A condition does not compile: CEL's message, with line:column inside the expression. */
public final class ConditionCompileException extends RuntimeException {

    public ConditionCompileException(String message) {
        super(message);
    }
}
