package dev.videopipeline.common.storage;

/**
 * The S3 keys of a video (docs/architecture.md, "Objects"). Keys are built from the video id only: a client's
 * file name never becomes part of a key.
 */
public final class ObjectKeys {

    private ObjectKeys() {
    }

    /** Everything the receiver stores for a video lives under this prefix. */
    public static String uploadPrefix(String videoId) {
        return "uploads/" + videoId + "/";
    }

    public static String source(String videoId) {
        return uploadPrefix(videoId) + "source";
    }

    /** Where the chunks of a chunked encode are kept until they are joined; removed with the upload. */
    public static String chunksPrefix(String videoId) {
        return uploadPrefix(videoId) + "chunks/";
    }

    /**
     * The tag every chunk part carries ({@code key=value}, as S3's {@code x-amz-tagging}): the
     * uploads bucket's lifecycle rule expires what a crash or a failed removal left behind by it,
     * since no key prefix can pick out {@code uploads/*}{@code /chunks/}.
     */
    public static final String CHUNK_PART_TAG = "pipeline-object=chunk-part";

    /** One rung's part of one chunk, as encoded by the chunk's {@code attempt}: nobody else writes there. */
    public static String chunkPart(String videoId, int chunk, int attempt, String renditionName) {
        return chunksPrefix(videoId) + chunk + "/" + attempt + "/" + renditionName + ".mp4";
    }

    /** Everything the encoder publishes for a video lives under this prefix. */
    public static String mediaPrefix(String videoId) {
        return "media/" + videoId + "/";
    }

    public static String rendition(String videoId, String renditionName) {
        return mediaPrefix(videoId) + renditionName + ".mp4";
    }

    public static String hlsMaster(String videoId) {
        return mediaPrefix(videoId) + "hls/master.m3u8";
    }

    public static String poster(String videoId) {
        return mediaPrefix(videoId) + "poster.jpg";
    }
}
