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
            FAILED, EnumSet.noneOf(VideoStatus.class));

    public boolean canBecome(VideoStatus next) {
        return NEXT.get(this).contains(next);
    }

    /** Not an outcome yet: the byPending index holds these, for the sweeper of stalled videos. */
    public boolean isPending() {
        return !isFinal();
    }

    /** READY and FAILED are outcomes: nothing moves a video out of them. */
    public boolean isFinal() {
        return NEXT.get(this).isEmpty();
    }
}
