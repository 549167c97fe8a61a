package dev.videopipeline.localaws.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against local AWS: the emulators (or LocalStack, with
 * {@code -Dpipeline.aws=localstack}), started once per test JVM, with the pipeline's resources
 * provisioned. Every endpoint and resource name is set as a system property before the class
 * starts, so put this annotation before {@code @MicronautTest}. Test methods and constructors can
 * take a {@link LocalAws} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LocalAwsExtension.class)
public @interface LocalAwsTest {
}
