package dev.videopipeline.local;

import dev.videopipeline.testpipeline.PipelineLauncher;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the pipeline's S3 emulator holds, read over its REST API as any S3 client would (signed
 * with the emulators' test keys, AWS signature version 2): the objects and the open multipart
 * uploads under a prefix. Enough to prove that a refused upload left nothing behind.
 */
final class Buckets {

    private static final Pattern KEY = Pattern.compile("<Key>([^<]*)</Key>");

    private final String endpoint;
    private final String accessKey;
    private final String secretKey;
    private final HttpClient http = HttpClient.newHttpClient();

    private Buckets(String endpoint, String accessKey, String secretKey) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    static Buckets of(PipelineLauncher pipeline) {
        return new Buckets(pipeline.awsProperty("aws.services.s3.endpoint-override"),
                pipeline.awsProperty("aws.credentials.access-key-id"),
                pipeline.awsProperty("aws.credentials.secret-access-key"));
    }

    /** The keys of the objects in {@code bucket} under {@code prefix}. */
    Set<String> objects(String bucket, String prefix) throws IOException, InterruptedException {
        return keys(bucket, "", prefix);
    }

    /** The keys that open (neither completed nor aborted) multipart uploads in {@code bucket} are writing. */
    Set<String> openUploads(String bucket, String prefix) throws IOException, InterruptedException {
        return keys(bucket, "uploads", prefix);
    }

    private Set<String> keys(String bucket, String subresource, String prefix) throws IOException, InterruptedException {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC));
        String resource = "/" + bucket + "/" + (subresource.isEmpty() ? "" : "?" + subresource);
        String query = (subresource.isEmpty() ? "?" : resource.substring(resource.indexOf('?')) + "&")
                + "prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8);
        var answer = http.send(HttpRequest.newBuilder(URI.create(endpoint + "/" + bucket + "/" + query))
                        .header("x-amz-date", date)
                        .header("Authorization", "AWS " + accessKey + ":"
                                + sign("GET\n\n\n\nx-amz-date:" + date + "\n" + resource))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200 || answer.body().contains("<IsTruncated>true</IsTruncated>")) {
            throw new IOException("S3 listing of " + resource + " answered " + answer.statusCode() + " " + answer.body());
        }
        var keys = new TreeSet<String>();
        KEY.matcher(answer.body()).results().forEach(key -> keys.add(key.group(1)));
        return keys;
    }

    private String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
