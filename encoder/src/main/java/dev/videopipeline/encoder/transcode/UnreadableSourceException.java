package dev.videopipeline.encoder.transcode;

/**
 * The source is not a video this encoder can read: a permanent failure. The video becomes FAILED
 * with {@link #getMessage()} as its reason, written for the person who uploaded it; no retry.
 */
public class UnreadableSourceException extends RuntimeException {

    public UnreadableSourceException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
