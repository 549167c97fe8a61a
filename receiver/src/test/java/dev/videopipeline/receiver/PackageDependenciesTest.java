package dev.videopipeline.receiver;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receiver's features stand side by side: none reaches into another, and what they share
 * (intake, the catalogue of videos, quotas, auth, problems) depends on no feature. A new package
 * must be placed in one of the two lists, so this rule covers it too.
 */
class PackageDependenciesTest {

    private static final String RECEIVER = "dev.videopipeline.receiver";
    private static final List<String> FEATURES = List.of("upload", "directupload", "videos", "media", "recovery",
            "health", "web");
    private static final List<String> SHARED = List.of("intake", "catalog", "quota", "auth", "problem");
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(RECEIVER);

    static List<String> features() {
        return FEATURES;
    }

    @ParameterizedTest
    @MethodSource("features")
    void aFeatureUsesNoOtherFeature(String feature) {
        String[] others = FEATURES.stream().filter(f -> !f.equals(feature)).map(PackageDependenciesTest::pkg)
                .toArray(String[]::new);
        noClasses().that().resideInAPackage(pkg(feature)).should().dependOnClassesThat().resideInAnyPackage(others)
                .check(CLASSES);
    }

    @Test
    void whatFeaturesShareUsesNoFeature() {
        noClasses().that().resideInAnyPackage(SHARED.stream().map(PackageDependenciesTest::pkg).toArray(String[]::new))
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES.stream().map(PackageDependenciesTest::pkg)
                        .toArray(String[]::new))
                .check(CLASSES);
    }

    @Test
    void everyPackageIsAFeatureOrShared() {
        Set<String> packages = CLASSES.stream().map(JavaClass::getPackageName).filter(p -> !p.equals(RECEIVER))
                .map(p -> p.substring(RECEIVER.length() + 1).split("\\.")[0]).collect(Collectors.toSet());
        assertThat(packages).isSubsetOf(Stream.concat(FEATURES.stream(), SHARED.stream()).toList());
    }

    private static String pkg(String name) {
        return RECEIVER + "." + name + "..";
    }
}
