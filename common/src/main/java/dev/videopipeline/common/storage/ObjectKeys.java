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

    /** Everything the encoder writes for a video lives under this prefix. */
    /** Where the chunks of a chunked encode are kept until they are joined; removed with the upload. */
    public static String chunksPrefix(String videoId) {
        return uploadPrefix(videoId) + "chunks/";
    }

    /** One rung's part of one chunk, as encoded by the chunk's {@code attempt}: nobody else writes there. */
    public static String chunkPart(String videoId, int chunk, int attempt, String renditionName) {
        return chunksPrefix(videoId) + chunk + "/" + attempt + "/" + renditionName + ".mp4";
    }

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
