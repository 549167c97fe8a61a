package dev.videopipeline.localaws.junit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the emulators' distribution: {@code lib/*.jar} and {@code ses/}, built by infra/local-aws/emulators. */
final class LocalAwsHome {

    private static final String BUILD_HINT = "Build it first: ./mvnw -pl infra/local-aws/emulators -am install";

    private LocalAwsHome() {
    }

    /** {@code -Dlocal.aws.home} (the build passes it to failsafe), else the one in this checkout. */
    static Path find() {
        Optional<Path> configured = Optional.ofNullable(System.getProperty("local.aws.home")).map(Path::of);
        if (configured.filter(LocalAwsHome::isDistribution).isPresent()) {
            return configured.get();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("infra/local-aws/emulators/target/dist");
            if (isDistribution(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("The local AWS emulators are not built ("
                + configured.map(path -> "nothing at local.aws.home=" + path + ", ").orElse("")
                + "no infra/local-aws/emulators/target/dist above " + Path.of("").toAbsolutePath() + "). "
                + BUILD_HINT);
    }

    private static boolean isDistribution(Path dir) {
        return Files.isDirectory(dir.resolve("lib")) && Files.isDirectory(dir.resolve("ses"));
    }
}
