package dev.cascade.node.exchange.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cascade.node.exchange.ExchangeWire;
import dev.cascade.node.identity.AuthorKeys;
import dev.cascade.node.identity.LocalNode;
import dev.cascade.proto.exchange.v1.ExchangeFrame;
import dev.cascade.proto.exchange.v1.GrantBody;
import dev.cascade.protocol.region.RegionCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for an exchange frame as a tier link receives it at the province 440000: the gRPC
 * layer reads the {@link ExchangeFrame} (its own refusal when that fails), then {@link FrameCheck}
 * reads the signed request, update, receipt or halt notice — body, author chain, regions, direction, route —
 * and the grant an update carries is read by {@link ExchangeWire#grant}. The first byte names the
 * peer (odd: the child 440100, even: the national node); the rest is the frame.
 *
 * <p>A clear refusal is an empty arrival with exactly one recorded reason, or
 * {@link ExchangeWire.Malformed}; an arrival records none. Anything else is a finding. The signature
 * check that follows ({@link FrameCheck#authentic}) needs the node's trust store and is left to the
 * chain targets of cascade-protocol.
 */
@Tag("fuzz")
class ExchangeFrameFuzzTest {

    private static final RegionCode SELF = RegionCode.parse("440000");
    private static final RegionCode CHILD = RegionCode.parse("440100");

    /** The refusals FrameCheck records, kept instead of logged and written to the ledger. */
    private static final class Refusals extends FrameRefusals {
        final List<String> reasons = new ArrayList<>();

        @Override
        public void refuse(RegionCode peer, String exchangeId, String why) {
            reasons.add(why);
        }
    }

    private static final class Province extends LocalNode {
        @Override
        public RegionCode region() {
            return SELF;
        }
    }

    @FuzzTest
    @Timeout(10)
    void a_frame_arrives_or_is_refused_with_one_reason(byte[] input) throws ExchangeWire.Malformed {
        if (input.length == 0) {
            return;
        }
        RegionCode peer = (input[0] & 1) == 1 ? CHILD : RegionCode.NATIONAL;
        ExchangeFrame frame;
        try {
            frame = ExchangeFrame.parseFrom(Arrays.copyOfRange(input, 1, input.length));
        } catch (InvalidProtocolBufferException refusedByGrpc) {
            return;
        }
        Refusals refusals = new Refusals();
        FrameCheck check = new FrameCheck();
        check.node = new Province();
        check.authors = new AuthorKeys();
        check.refusals = refusals;
        Optional<? extends FrameCheck.Arrival<?>> arrival = switch (frame.getKindCase()) {
            case REQUEST -> check.request(peer, frame.getRequest());
            case UPDATE -> check.update(peer, frame.getUpdate());
            case RECEIPT -> check.receipt(peer, frame.getReceipt());
            case HALT -> check.halt(peer, frame.getHalt());
            default -> null;
        };
        if (arrival == null) {
            return;
        }
        if (arrival.isEmpty()) {
            assertThat(refusals.reasons).hasSize(1);
            assertThat(refusals.reasons.get(0)).isNotBlank();
            return;
        }
        assertThat(refusals.reasons).isEmpty();
        assertThat(ExchangeWire.exchangeId(arrival.get().id())).isEqualTo(arrival.get().id());
        if (frame.hasUpdate()) {
            readGrant(frame);
        }
    }

    private static void readGrant(ExchangeFrame frame) {
        try {
            GrantBody grant = ExchangeWire.grant(ExchangeWire.update(frame.getUpdate().getBody()).getGrant().getBody());
            assertThat(grant).isNotNull();
        } catch (ExchangeWire.Malformed refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
