package dev.videopipeline.common.video;

/**
 * The container families the receiver accepts, recognised from a file's own bytes. The receiver
 * records which one it saw; the encoder opens the source with that demuxer and no other, so the
 * bytes never choose what code reads them.
 */
public enum Container { ISO_MP4, QUICKTIME, MATROSKA, AVI, MPEG_TS, MPEG_PS, FLV, ASF }
