package dev.videopipeline.infra.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.cxapi.CloudFormationStackArtifact;
import software.amazon.awscdk.cxapi.SynthesisMessageLevel;

/** The error annotations of a synthesized assembly (cdk-nag's unsuppressed findings among them). */
public final class NagFindings {

    private NagFindings() {
    }

    public static List<String> errors(CloudAssembly assembly) {
        var errors = new ArrayList<String>();
        collect(assembly, errors);
        return errors;
    }

    private static void collect(CloudAssembly assembly, List<String> errors) {
        for (CloudFormationStackArtifact stack : assembly.getStacksRecursively()) {
            stack.getMessages().stream()
                    .filter(m -> m.getLevel() == SynthesisMessageLevel.ERROR)
                    .forEach(m -> errors.add(m.getId() + ": " + m.getEntry().getData()));
        }
    }
}
