package dev.videopipeline.receiver.videos;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.common.video.VideoStatus;
import dev.videopipeline.receiver.problem.ApiProblem;
import dev.videopipeline.receiver.quota.OwnerQuotas;
import dev.videopipeline.receiver.quota.QuotaSettings;
import dev.videopipeline.receiver.intake.Handover;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.StorageClass;

import java.util.Set;

/**
 * The owner's retry of a failed video: it starts over as UPLOADED (attempts, failure and mail
 * forgotten) and is queued again, counted again among the owner's videos in flight. A repeated
 * retry finds it already on its way and changes nothing. A video is retried at most
 * {@code pipeline.quota.retries-per-video} times: one that can never encode cannot take the fleet forever.
 */
@Singleton
public class VideoRetry {

    private static final Logger LOG = LoggerFactory.getLogger(VideoRetry.class);
    private static final Set<StorageClass> ARCHIVED = Set.of(StorageClass.GLACIER, StorageClass.DEEP_ARCHIVE);

    private final VideoRepository videos;
    private final Handover completion;
    private final S3Client s3;
    private final PipelineResources resources;
    private final OwnerQuotas quotas;
    private final QuotaSettings settings;

    public VideoRetry(VideoRepository videos, Handover completion, S3Client s3, PipelineResources resources,
                      OwnerQuotas quotas, QuotaSettings settings) {
        this.videos = videos;
        this.completion = completion;
        this.s3 = s3;
        this.resources = resources;
        this.quotas = quotas;
        this.settings = settings;
    }

    public Video retry(Video video) {
        switch (video.status()) {
            case UPLOADED, ENCODING -> {
                return video;
            }
            case UPLOADING, READY -> throw ApiProblem.conflict("Only a failed video can be retried; this one is "
                    + video.status() + ".");
            case FAILED -> {
                requireSource(video);
                quotas.admitRetry(video.owner().id(), video.id());
            }
        }
        LOG.atInfo().setMessage("retry requested").addKeyValue("videoId", video.id())
                .addKeyValue("failureReason", video.failureReason()).log();
        var started = videos.startOver(video.id(), settings.retriesPerVideo());
        if (started.isPresent()) {
            return completion.enqueueOrLeaveToTheSweeper(started.get());
        }
        var now = videos.find(video.id()).orElseThrow(() -> ApiProblem.notFound(video.id()));
        if (now.status() == VideoStatus.FAILED) {
            // Not started over, and no other retry started it either: its retries are used up.
            quotas.leave(video.owner().id(), video.id());
            throw ApiProblem.conflict("This video has been retried " + settings.retriesPerVideo()
                    + " times, the most one video is. Upload the file again for another try.");
        }
        return now;
    }

    /** Sources move to an archive class after a while (infra/aws); the encoder could not read them there. */
    private void requireSource(Video video) {
        try {
            var head = s3.headObject(b -> b.bucket(resources.uploadsBucket()).key(video.sourceKey()));
            if (ARCHIVED.contains(head.storageClass())) {
                throw ApiProblem.conflict("The original file has been archived; please upload it again.");
            }
        } catch (NoSuchKeyException gone) {
            throw ApiProblem.conflict("The original file is no longer stored; please upload it again.");
        }
    }
}
