package dev.cascade.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.policy.inherit.EffectivePack;
import dev.cascade.policy.mask.MaskSpec;
import dev.cascade.policy.pack.Effect;
import dev.cascade.policy.pack.PolicyPack;
import dev.cascade.protocol.catalog.DataItem;
import dev.cascade.protocol.catalog.DataLevel;
import dev.cascade.protocol.catalog.FieldType;
import dev.cascade.protocol.catalog.ResourceDescriptor;
import dev.cascade.protocol.catalog.Scope;
import dev.cascade.protocol.catalog.SharingType;
import dev.cascade.protocol.region.RegionCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decision semantics on small packs written for the purpose. */
class PolicyEngineTest {

    static final RegionCode GUANGZHOU = RegionCode.parse("440100");
    static final Instant NOW = Instant.parse("2026-03-02T02:00:00Z");

    static final String HEADER = """
            format: cascade.policy-pack/v1
            id: semantics
            version: 1
            issuer: "100000"
            levels: [{id: L1}, {id: L2}, {id: L3}, {id: L4}, {id: important}, {id: core}]
            sensitive-types:
              mobile: {aliases: [手机号], personal: true, min-level: L3, mask: "keep(3,4)"}
              citizen-id: {personal: true, min-level: L3, mask: "keep(6,4)"}
            masking-profiles:
              standard: {}
              partial:
                by-type: {mobile: "keep(3,0)"}
              tail:
                by-type: {mobile: "keep(0,4)"}
              hashed:
                by-level: {L3: hash(sm3)}
            """;

    static PolicyEngine engine(String defaultsAndRules) {
        String text = HEADER + defaultsAndRules;
        PolicyPack pack = PolicyPack.parse(text.getBytes(StandardCharsets.UTF_8), "semantics.yaml");
        return new PolicyEngine(EffectivePack.root(pack));
    }

    static final String PERMIT_DEFAULTS = """
            defaults: {effect: permit, row-limit: 1000, max-validity: P30D, masking-profile: standard}
            """;

    static PolicyResource resource(SharingType sharing, ResourceField... fields) {
        return new PolicyResource("r1", "population", DataLevel.L3, sharing, Scope.NATIONAL, GUANGZHOU,
                List.of(fields));
    }

    static final PolicyResource PEOPLE = resource(SharingType.UNCONDITIONAL,
            new ResourceField("name", DataLevel.L2, null),
            new ResourceField("phone", DataLevel.L2, "手机号"),
            new ResourceField("id_number", DataLevel.L3, "citizen-id"));

    static AccessRequest request(String... fields) {
        return new AccessRequest("test", List.of(fields), "", 0, null);
    }

    static DecisionContext from(String region, DataLevel clearance) {
        Requester requester = new Requester("dept", RegionCode.parse(region), List.of("analyst"), clearance);
        return DecisionContext.of(requester, PEOPLE, NOW);
    }

    @Test
    void denyBeatsApprovalBeatsPermitAndEveryFiredRuleIsListed() {
        PolicyEngine engine = engine(PERMIT_DEFAULTS + """
                rules:
                  - {id: a-permit, when: "true", effect: permit, constraints: {row-limit: 10}}
                  - {id: b-approval, when: "true", effect: require-approval, reason: approve}
                  - {id: c-deny, when: route.crosses_province, effect: deny, reason: no}
                  - {id: d-silent, when: "false", effect: deny}
                """);

        Decision local = engine.decide(request(), PEOPLE, from("440300", DataLevel.L4));
        Decision remote = engine.decide(request(), PEOPLE, from("320100", DataLevel.L4));

        assertThat(local).isInstanceOfSatisfying(Decision.NeedsApproval.class, d -> {
            assertThat(d.reasons()).extracting(Reason::ruleId).containsExactly("b-approval");
            assertThat(d.fired()).extracting(Reason::ruleId).containsExactly("a-permit", "b-approval");
            assertThat(d.constraints().rowLimit()).isEqualTo(10);
        });
        assertThat(remote).isInstanceOfSatisfying(Decision.Deny.class, d -> {
            assertThat(d.reasons()).containsExactly(new Reason("semantics", "c-deny", Effect.DENY, null, "no"));
            assertThat(d.fired()).extracting(Reason::ruleId).containsExactly("a-permit", "b-approval", "c-deny");
        });
    }

