package dev.videopipeline.common.storage;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

import java.util.List;

/** Every object under a key prefix of one bucket: a video's files are deleted together. */
public final class BucketPrefix {

    private BucketPrefix() {
    }

    /** Deletes every object under {@code prefix}, a thousand per call; repeatable. */
    public static void deleteAll(S3Client s3, String bucket, String prefix) {
        for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))) {
            List<ObjectIdentifier> keys = page.contents().stream()
                    .map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
            if (!keys.isEmpty()) {
                s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(keys).quiet(true)));
            }
        }
    }
}
