package dev.videopipeline.localaws.junit;

import org.junit.jupiter.api.Test;

/** A second test class in the JVM: it gets the emulator process the first one started. */
@LocalAwsTest
class SharedProcessIT {

    @Test
    void reusesTheEmulatorProcessOfTheOtherTestClass(LocalAws aws) {
        EmulatorPids.assertSharedBy(aws);
    }
}
