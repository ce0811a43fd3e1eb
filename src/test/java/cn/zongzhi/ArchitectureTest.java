package cn.zongzhi;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The layer rules of docs/decisions/0002: broken here, not discovered in review. */
class ArchitectureTest {
    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("cn.zongzhi");
    }

    @Test
    void onlyRepositoriesAndTheDatabasePackageTouchTheGeneratedTables() {
        noClasses().that().resideOutsideOfPackages("cn.zongzhi.db..")
                .and().haveSimpleNameNotEndingWith("Repository")
                .should().dependOnClassesThat().resideInAPackage("cn.zongzhi.db.jooq..")
                .because("jOOQ's generated tables are the repositories' business alone")
                .check(production);
    }

    @Test
    void screensNeverTalkToJooqOrJdbc() {
        noClasses().that().haveNameMatching(".*(Controller|ViewModel)(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "java.sql..", "org.flywaydb..", "org.h2..")
                .check(production);
    }

    @Test
    void servicesRepositoriesAndDomainCodeHaveNoJavaFx() {
        // Names are matched whole so that a view model's inner and anonymous classes count as the view model.
        // A feature's own scene-graph node (the offline map) is a *View: drawing, input, no use case.
        noClasses().that().haveNameNotMatching(".*(Controller|ViewModel|View)(\\$.*)?")
                .and().resideOutsideOfPackages("cn.zongzhi.app..", "cn.zongzhi.shell..", "cn.zongzhi.ui..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .because("use cases run in the city server and on the command line, where there is no JavaFX")
                .check(production);
    }

    @Test
    void viewModelsHoldStateNotNodes() {
        noClasses().that().haveNameMatching(".*ViewModel(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..", "javafx.fxml..")
                .check(production);
    }

    @Test
    void theServerAndTheCommandLineImportNoJavaFx() {
        noClasses().that().resideInAnyPackage("cn.zongzhi.server..", "cn.zongzhi.cli..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .allowEmptyShould(true)
                .check(production);
    }

    @Test
    void featuresDoNotDependOnTheCompositionRootOrTheCommandLine() {
        noClasses().that().resideOutsideOfPackages("cn.zongzhi.app..", "cn.zongzhi.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("cn.zongzhi.app..", "cn.zongzhi.cli..")
                .check(production);
    }

    @Test
    void featurePackagesHaveNoCycles() {
        slices().matching("cn.zongzhi.(*)..")
                .should().beFreeOfCycles()
                .check(production);
    }
}
