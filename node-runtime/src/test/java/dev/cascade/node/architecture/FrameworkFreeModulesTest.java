package dev.cascade.node.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The policy modules (sensitive-data, masking, policy-engine) and cascade-protocol are plain Java:
 * checked here, where all four are on the class path, on their main classes only.
 */
@AnalyzeClasses(packages = {"dev.cascade.policy", "dev.cascade.protocol"},
        importOptions = {ImportOption.DoNotIncludeTests.class, FrameworkFreeModulesTest.NoTestJars.class})
class FrameworkFreeModulesTest {

    @ArchTest
    static final ArchRule noFrameworks = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("io.quarkus..", "io.vertx..", "io.grpc..", "org.hibernate..",
                    "jakarta.persistence..", "io.smallrye..", "jakarta.enterprise..", "jakarta.ws.rs..")
            .because("the domain and the policies know nothing of the runtime; node-runtime adapts them");

    /** sensitive-data's test jar (its labelled corpus, a test fixture) is on this class path too. */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar") && !location.contains("/test-classes/");
        }
    }
}
