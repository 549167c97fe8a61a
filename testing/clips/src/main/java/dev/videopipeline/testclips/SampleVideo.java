package dev.videopipeline.testclips;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A sample for someone without a video at hand: {@code SampleVideo DIR} writes a 10 s 720p MP4
 * (moving test pattern and a tone) into DIR and prints its path.
 */
public final class SampleVideo {

    private SampleVideo() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "."));
        System.out.println(TestClips.write(dir, TestClips.Kind.MP4, 10, 1280, 720, true, 0));
    }
}
