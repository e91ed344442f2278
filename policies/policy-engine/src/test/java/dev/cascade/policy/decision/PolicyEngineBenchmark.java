package dev.cascade.policy.decision;

import dev.cascade.policy.inherit.EffectivePack;
import dev.cascade.policy.pack.PolicyPack;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.catalog.Scope;
import dev.cascade.protocol.catalog.SharingType;
import dev.cascade.protocol.region.RegionCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decisions per second on one thread, one decision per operation, under a shipped effective pack
 * (the national baseline alone, or with the Guangdong pack below it: 15 rules, 3 of them per
 * field). The input is a fixed-seed mix of 1,024 requests modelled on a provincial node's traffic:
 * resources of 3–8 fields with realistic sensitive labels, every sharing type, levels weighted
 * toward L2–L3, requesters from the same city, the same province, other provinces and the
 * national node, half asking for all fields. Run command and figures: docs/policies/policy-packs.md.
 *
 * <ul>
 *   <li>{@code decide} — resources prepared once (as a node caches them per catalog version),
 *       conditions on the native fast path where their shape allows: the production path;</li>
 *   <li>{@code decideCelOnly} — the same with every condition evaluated by CEL;</li>
 *   <li>{@code decideUnprepared} — the resource prepared again for every decision.</li>
 * </ul>
 */
@State(org.openjdk.jmh.annotations.Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PolicyEngineBenchmark {

    private static final int MIX = 1024;
    private static final String[] LABELS = {"身份证号", "手机号", "姓名", "住址", "银行卡号", "出生日期", "电子邮箱",
            "车牌号", "统一社会信用代码", "医保卡号"};
    private static final String[] REQUESTER_REGIONS = {"440100", "440100", "440300", "440000", "440600", "320100",
            "330000", "100000"};
    private static final String[] OWNER_REGIONS = {"440100", "440000", "440300"};
    private static final String[] CATEGORIES = {"population", "population", "legal-entity", "social-security",
            "health", "economy", "credit", "public-safety"};
    private static final DataLevel[] LEVEL_WEIGHTS = {DataLevel.L1, DataLevel.L2, DataLevel.L2, DataLevel.L2,
            DataLevel.L3, DataLevel.L3, DataLevel.L3, DataLevel.L4, DataLevel.L4, DataLevel.IMPORTANT, DataLevel.CORE};
    private static final SharingType[] SHARING_WEIGHTS = {SharingType.UNCONDITIONAL, SharingType.UNCONDITIONAL,
            SharingType.UNCONDITIONAL, SharingType.CONDITIONAL, SharingType.CONDITIONAL, SharingType.NOT_SHAREABLE};

    @Param({"guangdong-example"})
    public String pack;

    private PolicyEngine fast;
    private PolicyEngine celOnly;
    private final AccessRequest[] requests = new AccessRequest[MIX];
    private final PolicyResource[] resources = new PolicyResource[MIX];
    private final PreparedResource[] preparedFast = new PreparedResource[MIX];
    private final PreparedResource[] preparedCel = new PreparedResource[MIX];
    private final DecisionContext[] contexts = new DecisionContext[MIX];
    private int next;

    @Setup
    public void setUp() throws IOException {
        EffectivePack effective = EffectivePack.compose(chain(pack));
        fast = new PolicyEngine(effective, PolicyEngine.Evaluation.NATIVE_FAST_PATH);
        celOnly = new PolicyEngine(effective, PolicyEngine.Evaluation.CEL_ONLY);
        Random random = new Random(20260302);
        Instant morning = Instant.parse("2026-03-02T00:00:00Z");
        for (int i = 0; i < MIX; i++) {
            List<ResourceField> fields = new ArrayList<>();
            int n = 3 + random.nextInt(6);
            for (int f = 0; f < n; f++) {
                String label = random.nextInt(3) == 0 ? null : LABELS[random.nextInt(LABELS.length)];
                fields.add(new ResourceField("field_" + f, LEVEL_WEIGHTS[random.nextInt(8)], label));
            }
            resources[i] = new PolicyResource(String.format("1.01.%03d-%06d", i % 1000, i),
                    CATEGORIES[random.nextInt(CATEGORIES.length)], LEVEL_WEIGHTS[random.nextInt(LEVEL_WEIGHTS.length)],
                    SHARING_WEIGHTS[random.nextInt(SHARING_WEIGHTS.length)],
                    random.nextInt(4) == 0 ? Scope.PROVINCE : Scope.NATIONAL,
                    RegionCode.parse(OWNER_REGIONS[random.nextInt(OWNER_REGIONS.length)]), fields);
            preparedFast[i] = fast.prepare(resources[i]);
            preparedCel[i] = celOnly.prepare(resources[i]);
            List<String> asked = new ArrayList<>();
            if (random.nextBoolean()) {
                for (ResourceField f : fields) {
                    if (random.nextInt(3) > 0) {
                        asked.add(f.name());
                    }
                }
            }
            requests[i] = new AccessRequest(random.nextInt(50) == 0 ? "" : "核对社会救助对象信息", asked,
                    random.nextInt(4) == 0 ? "" : "《社会救助暂行办法》第十一条", random.nextInt(3) * 4000L, null);
            Requester requester = new Requester("dept-" + random.nextInt(40),
                    RegionCode.parse(REQUESTER_REGIONS[random.nextInt(REQUESTER_REGIONS.length)]),
                    random.nextBoolean() ? List.of("analyst") : List.of(), LEVEL_WEIGHTS[1 + random.nextInt(8)]);
            contexts[i] = DecisionContext.of(requester, resources[i], morning.plusSeconds(600L * random.nextInt(144)));
        }
    }

    private static List<PolicyPack> chain(String leaf) throws IOException {
        Path packs = Files.isDirectory(Path.of("policies", "packs")) ? Path.of("policies", "packs") : Path.of("..", "packs");
        List<PolicyPack> chain = new ArrayList<>();
        chain.add(read(packs.resolve("national-baseline")));
        if (!leaf.equals("national-baseline")) {
            chain.add(read(packs.resolve(leaf)));
        }
        return chain;
    }

    private static PolicyPack read(Path dir) throws IOException {
        Path file = dir.resolve("pack.yaml");
        return PolicyPack.parse(Files.readAllBytes(file), file.toString());
    }

    private int next() {
        next = (next + 1) & (MIX - 1);
        return next;
    }

    @Benchmark
    public Decision decide() {
        int i = next();
        return fast.decide(requests[i], preparedFast[i], contexts[i]);
    }

    @Benchmark
    public Decision decideCelOnly() {
        int i = next();
        return celOnly.decide(requests[i], preparedCel[i], contexts[i]);
    }

    @Benchmark
    public Decision decideUnprepared() {
        int i = next();
        return fast.decide(requests[i], resources[i], contexts[i]);
    }
}
