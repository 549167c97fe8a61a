package dev.videopipeline.receiver.upload;

import dev.videopipeline.receiver.problem.ApiProblem;

/** The checks every upload passes, whichever way its bytes came: not empty, a video, within the limit. */
public final class SourceCheck {

    private SourceCheck() {
    }

    /** @param head the first bytes of the file, up to {@link ContainerSniffer#HEAD_BYTES} */
    public static void requireVideo(byte[] head, int length) {
        if (length == 0) {
            throw ApiProblem.badRequest("The file is empty.");
        }
        if (ContainerSniffer.sniff(head, length).isEmpty()) {
            throw ApiProblem.notAVideo();
        }
    }

    public static void requireWithinLimit(long size, long maxBytes) {
        if (size > maxBytes) {
            throw ApiProblem.tooLarge(maxBytes);
        }
    }
}
