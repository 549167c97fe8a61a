package dev.videopipeline.common.video;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a video is in the pipeline. The legal transitions are data: one table, used by every
 * writer through {@link VideoRepository#transition}.
 */
public enum VideoStatus {
    UPLOADING,
    UPLOADED,
    ENCODING,
    READY,
    FAILED;

    private static final Map<VideoStatus, Set<VideoStatus>> NEXT = Map.of(
            UPLOADING, EnumSet.of(UPLOADED),
            UPLOADED, EnumSet.of(ENCODING, FAILED),
            // ENCODING -> ENCODING is the re-claim of a job whose lease expired (crash, timeout).
            ENCODING, EnumSet.of(ENCODING, READY, FAILED),
            READY, EnumSet.noneOf(VideoStatus.class),
            // Only the owner's retry (POST /videos/{id}/retry) moves a failed video on: it queues it again.
            FAILED, EnumSet.of(UPLOADED));

    public boolean canBecome(VideoStatus next) {
        return NEXT.get(this).contains(next);
    }

    /** Not an outcome yet: the byPending index holds these, for the sweeper of stalled videos. */
    public boolean isPending() {
        return !isFinal();
    }

    /** READY and FAILED are outcomes: the pipeline is done with the video until its owner retries a failure. */
    public boolean isFinal() {
        return this == READY || this == FAILED;
    }
}
