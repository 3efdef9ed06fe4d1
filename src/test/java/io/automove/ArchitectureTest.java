package io.automove;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.base.DescribedPredicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The dependency rule, on the compiled classes of src/main (so a fully qualified reference counts as much as an
 * import): handlers and adapters point at use cases, use cases at the model, and nothing points back; the local
 * stack is a host that nothing in a function's package may reach.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMain() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages("io.automove");
    }

    @Test
    void noPackageDependsOnItselfThroughAnother() {
        slices().matching("io.automove.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void theModel_isPureJava_andKnowsNothingElseOfOurs() {
        classes().that().resideInAPackage("io.automove.model..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.automove.model..", "java.lang..", "java.util..",
                        "java.time..", "java.nio.charset..", "java.security..")
                .check(main);
    }

    @Test
    void theUseCases_andTheirPorts_reachNoAwsHttpOrDatabaseCode() {
        classes().that().resideInAPackage("io.automove.usecases..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.automove.usecases..", "io.automove.model..",
                        "java.lang..", "java.util..", "java.time..")
                .check(main);
    }

    @Test
    void adapters_implementPorts_withoutKnowingHandlersOrTheLocalStack() {
        noClasses().that().resideInAPackage("io.automove.adapters..")
                .should().dependOnClassesThat().resideInAnyPackage("io.automove.handlers..", "io.automove.localstack..")
                .check(main);
    }

    @Test
    void oneAdapter_neverUsesAnother_butAllShareTheEventFormatAndTheSdkSetup() {
        slices().matching("io.automove.adapters.(*)..").should().notDependOnEachOther()
                .ignoreDependency(DescribedPredicate.alwaysTrue(), resideInAnyPackage("io.automove.adapters",
                        "io.automove.adapters.events"))
                .check(main);
    }

    @Test
    void functionsNeverReachForTheLocalStack() {
        noClasses().that().resideOutsideOfPackage("io.automove.localstack..")
                .should().dependOnClassesThat().resideInAnyPackage("io.automove.localstack..",
                        "software.amazon.dynamodb.services.local..", "software.amazon.event.ruler..", "org.yaml..",
                        "com.sun.net.httpserver..")
                .check(main);
    }
}
