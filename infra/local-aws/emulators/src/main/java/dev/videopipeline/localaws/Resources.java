package dev.videopipeline.localaws;

/**
 * The names of everything the pipeline expects to exist: the one place they are defined for local
 * runs. Each dead-letter queue is named after its queue.
 */
public record Resources(
        String uploadsBucket,
        String mediaBucket,
        String videosTable,
        String ownersTable,
        String encodeQueue,
        String notifyQueue,
        String mailFrom) {

    public static Resources defaults() {
        return new Resources(
                "video-pipeline-uploads",
                "video-pipeline-media",
                "videos",
                "owners",
                "encode-requests",
                "notifications",
                "no-reply@video-pipeline.local");
    }

    public String encodeDlq() {
        return encodeQueue + "-dlq";
    }

    public String notifyDlq() {
        return notifyQueue + "-dlq";
    }
}
