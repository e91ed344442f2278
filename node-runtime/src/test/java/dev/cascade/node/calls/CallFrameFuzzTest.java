package dev.cascade.node.calls;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.cascade.proto.exchange.v1.CallBody;
import dev.cascade.proto.exchange.v1.ServiceAnswer;
import dev.cascade.protocol.catalog.ServiceArguments;
import dev.cascade.protocol.catalog.ServiceInterface;
import dev.cascade.protocol.catalog.ServiceParameter;
import dev.cascade.protocol.envelope.CallKey;
import dev.cascade.protocol.envelope.ExchangeId;
import dev.cascade.protocol.trust.CertificateAuthority;
import dev.cascade.protocol.trust.KeySuite;
import dev.cascade.protocol.trust.NodeCredentials;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for what a service call puts in front of its two ends: the answer frame the consumer
 * node reads from its link (it opens under the grant's key or is refused with a status, and bytes
 * nobody sealed never read as a result), and the call body the owner reads once it opened (its
 * parameters pass the service's declaration or every problem is named).
 */
@Tag("fuzz")
class CallFrameFuzzTest {

    private static final NodeCredentials CONSUMER = CertificateAuthority.initNational(KeySuite.GM, Clock.systemUTC());
    private static final String GRANT = "0b7c1c1e-1d4a-4e5f-8a9b-0c1d2e3f4a5b";
    private static final CallKey KEY = CallKey.freshFor(CONSUMER.appCertificate(), new ExchangeId(GRANT));
    private static final Set<Integer> STATUSES = Set.of(400, 403, 404, 429, 502, 503, 504);
    private static final ServiceInterface ID_CHECK = new ServiceInterface(List.of(
            new ServiceParameter("id_no", "身份证号", true, "^[0-9]{17}[0-9X]$"),
            new ServiceParameter("name", "姓名", true, null)));

    @FuzzTest
    @Timeout(10)
    void an_answer_opens_or_is_refused_with_a_status(byte[] input) {
        ServiceAnswer answer;
        try {
            answer = ServiceAnswer.parseFrom(input);
        } catch (InvalidProtocolBufferException refusedByGrpc) {
            return;
        }
        CallResult result = AnswerOpening.open(KEY, answer, "440100");
        assertThat(result).isInstanceOfSatisfying(CallResult.Refused.class, r -> {
            assertThat(STATUSES).contains(r.status());
            assertThat(r.reason()).isNotBlank();
            assertThat(r.outcome()).isNotBlank();
        });
    }

    @FuzzTest
    @Timeout(10)
    void a_call_body_reads_and_its_parameters_pass_or_are_named(byte[] input) {
        CallBody body;
        try {
            body = CallBody.parseFrom(input);
        } catch (InvalidProtocolBufferException refusedByGrpc) {
            return;
        }
        ServiceArguments.Checked checked = ServiceArguments.check(ID_CHECK, body.getParamsMap());
        if (checked instanceof ServiceArguments.Valid valid) {
            assertThat(valid.values().keySet()).containsExactly("id_no", "name");
            assertThat(valid.values().get("id_no")).matches("^[0-9]{17}[0-9X]$");
            assertThat(valid.values().get("name")).doesNotContainPattern("\\p{Cntrl}");
        } else {
            assertThat(((ServiceArguments.Invalid) checked).problems()).isNotEmpty().allSatisfy(p -> assertThat(p).contains("parameter '"));
        }
    }
}
