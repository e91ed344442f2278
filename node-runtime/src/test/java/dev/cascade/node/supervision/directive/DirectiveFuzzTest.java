package dev.cascade.node.supervision.directive;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cascade.proto.supervision.v1.DirectiveBody;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.region.RegionCode;
import dev.cascade.protocol.supervision.Directive;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for a directive as a node reads it from its parent's set, once its signature passed:
 * the body is read into a {@link Directive} or refused as malformed, and a directive that was read
 * answers who may issue it, where it holds, which subtrees it concerns and what it stops, without
 * an exception. A clear refusal is an empty parse or a stated refusal.
 */
@Tag("fuzz")
class DirectiveFuzzTest {

    private static final RegionCode GUANGZHOU = RegionCode.parse("440100");
    private static final RegionCode GUANGDONG = RegionCode.parse("440000");

    @FuzzTest
    @Timeout(10)
    void a_directive_is_read_or_refused(byte[] input) {
        DirectiveBody body;
        try {
            body = DirectiveBody.parseFrom(input);
        } catch (InvalidProtocolBufferException refusedByGrpc) {
            return;
        }
        Optional<Directive> parsed = DirectiveBook.parse(body);
        if (parsed.isEmpty()) {
            return;
        }
        Directive d = parsed.get();
        d.refusal().ifPresent(r -> assertThat(r).isNotBlank());
        d.holdsAt(GUANGZHOU);
        d.concernsSubtreeOf(GUANGDONG);
        d.stops(GUANGZHOU, new Directive.ExchangeParties(GUANGZHOU, "gz-health", RegionCode.NATIONAL, Optional.of("nat-stats"),
                "3.01.001.002-000017", Optional.of(DataLevel.L3)));
        assertThat(d.describe()).contains(d.id());
    }
}
