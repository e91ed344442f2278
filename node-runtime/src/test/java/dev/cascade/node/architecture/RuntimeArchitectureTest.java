package dev.cascade.node.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Layering rules of the node runtime, checked on every build. */
@AnalyzeClasses(packages = "dev.cascade.node", importOptions = ImportOption.DoNotIncludeTests.class)
class RuntimeArchitectureTest {

    @ArchTest
    static final ArchRule restResourcesDoNotTouchPersistence = noClasses()
            .that().resideInAPackage("dev.cascade.node.admin..")
            .should().dependOnClassesThat().resideInAnyPackage("org.hibernate..", "jakarta.persistence..", "io.vertx.pgclient..")
            .because("REST resources go through the feature services, which own their transactions");

    @ArchTest
    static final ArchRule noRestResourceTouchesTheDatabase = noClasses()
            .that().areAnnotatedWith(jakarta.ws.rs.Path.class)
            .should().dependOnClassesThat().resideInAnyPackage("org.hibernate..", "jakarta.persistence..", "io.vertx.pgclient..",
                    "io.vertx.sqlclient..", "io.vertx.mutiny.sqlclient..", "io.vertx.mutiny.pgclient..")
            .because("wherever a REST resource lives (catalog, exchange, …), its SQL belongs to the feature service"
                    + " beside it, such as CatalogSearch");

    @ArchTest
    static final ArchRule opsCommandsNeverStartTheNodesMachinery = noClasses()
            .that().resideInAPackage("dev.cascade.node.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("org.hibernate..", "io.vertx..", "dev.cascade.node.ledger",
                    "dev.cascade.node.revocation..", "dev.cascade.node.onboarding..", "dev.cascade.node.policy..")
            .because("ops commands other than serve never need the database (docs/architecture.md)");
}
