package dev.cascade.node.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.time.Instant;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import dev.cascade.node.ledger.EventType;
import dev.cascade.node.ledger.NodeEventRecord;

/**
 * How node-runtime's packages may depend on each other (docs/architecture.md): no cycles between
 * them, and the tier links underneath every feature that rides on them.
 */
@AnalyzeClasses(packages = "dev.cascade.node", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {

    /** The packages built on the link layer, or beside it; none of them may be reached from below. */
    static final String[] FEATURES = {"dev.cascade.node.admin..", "dev.cascade.node.anchoring..", "dev.cascade.node.audit..",
            "dev.cascade.node.calls..", "dev.cascade.node.catalog..", "dev.cascade.node.classify..", "dev.cascade.node.cli..",
            "dev.cascade.node.console..",
            "dev.cascade.node.department..", "dev.cascade.node.exchange..",
            "dev.cascade.node.onboarding..", "dev.cascade.node.policy..", "dev.cascade.node.revocation..",
            "dev.cascade.node.supervision.."};

    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.cascade.node.(*)..")
            .should().beFreeOfCycles()
            .because("a package that reaches back into one that uses it ties both into one knot");

    @ArchTest
    static final ArchRule subpackagesAreFreeOfCycles = slices().matching("dev.cascade.node.(**)")
            .should().beFreeOfCycles()
            .because("within a feature too, each part builds on the ones below it");

    @ArchTest
    static final ArchRule theLinkLayerKnowsNoFeature = noClasses()
            .that().resideInAPackage("dev.cascade.node.link..")
            .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
            .because("features ride on the links through TierService and the link's ports, never the other way round");

    @ArchTest
    static final ArchRule theLedgerFrontKnowsNoFeature = noClasses()
            .that().resideInAPackage("dev.cascade.node.ledger..")
            .should().dependOnClassesThat().resideInAnyPackage(FEATURES)
            .orShould().dependOnClassesThat().resideInAPackage("dev.cascade.node.link..")
            .because("every feature writes its entries through the ledger, so the ledger sits below all of them");

    @ArchTest
    static final ArchRule onlyTheLedgerWritesItsEntries = noClasses()
            .that().resideOutsideOfPackage("dev.cascade.node.ledger..")
            .should().dependOnClassesThat().haveFullyQualifiedName("dev.cascade.node.ledger.LedgerWriter")
            .orShould().callConstructor(NodeEventRecord.class)
            .orShould().callMethod(NodeEventRecord.class, "of", Instant.class, EventType.class, String.class, String.class,
                    String.class, byte[].class)
            .because("entries are appended through EventLog only (one ledger front); SourceRulesTest keeps SQL on"
                    + " node_event inside the ledger too");
}
