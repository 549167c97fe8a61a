package dev.videopipeline.localaws;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The region and the static credentials every local client and emulator agree on. */
final class LocalAccount {

    static final String REGION = "us-east-1";
    static final String ACCESS_KEY_ID = "test";
    static final String SECRET_ACCESS_KEY = "test";

    private LocalAccount() {
    }

    static Region region() {
        return Region.of(REGION);
    }

    static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }
}
