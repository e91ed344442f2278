package dev.cascade.protocol;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.security.PrivateKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Architecture rules of cascade-protocol, as tests (X-Road style). */
class ArchitectureTest {

    private static JavaClasses protocol;

    @BeforeAll
    static void importClasses() {
        protocol = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.cascade.protocol");
    }

    @Test
    void the_protocol_knows_nothing_of_the_runtime_frameworks() {
        noClasses().that().resideInAPackage("dev.cascade.protocol..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "io.quarkus..", "io.vertx..", "org.hibernate..", "jakarta.persistence..", "io.grpc..")
                .because("cascade-protocol is the pure domain; node-runtime adapts it to frameworks")
                .check(protocol);
    }

    @Test
    void nothing_outside_trust_handles_private_keys() {
        noClasses().that().resideInAPackage("dev.cascade.protocol..")
                .and().resideOutsideOfPackage("dev.cascade.protocol.trust..")
                .should().dependOnClassesThat().areAssignableTo(PrivateKey.class)
                .because("private keys stay inside the trust package")
                .check(protocol);
    }
}