    @Test
    void constraintsMergeToTheStrictest() {
        PolicyEngine engine = engine(PERMIT_DEFAULTS + """
                rules:
                  - {id: one, when: "true", effect: permit,
                     constraints: {row-limit: 500, max-validity: P7D, masking-profile: partial, drop-fields: [name]}}
                  - {id: two, when: "true", effect: permit,
                     constraints: {row-limit: 200, max-validity: P10D, masking-profile: tail}}
                """);

        Decision d = engine.decide(new AccessRequest("test", List.of(), "", 300, null), PEOPLE,
                from("440100", DataLevel.L4));

        assertThat(d).isInstanceOfSatisfying(Decision.Permit.class, p -> {
            Constraints c = p.constraints();
            assertThat(c.rowLimit()).isEqualTo(200);
            assertThat(c.maxValidity()).isEqualTo(Duration.ofDays(7));
            assertThat(c.fields()).containsExactly("phone", "id_number");
            assertThat(c.droppedFields()).containsExactly("name");
            // keep(3,0) and keep(0,4) meet at keep(0,0): neither end survives.
            assertThat(c.masks()).containsEntry("phone", new MaskSpec.KeepEnds(0, 0))
                    .containsEntry("id_number", new MaskSpec.KeepEnds(6, 4));
            assertThat(c.maskingProfiles()).containsExactly("standard", "partial", "tail");
        });
    }

    @Test
    void theRequestsOwnSmallerRowLimitIsKept() {
        Decision d = engine(PERMIT_DEFAULTS).decide(new AccessRequest("t", List.of(), "", 50, null), PEOPLE,
                from("440100", DataLevel.L4));

        assertThat(((Decision.Permit) d).constraints().rowLimit()).isEqualTo(50);
    }

    @Test
    void aPermitRuleCannotLiftTheDefaultEffect() {
        PolicyEngine engine = engine("""
                defaults: {effect: require-approval, row-limit: 1000, max-validity: P30D, masking-profile: standard}
                rules:
                  - {id: trusted, when: "'analyst' in requester.roles", effect: permit}
                """);

        Decision d = engine.decide(request(), PEOPLE, from("440100", DataLevel.L4));

        assertThat(d).isInstanceOfSatisfying(Decision.NeedsApproval.class, n -> {
            assertThat(n.reasons()).extracting(Reason::ruleId).containsExactly("defaults.effect");
            assertThat(n.reasons().get(0).packId()).isEqualTo("semantics");
            assertThat(n.fired()).extracting(Reason::ruleId).containsExactly("defaults.effect", "trusted");
        });
    }

    @Test
    void fieldRulesJudgeEachRequestedFieldAndNameIt() {
        PolicyEngine engine = engine(PERMIT_DEFAULTS + """
                rules:
                  - id: above-clearance
                    scope: field
                    when: field.level_rank > requester.clearance_rank
                    effect: permit
                    constraints: {drop: true}
                  - id: hash-personal
                    scope: field
                    when: field.personal && field.sensitive_type == 'citizen-id'
                    effect: permit
                    constraints: {mask: hash(sm3)}
                """);

        Decision d = engine.decide(request(), PEOPLE, from("440100", DataLevel.L3));

        assertThat(d).isInstanceOfSatisfying(Decision.Permit.class, p -> {
            // phone is labelled L2 but mobile is L3 at least; clearance L3 keeps it.
            assertThat(p.constraints().fields()).containsExactly("name", "phone", "id_number");
            assertThat(p.constraints().masks()).containsEntry("id_number", MaskSpec.parse("hash(sm3)"))
                    .containsEntry("phone", MaskSpec.parse("keep(3,4)"))
                    .containsEntry("name", new MaskSpec.Reveal());
            assertThat(p.fired()).containsExactly(new Reason("semantics", "hash-personal", Effect.PERMIT,
                    "id_number", "rule hash-personal"));
        });
        Decision lower = engine.decide(request(), PEOPLE, from("440100", DataLevel.L2));
        assertThat(((Decision.Permit) lower).constraints().droppedFields()).containsExactly("phone", "id_number");
    }

    @Test
    void aFieldProfileOnAFieldRuleMasksThatFieldOnly() {
        PolicyEngine engine = engine(PERMIT_DEFAULTS + """
                rules:
                  - {id: hash-l3, scope: field, when: "field.name == 'id_number'", effect: permit,
                     constraints: {masking-profile: hashed}}
                """);

        Decision d = engine.decide(request(), PEOPLE, from("440100", DataLevel.L4));

        Constraints c = ((Decision.Permit) d).constraints();
        assertThat(c.masks().get("id_number")).isEqualTo(MaskSpec.parse("hash(sm3)"));
        assertThat(c.masks().get("phone")).isEqualTo(MaskSpec.parse("keep(3,4)"));
        assertThat(c.maskingProfiles()).containsExactly("standard");
    }

