package dev.cascade.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.policy.inherit.EffectivePack;
import dev.cascade.policy.inherit.PackRule;
import dev.cascade.policy.pack.PolicyPack;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.catalog.Scope;
import dev.cascade.protocol.catalog.SharingType;
import dev.cascade.protocol.region.RegionCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The shipped packs decide alike whether conditions run natively or through CEL, over random
 * requests; and the shipped rules stay on the fast path (a rule falling off it is a performance
 * regression worth noticing).
 */
class EvaluationPathsTest {

    static final String[] LABELS = {null, "身份证号", "手机号", "mobile", "bank-card", "姓名", "医保卡号", "护照号码",
            "birth-date"};
    static final String[] REGIONS = {"100000", "440000", "440100", "440300", "320000", "320100", "430000"};
    static final String[] CATEGORIES = {"population", "health", "public-safety", "economy", "unknown"};

    static EffectivePack shipped(String... names) {
        List<PolicyPack> chain = new ArrayList<>();
        for (String name : names) {
            Path file = Path.of("..", "packs", name, "pack.yaml");
            try {
                chain.add(PolicyPack.parse(Files.readAllBytes(file), file.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return EffectivePack.compose(chain);
    }

    static <T> T pick(Random random, T[] values) {
        return values[random.nextInt(values.length)];
    }

    @Test
    void bothPathsDecideAlikeOnTheShippedPacks() {
        for (EffectivePack pack : List.of(shipped("national-baseline"), shipped("national-baseline", "guangdong-example"))) {
            PolicyEngine fast = new PolicyEngine(pack, PolicyEngine.Evaluation.NATIVE_FAST_PATH);
            PolicyEngine cel = new PolicyEngine(pack, PolicyEngine.Evaluation.CEL_ONLY);
            Random random = new Random(7);
            Set<Class<?>> outcomes = new java.util.HashSet<>();
            for (int i = 0; i < 800; i++) {
                List<ResourceField> fields = new ArrayList<>();
                int n = 1 + random.nextInt(4);
                for (int f = 0; f < n; f++) {
                    fields.add(new ResourceField("f" + f, pick(random, DataLevel.values()), pick(random, LABELS)));
                }
                PolicyResource resource = new PolicyResource("r" + i, pick(random, CATEGORIES),
                        pick(random, DataLevel.values()), pick(random, SharingType.values()), pick(random, Scope.values()),
                        RegionCode.parse(pick(random, REGIONS)), fields);
                Requester requester = new Requester("d", RegionCode.parse(pick(random, REGIONS)),
                        random.nextBoolean() ? List.of() : List.of("analyst"), pick(random, DataLevel.values()));
                AccessRequest request = new AccessRequest(random.nextInt(10) == 0 ? "" : "purpose",
                        random.nextBoolean() ? List.of() : List.of("f0"), random.nextBoolean() ? "" : "law",
                        random.nextInt(3) * 4000L, null);
                DecisionContext context = DecisionContext.of(requester, resource,
                        Instant.parse("2026-03-02T00:00:00Z").plusSeconds(3600L * random.nextInt(24)));

                Decision viaCel = cel.decide(request, resource, context);
                assertThat(fast.decide(request, resource, context)).as("sample %d", i).isEqualTo(viaCel);
                outcomes.add(viaCel.getClass());
            }
            assertThat(outcomes).containsExactlyInAnyOrder(Decision.Permit.class, Decision.NeedsApproval.class,
                    Decision.Deny.class);
        }
    }

    @Test
    void theShippedRulesStayOnTheFastPath() {
        List<PackRule> rules = shipped("national-baseline", "guangdong-example").rules();

        List<String> notFullyNative = rules.stream().filter(r -> !r.rule().when().fullyNative())
                .map(r -> r.rule().id()).collect(Collectors.toList());

        assertThat(notFullyNative).isEmpty();
    }
}
