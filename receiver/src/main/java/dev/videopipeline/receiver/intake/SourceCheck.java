package dev.videopipeline.receiver.intake;

import dev.videopipeline.common.video.Container;
import dev.videopipeline.common.video.ContainerSniffer;
import dev.videopipeline.receiver.problem.ApiProblem;

/** The checks every upload passes, whichever way its bytes came: not empty, a video, within the limit. */
public final class SourceCheck {

    private SourceCheck() {
    }

    /**
     * @param head     the first bytes of the file, up to {@link ContainerSniffer#HEAD_BYTES}
     * @param fileSize the whole file's size, or -1 while it is still arriving (then checked again once stored)
     * @return the container the file is in, which the encoder will open it as
     */
    public static Container requireVideo(byte[] head, int length, long fileSize) {
        if (length == 0) {
            throw ApiProblem.badRequest("The file is empty.");
        }
        return ContainerSniffer.sniff(head, length, fileSize).orElseThrow(ApiProblem::notAVideo);
    }

    public static void requireWithinLimit(long size, long maxBytes) {
        if (size > maxBytes) {
            throw ApiProblem.tooLarge(maxBytes);
        }
    }
}
