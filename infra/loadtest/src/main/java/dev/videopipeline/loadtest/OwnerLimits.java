package dev.videopipeline.loadtest;

import java.util.Map;

/**
 * A load test is one owner uploading for many users: the per-owner limits (videos in flight,
 * uploads and encodes at once, source seconds a day) would refuse or queue the very burst that
 * measures the fleet, so the local pipeline of a load run starts with them lifted.
 */
public final class OwnerLimits {

    /** The launcher's environment that lifts them. */
    public static final Map<String, String> LIFTED = Map.of(
            "PIPELINE_QUOTA_VIDEOS_IN_FLIGHT", "100",
            "PIPELINE_UPLOAD_MAX_CONCURRENT_PER_OWNER", "16",
            "PIPELINE_QUOTA_ENCODES_AT_ONCE", "16",
            "PIPELINE_QUOTA_SOURCE_SECONDS_PER_DAY", "1000000");

    private OwnerLimits() {
    }
}
