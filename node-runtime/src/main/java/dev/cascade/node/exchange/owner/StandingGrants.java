package dev.cascade.node.exchange.owner;

import dev.cascade.node.config.CascadeConfig;
import dev.cascade.proto.exchange.v1.StandingMode;
import dev.cascade.proto.exchange.v1.StandingTerms;
import java.time.Instant;

/** The terms the owner grants a standing request: what was asked, within the policy's validity and the node's limits. */
final class StandingGrants {

    private StandingGrants() {
    }

    /**
     * @param policyEnd the latest end the policy (and the request's window) allows
     * @return the granted terms, or null for a one-off request
     */
    static StandingTerms granted(StandingTerms asked, Instant policyEnd, CascadeConfig.Calls limits) {
        if (asked.getMode() == StandingMode.ONE_OFF) {
            return null;
        }
        long end = policyEnd.toEpochMilli();
        if (asked.getValidUntilMs() > 0) {
            end = Math.min(end, asked.getValidUntilMs());
        }
        StandingTerms.Builder out = StandingTerms.newBuilder().setMode(asked.getMode()).setValidUntilMs(end);
        if (asked.getMode() == StandingMode.SERVICE) {
            long quota = asked.getQuotaPerDay() > 0 ? asked.getQuotaPerDay() : limits.defaultQuotaPerDay();
            int rate = asked.getRatePerSecond() > 0 ? asked.getRatePerSecond() : limits.defaultRatePerSecond();
            out.setQuotaPerDay(Math.min(quota, limits.maxQuotaPerDay())).setRatePerSecond(Math.min(rate, limits.maxRatePerSecond()));
        }
        return out.build();
    }
}
