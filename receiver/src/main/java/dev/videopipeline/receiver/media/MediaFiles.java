package dev.videopipeline.receiver.media;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.storage.ObjectKeys;
import dev.videopipeline.receiver.problem.ApiProblem;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.types.files.StreamedFile;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.util.regex.Pattern;

/**
 * Streams objects of the media bucket, with what players need: their content type, caching,
 * byte ranges (seeking in an MP4), and CORS (a player on another origin). Only keys the encoder
 * writes can be asked for, so no other object of the bucket is reachable.
 */
@Singleton
public class MediaFiles {

    /** {@code {video id}/{file}} where the file is a rendition, poster, playlist or segment. */
    private static final Pattern MEDIA_PATH = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/([A-Za-z0-9_-]+/)*[A-Za-z0-9_-]+\\.[a-z0-9]+");
    private static final int RANGE_NOT_SATISFIABLE = 416;
    /**
     * What viewers are told, as the CDN tells them in AWS (infra/aws Edge): only their own browser
     * keeps a copy, for an hour, so a deleted video is not served on from a shared cache.
     */
    static final String VIEWER_CACHE = "private, max-age=3600";

    private final S3Client s3;
    private final String bucket;

    public MediaFiles(S3Client s3, PipelineResources resources) {
        this.s3 = s3;
        this.bucket = resources.mediaBucket();
    }

    /**
     * @param path  the key below {@code media/}
     * @param range the request's {@code Range} header, passed to S3 as it is (S3 answers 206 or 416)
     */
    public MutableHttpResponse<?> open(String path, String range) {
        if (!MEDIA_PATH.matcher(path).matches()) {
            throw notFound();
        }
        int slash = path.indexOf('/');
        String key = ObjectKeys.mediaPrefix(path.substring(0, slash)) + path.substring(slash + 1);
        try {
            var object = s3.getObject(b -> b.bucket(bucket).key(key).range(range));
            GetObjectResponse meta = object.response();
            var type = MediaType.of(meta.contentType() == null ? MediaType.APPLICATION_OCTET_STREAM : meta.contentType());
            MutableHttpResponse<StreamedFile> response = HttpResponse
                    .<StreamedFile>status(meta.contentRange() == null ? HttpStatus.OK : HttpStatus.PARTIAL_CONTENT)
                    .body(new StreamedFile(object, type, meta.lastModified().toEpochMilli(), meta.contentLength()))
                    .contentType(type) // also for HEAD, which has no body to take it from
                    .header(HttpHeaders.ACCEPT_RANGES, "bytes")
                    .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
            if (meta.contentRange() != null) {
                response.header(HttpHeaders.CONTENT_RANGE, meta.contentRange());
            }
            response.header(HttpHeaders.CACHE_CONTROL, VIEWER_CACHE);
            if (meta.eTag() != null) {
                response.header(HttpHeaders.ETAG, meta.eTag());
            }
            return response;
        } catch (NoSuchKeyException e) {
            throw notFound();
        } catch (S3Exception e) {
            if (e.statusCode() == RANGE_NOT_SATISFIABLE) {
                return HttpResponse.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
            }
            throw e;
        }
    }

    private static ApiProblem notFound() {
        return ApiProblem.noSuchMediaFile();
    }
}
