package dev.cascade.node.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The exchange's parts (consumer, owner, routing, store, source) depend on each other one way only. */
@AnalyzeClasses(packages = "dev.cascade.node.exchange", importOptions = ImportOption.DoNotIncludeTests.class)
class ExchangeArchitectureTest {

    @ArchTest
    static final ArchRule exchangePartsAreFreeOfCycles = slices().matching("dev.cascade.node.exchange.(*)..")
            .should().beFreeOfCycles()
            .because("routing hands what reaches an end of a route to the OwnerEnd and ConsumerEnd ports, and the"
                    + " owner and consumer sides call routing, never the other way round");
}
