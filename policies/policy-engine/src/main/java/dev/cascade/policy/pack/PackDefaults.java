package dev.cascade.policy.pack;

import java.time.Duration;

/**
 * What applies to every request before any rule fires. A root pack states all four; a lower pack
 * states those it tightens (null = inherited).
 *
 * @param effect         the effect every decision starts from; rules can only make it stricter
 * @param rowLimit       the most rows a grant may carry
 * @param maxValidity    the longest a grant may last
 * @param maskingProfile the profile every delivery is masked with at least
 */
public record PackDefaults(Effect effect, Long rowLimit, Duration maxValidity, String maskingProfile) {

    public static final PackDefaults NONE = new PackDefaults(null, null, null, null);
}
