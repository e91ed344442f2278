package dev.cascade.policy.condition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The native fast path answers exactly as CEL does. Each expression is evaluated both ways over
 * random facts drawn from small domains (so that equalities and orderings go both ways often).
 */
class NativeConditionsTest {

    static final String[] LEVELS = {"L1", "L2", "L3", "L4", "important", "core"};
    static final String[] SHARING = {"unconditional", "conditional", "not_shareable"};
    static final String[] REGIONS = {"100000", "440000", "440100", "320100"};
    static final String[] TYPES = {"", "mobile", "citizen-id"};

    static Facts randomFacts(Random random) {
        Map<String, Object> field = field(random);
        List<Map<String, Object>> fields = List.of(field, field(random));
        Map<String, Object> request = new HashMap<>();
        request.put("purpose", random.nextBoolean() ? "" : "audit");
        request.put("fields", random.nextBoolean() ? List.of("a") : List.of("a", "b"));
        request.put("legal_basis", random.nextBoolean() ? "" : "law");
        request.put("row_limit", (long) random.nextInt(3) * 5000);
        request.put("window_start", Instant.EPOCH);
        request.put("window_end", Instant.EPOCH.plusSeconds(86_400L * random.nextInt(5)));
        request.put("window_days", (long) random.nextInt(5));
        Map<String, Object> resource = new HashMap<>();
        int level = random.nextInt(LEVELS.length);
        resource.put("id", "r");
        resource.put("category", random.nextBoolean() ? "health" : "population");
        resource.put("level", LEVELS[level]);
        resource.put("level_rank", level + 1L);
        resource.put("sharing_type", SHARING[random.nextInt(SHARING.length)]);
        resource.put("scope", random.nextBoolean() ? "national" : "province");
        resource.put("owner_region", REGIONS[random.nextInt(REGIONS.length)]);
        resource.put("owner_province", "440000");
        resource.put("owner_tier", "municipal");
        resource.put("personal", random.nextBoolean());
        resource.put("fields", fields);
        Map<String, Object> requester = new HashMap<>();
        int clearance = random.nextInt(LEVELS.length);
        requester.put("dept", "d");
        requester.put("region", REGIONS[random.nextInt(REGIONS.length)]);
        requester.put("province", "440000");
        requester.put("tier", random.nextBoolean() ? "provincial" : "national");
        requester.put("roles", random.nextBoolean() ? List.of() : List.of("analyst", "auditor"));
        requester.put("clearance", LEVELS[clearance]);
        requester.put("clearance_rank", clearance + 1L);
        Map<String, Object> route = new HashMap<>();
        route.put("hops", (long) random.nextInt(5));
        route.put("leaves_node", random.nextBoolean());
        route.put("crosses_province", random.nextBoolean());
        route.put("lca_region", REGIONS[random.nextInt(REGIONS.length)]);
        route.put("lca_tier", random.nextBoolean() ? "national" : "provincial");
        Map<String, Object> clock = new HashMap<>();
        clock.put("hour", (long) random.nextInt(24));
        clock.put("weekday", 1L + random.nextInt(7));
        Facts facts = new Facts(request, resource, requester, route, clock,
                Instant.parse("2026-03-02T00:00:00Z").plusSeconds(3600L * random.nextInt(24 * 7)));
        facts.field(field);
        return facts;
    }

    static Map<String, Object> field(Random random) {
        int level = random.nextInt(LEVELS.length);
        Map<String, Object> f = new HashMap<>();
        f.put("name", random.nextBoolean() ? "a" : "b");
        f.put("level", LEVELS[level]);
        f.put("level_rank", level + 1L);
        f.put("sensitive_type", TYPES[random.nextInt(TYPES.length)]);
        f.put("personal", random.nextBoolean());
        return f;
    }

    static void assertPathsAgree(Condition condition) {
        Random random = new Random(condition.source().hashCode());
        List<Boolean> seen = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Facts facts = randomFacts(random);
            boolean viaCel = condition.test(facts, false);
            assertThat(condition.test(facts, true)).as("%s on sample %d", condition.source(), i).isEqualTo(viaCel);
            seen.add(viaCel);
        }
        // A condition that is always true or always false here would prove nothing about agreement.
        assertThat(seen).as(condition.source()).contains(true, false);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "resource.level == 'core' && route.leaves_node",
            "resource.sharing_type == 'conditional'",
            "resource.sharing_type != 'unconditional' || !route.crosses_province",
            "resource.level_rank >= level_rank('L4') && route.crosses_province",
            "resource.level_rank > 2 && resource.level_rank <= 5",
            "resource.level_rank < requester.clearance_rank",
            "field.level_rank > requester.clearance_rank",
            "field.personal && field.level_rank >= 3 && request.legal_basis == ''",
            "resource.level in ['L4', 'important']",
            "'auditor' in requester.roles",
            "request.row_limit > 5000",
            "resource.owner_region == requester.region",
            "route.hops >= 3 == route.crosses_province",
            "!(resource.personal || field.personal)",
            "request.purpose == '' || resource.sharing_type == 'not_shareable'",
            "resource.level_rank in [1, 2]",
            "(request.row_limit > 0) != (resource.level_rank > 3 == field.personal)",
            "request.row_limit > 5000 && (clock.hour < 8 || clock.hour >= 20)",
            "clock.weekday in [6, 7]",
    })
    void nativeConditionsAnswerAsCelDoes(String source) {
        Condition condition = ConditionCompiler.standard().compile(source, true);

        assertThat(condition.fullyNative()).as(source).isTrue();
        assertPathsAgree(condition);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "request.row_limit > 5000 && (now.getHours('Asia/Shanghai') < 8 || now.getHours('Asia/Shanghai') >= 20)",
            "route.crosses_province && resource.fields.exists(f, f.personal)",
            "resource.personal && size(request.fields) > 1",
            "request.purpose.startsWith('aud') && request.legal_basis != ''",
    })
    void partlyNativeConditionsPrefilterAndAnswerAsCelDoes(String source) {
        Condition condition = ConditionCompiler.standard().compile(source, true);

        assertThat(condition.fullyNative()).as(source).isFalse();
        assertThat(condition.hasNativePrefilter()).as(source).isTrue();
        assertPathsAgree(condition);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "resource.fields.exists(f, f.level_rank > requester.clearance_rank)",
            "now.getDayOfWeek('Asia/Shanghai') == 0 || now.getDayOfWeek('Asia/Shanghai') == 6",
            "request.window_end - request.window_start > duration('72h')",
    })
    void otherConditionsAreLeftToCel(String source) {
        Condition condition = ConditionCompiler.standard().compile(source, true);

        assertThat(condition.fullyNative()).as(source).isFalse();
        assertThat(condition.hasNativePrefilter()).as(source).isFalse();
        assertPathsAgree(condition);
    }
}
