package dev.cascade.protocol.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExchangeStateTest {

    @Test
    void the_happy_path_moves_forward_one_state_at_a_time() {
        assertThat(ExchangeState.REQUESTED.next()).contains(ExchangeState.PENDING_APPROVAL, ExchangeState.GRANTED);
        assertThat(ExchangeState.PENDING_APPROVAL.next()).contains(ExchangeState.GRANTED);
        assertThat(ExchangeState.GRANTED.next()).contains(ExchangeState.DELIVERING);
        assertThat(ExchangeState.DELIVERING.next()).contains(ExchangeState.DELIVERED);
        assertThat(ExchangeState.DELIVERED.next()).contains(ExchangeState.CLOSED);
        assertThat(ExchangeState.CLOSED.next()).containsExactly(ExchangeState.CONFIRMED);
    }

    @Test
    void no_state_leads_back_but_a_suspension_lifted_and_terminal_states_lead_nowhere() {
        for (ExchangeState s : ExchangeState.values()) {
            assertThat(s.canReach(s)).as(s.name()).isFalse();
            for (ExchangeState t : s.next()) {
                boolean lifted = s == ExchangeState.GRANTED && t == ExchangeState.SUSPENDED
                        || s == ExchangeState.SUSPENDED && t == ExchangeState.GRANTED;
                assertThat(t.canReach(s)).as(t + " back to " + s).isEqualTo(lifted);
            }
            if (s.terminal()) {
                assertThat(s.next()).as(s.name()).isEmpty();
            }
        }
    }

    @Test
    void a_relay_may_skip_states_it_never_saw() {
        assertThat(ExchangeState.REQUESTED.canReach(ExchangeState.CLOSED)).isTrue();
        assertThat(ExchangeState.DELIVERING.canReach(ExchangeState.CLOSED)).isTrue();
        assertThat(ExchangeState.GRANTED.canReach(ExchangeState.DENIED)).isFalse();
        assertThat(ExchangeState.CLOSED.canReach(ExchangeState.FAILED)).isFalse();
    }

    @Test
    void a_delivery_whose_receipt_never_reached_the_owner_can_still_end_expired() {
        assertThat(ExchangeState.DELIVERING.canReach(ExchangeState.EXPIRED)).isTrue();
        assertThat(ExchangeState.DELIVERED.canReach(ExchangeState.EXPIRED)).isTrue();
        assertThat(ExchangeState.CLOSED.canReach(ExchangeState.EXPIRED)).isFalse();
    }

    @Test
    void a_standing_grant_is_suspended_lifted_or_revoked_but_never_delivered_after_revocation() {
        assertThat(ExchangeState.GRANTED.canReach(ExchangeState.SUSPENDED)).isTrue();
        assertThat(ExchangeState.SUSPENDED.canReach(ExchangeState.GRANTED)).isTrue();
        assertThat(ExchangeState.SUSPENDED.canReach(ExchangeState.REVOKED)).isTrue();
        assertThat(ExchangeState.SUSPENDED.canReach(ExchangeState.EXPIRED)).isTrue();
        assertThat(ExchangeState.REVOKED.terminal()).isTrue();
        assertThat(ExchangeState.REVOKED.canReach(ExchangeState.GRANTED)).isFalse();
        assertThat(ExchangeState.DELIVERING.canReach(ExchangeState.SUSPENDED)).isFalse();
    }

    @Test
    void wire_codes_are_unique_and_round_trip() {
        assertThat(Arrays.stream(ExchangeState.values()).map(ExchangeState::code).distinct().count())
                .isEqualTo(ExchangeState.values().length);
        for (ExchangeState s : ExchangeState.values()) {
            assertThat(ExchangeState.ofCode(s.code())).contains(s);
        }
        assertThat(ExchangeState.ofCode(0)).isEmpty();
    }
}
