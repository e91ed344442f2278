package dev.cascade.policy.mask;

/** {@code suppress}: the field is delivered empty, whatever it held. */
record Suppression() implements Masker {

    @Override
    public String mask(String value) {
        return value == null ? null : "";
    }
}
