package dev.videopipeline.receiver;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.localaws.junit.LocalAws;

import static org.assertj.core.api.Assertions.assertThat;

/** What the emulators hold, read through the real SDK: the tests' view of "nothing was stored". */
public final class PipelineState {

    private PipelineState() {
    }

    public static void assertNothingStored(LocalAws aws, PipelineResources resources) {
        assertThat(aws.s3().listObjectsV2(b -> b.bucket(resources.uploadsBucket())).contents())
                .as("objects in the uploads bucket").isEmpty();
        assertThat(aws.openMultipartUploads(resources.uploadsBucket())).as("open multipart uploads").isEmpty();
        assertThat(aws.dynamoDb().scan(b -> b.tableName(resources.videosTable())).items())
                .as("video items").isEmpty();
        assertThat(aws.receiveAll(resources.encodeQueueUrl())).as("encode requests").isEmpty();
    }
}
