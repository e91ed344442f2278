package dev.cascade.node.exchange.owner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.node.exchange.ExchangeRole;
import dev.cascade.node.exchange.store.ExchangeRecord;
import dev.cascade.node.exchange.store.SubscriptionStore.Subscription;
import dev.cascade.proto.exchange.v1.RequestBody;
import dev.cascade.proto.exchange.v1.StandingMode;
import dev.cascade.proto.exchange.v1.StandingTerms;
import dev.cascade.protocol.exchange.ExchangeState;
import dev.cascade.protocol.region.RegionCode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncrementCheckTest {

    static final String SUB = "6f1c2a4e-0000-4000-8000-000000000001";
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    static final RequestBody SUBSCRIBED = RequestBody.newBuilder().setExchangeId(SUB).setConsumerDepartment("gz-health")
            .setResourceId("3.01.001.002-000101").addAllFields(List.of("name", "amount"))
            .setStanding(StandingTerms.newBuilder().setMode(StandingMode.SUBSCRIPTION)).build();

    static ExchangeRecord record(String id, ExchangeState state, String consumer, String dept, String resource) {
        return new ExchangeRecord(id, ExchangeRole.OWNER, state, RegionCode.parse(consumer), dept, RegionCode.parse("320100"),
                resource, "行政审批核验", new byte[0], new byte[0], new byte[0], new byte[0], 1, null, null, null,
                state == ExchangeState.REVOKED ? "unsubscribed by gz-health at 440100" : null, null, null,
                NOW.plusSeconds(3600), null, null, null, null, null, null, null, NOW, NOW);
    }

    static Optional<IncrementCheck.Held> held(ExchangeState state, long announced, long settled) {
        return Optional.of(new IncrementCheck.Held(record(SUB, state, "440100", "gz-health", "3.01.001.002-000101"), SUBSCRIBED,
                Optional.of(new Subscription(SUB, ExchangeRole.OWNER, Optional.of("2026-12-07T09:00:00Z"), announced, settled,
                        null, state))));
    }

    static RequestBody increment(long n) {
        return SUBSCRIBED.toBuilder().setExchangeId("6f1c2a4e-0000-4000-8000-000000000002").clearStanding()
                .setSubscriptionId(SUB).setIncrement(n).build();
    }

    static final ExchangeRecord ASKING = record("6f1c2a4e-0000-4000-8000-000000000002", ExchangeState.REQUESTED, "440100",
            "gz-health", "3.01.001.002-000101");

    @Test
    void theAnnouncedIncrementOfAGrantedSubscriptionOfTheSameDepartmentPasses() {
        assertThat(IncrementCheck.refusal(held(ExchangeState.GRANTED, 2, 1), ASKING, increment(2), NOW)).isEmpty();
    }

    @Test
    void anIncrementNotAnnouncedOrAlreadySettledIsRefused() {
        assertThat(IncrementCheck.refusal(held(ExchangeState.GRANTED, 2, 1), ASKING, increment(3), NOW))
                .contains("increment 3 of subscription " + SUB + " is not the one awaited (increment 2 is)");
        assertThat(IncrementCheck.refusal(held(ExchangeState.GRANTED, 2, 2), ASKING, increment(2), NOW))
                .contains("increment 2 of subscription " + SUB + " is not the one awaited (none is announced)");
    }

    @Test
    void anotherDepartmentOrRegionCannotTakeIncrementsOfTheSubscription() {
        ExchangeRecord other = record(ASKING.id(), ExchangeState.REQUESTED, "440100", "gz-archive", ASKING.resourceId());
        assertThat(IncrementCheck.refusal(held(ExchangeState.GRANTED, 1, 0), other, increment(1), NOW))
                .contains("subscription " + SUB + " belongs to gz-health at 440100, not gz-archive at 440100");
        ExchangeRecord elsewhere = record(ASKING.id(), ExchangeState.REQUESTED, "440300", "gz-health", ASKING.resourceId());
        assertThat(IncrementCheck.refusal(held(ExchangeState.GRANTED, 1, 0), elsewhere, increment(1), NOW)).isPresent();
    }

    @Test
    void otherFieldsOrAnotherResourceAreNotTheSubscriptions() {
        RequestBody wider = increment(1).toBuilder().addFields("id_no").build();
        assertThat(IncrementCheck.refusal(held(ExchangeState.GRANTED, 1, 0), ASKING, wider, NOW)).get().asString()
                .contains("is for resource 3.01.001.002-000101 with fields [name, amount]");
    }

    @Test
    void aRevokedOrEndedSubscriptionDeliversNoIncrementButItsCancelIsAnswered() {
        assertThat(IncrementCheck.refusal(held(ExchangeState.REVOKED, 1, 0), ASKING, increment(1), NOW))
                .contains("subscription " + SUB + " is REVOKED (unsubscribed by gz-health at 440100)");
        assertThat(IncrementCheck.refusal(held(ExchangeState.GRANTED, 1, 0), ASKING, increment(1), NOW.plusSeconds(7200)))
                .get().asString().startsWith("subscription " + SUB + " ended at ");
        RequestBody cancel = increment(0).toBuilder().setCancel(true).build();
        assertThat(IncrementCheck.refusal(held(ExchangeState.REVOKED, 1, 0), ASKING, cancel, NOW)).isEmpty();
    }

    @Test
    void aOneOffExchangeOrAnUnknownIdIsNoSubscription() {
        Optional<IncrementCheck.Held> oneOff = Optional.of(new IncrementCheck.Held(held(ExchangeState.GRANTED, 1, 0).get().record(),
                SUBSCRIBED.toBuilder().clearStanding().build(), Optional.empty()));
        assertThat(IncrementCheck.refusal(oneOff, ASKING, increment(1), NOW)).contains("exchange " + SUB + " is not a subscription");
        assertThat(IncrementCheck.refusal(Optional.empty(), ASKING, increment(1), NOW))
                .contains("no subscription " + SUB + " at 320100");
    }
}