    @Test
    void whenRulesDropEveryRequestedFieldTheRequestIsDeniedNamingThem() {
        PolicyEngine engine = engine(PERMIT_DEFAULTS + """
                rules:
                  - {id: no-ids, when: "true", effect: permit, constraints: {drop-fields: [id_number]}}
                """);

        Decision d = engine.decide(request("id_number"), PEOPLE, from("440100", DataLevel.L4));

        assertThat(d).isInstanceOfSatisfying(Decision.Deny.class, deny ->
                assertThat(deny.reasons()).extracting(Reason::ruleId).containsExactly("no-ids"));
    }

    @Test
    void aConditionThatFailsToEvaluateDeniesNamingTheRule() {
        PolicyEngine engine = engine(PERMIT_DEFAULTS + """
                rules:
                  - {id: fragile, when: "request.fields[5] == 'x'", effect: permit}
                """);

        Decision d = engine.decide(request("name"), PEOPLE, from("440100", DataLevel.L4));

        assertThat(d).isInstanceOfSatisfying(Decision.Deny.class, deny -> {
            assertThat(deny.reasons()).singleElement().satisfies(r -> {
                assertThat(r.ruleId()).isEqualTo("fragile");
                assertThat(r.text()).startsWith("the rule's condition could not be evaluated (")
                        .endsWith("); denied to be safe");
            });
        });
    }

    @Test
    void anUnknownFieldIsDeniedByTheEngine() {
        Decision d = engine(PERMIT_DEFAULTS).decide(request("name", "salary", "bonus"), PEOPLE,
                from("440100", DataLevel.L4));

        assertThat(d).isInstanceOfSatisfying(Decision.Deny.class, deny -> assertThat(deny.reasons()).containsExactly(
                new Reason(Reason.ENGINE, "unknown-field", Effect.DENY, null, "resource r1 has no field salary, bonus")));
    }

    @Test
    void repeatedFieldNamesCountOnce() {
        Decision d = engine(PERMIT_DEFAULTS).decide(request("name", "name"), PEOPLE, from("440100", DataLevel.L4));

        assertThat(((Decision.Permit) d).constraints().fields()).containsExactly("name");
    }

    @Test
    void aPreparedResourceBelongsToItsEngine() {
        PolicyEngine one = engine(PERMIT_DEFAULTS);
        PolicyEngine other = engine(PERMIT_DEFAULTS);
        PreparedResource prepared = one.prepare(PEOPLE);

        assertThat(one.decide(request(), prepared, from("440100", DataLevel.L4))).isInstanceOf(Decision.Permit.class);
        assertThatThrownBy(() -> other.decide(request(), prepared, from("440100", DataLevel.L4)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void levelsAreRaisedToTheCategoryAndTypeMinimums() {
        PolicyPack pack = PolicyPack.parse((HEADER + """
                categories: [{id: population, min-level: L4}]
                """ + PERMIT_DEFAULTS).getBytes(StandardCharsets.UTF_8), "x");
        PreparedResource prepared = new PolicyEngine(EffectivePack.root(pack)).prepare(PEOPLE);

        assertThat(prepared.effectiveLevel()).isEqualTo(DataLevel.L4);
        assertThat(prepared.effectiveLevel("phone")).isEqualTo(DataLevel.L3);
        assertThat(prepared.effectiveLevel("name")).isEqualTo(DataLevel.L2);
    }

    @Test
    void aResourceComesFromItsCatalogDescriptor() {
        ResourceDescriptor descriptor = new ResourceDescriptor("1.01.001-000001", "户籍", "摘要", "population", null,
                List.of(new DataItem("phone", FieldType.STRING, null, "手机号", DataLevel.L3)), DataLevel.L3,
                SharingType.CONDITIONAL, "经审批", null, null, null, Scope.PROVINCE, null);

        PolicyResource resource = PolicyResource.of(descriptor, GUANGZHOU);

        assertThat(resource.fields()).containsExactly(new ResourceField("phone", DataLevel.L3, "手机号"));
        assertThat(resource.sharingType()).isEqualTo(SharingType.CONDITIONAL);
        assertThat(resource.scope()).isEqualTo(Scope.PROVINCE);
        assertThat(resource.ownerRegion()).isEqualTo(GUANGZHOU);
    }
}
