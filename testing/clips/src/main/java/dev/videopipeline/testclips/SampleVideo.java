package dev.videopipeline.testclips;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sample for someone without a video at hand: {@code SampleVideo DIR} writes a 10 s 720p MP4
 * (moving test pattern and a tone) into DIR and prints its path. {@code SampleVideo DIR BYTES}
 * writes a file of exactly BYTES instead, for upload benchmarks: a real one-second MP4 the
 * receiver recognises, then filler.
 */
public final class SampleVideo {

    private SampleVideo() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "."));
        System.out.println(args.length > 1 ? TestClips.mp4Padded(dir, Long.parseLong(args[1]))
                : TestClips.write(dir, TestClips.Kind.MP4, 10, 1280, 720, true, 0));
    }
}
