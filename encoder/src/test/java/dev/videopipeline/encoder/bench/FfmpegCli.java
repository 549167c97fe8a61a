package dev.videopipeline.encoder.bench;

import dev.videopipeline.encoder.transcode.Rung;
import org.bytedeco.javacpp.Loader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The ffmpeg executable from FFmpeg's native jar (the same build the encoder links): the anchor
 * of the benchmark, with the encoder's own settings (libx264 veryfast, the rung's bitrates with its
 * VBV, key frames every two seconds and nowhere else in closed GOPs, square pixels, AAC, faststart). It links libpulse: {@code apt-get install libpulse0}.
 */
final class FfmpegCli {

    private final String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);

    /** A moving test pattern with a tone, 1080p30, {@code seconds} long. */
    Path testClip(Path dir, int seconds) throws Exception {
        Path clip = dir.resolve("source-" + seconds + "s.mp4");
        run(List.of(ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", String.valueOf(seconds),
                "-c:v", "libx264", "-preset", "veryfast", "-b:v", "8000k", "-pix_fmt", "yuv420p",
                "-c:a", "aac", "-ac", "2", clip.toString()));
        return clip;
    }

    /** Every rung from one ffmpeg process: one decode, {@code split} into one scale per rung. */
    Run ladder(Path source, List<Rung> ladder, boolean audio, int keyframeInterval, Path out) throws Exception {
        var graph = new StringJoiner(";");
        var split = new StringBuilder("[0:v]split=" + ladder.size());
        for (int i = 0; i < ladder.size(); i++) {
            split.append("[v").append(i).append("]");
            graph.add("[v" + i + "]scale=" + ladder.get(i).width() + ":" + ladder.get(i).height() + ",setsar=1[o" + i + "]");
        }
        List<String> command = new ArrayList<>(List.of(ffmpeg, "-v", "error", "-y", "-i", source.toString(),
                "-filter_complex", split + ";" + graph));
        for (int i = 0; i < ladder.size(); i++) {
            Rung rung = ladder.get(i);
            long peak = Math.round(rung.videoKbps() * 1.5);
            command.addAll(List.of("-map", "[o" + i + "]", "-c:v", "libx264", "-preset", "veryfast",
                    "-b:v", rung.videoKbps() + "k", "-maxrate", peak + "k", "-bufsize", 2 * peak + "k",
                    "-x264-params", "keyint=" + keyframeInterval + ":min-keyint=" + keyframeInterval
                            + ":scenecut=0:open-gop=0", "-pix_fmt", "yuv420p"));
            if (audio) {
                command.addAll(List.of("-map", "0:a", "-c:a", "aac", "-b:a", rung.audioKbps() + "k"));
            }
            command.addAll(List.of("-movflags", "+faststart", out.resolve(rung.name() + ".mp4").toString()));
        }
        return run(command);
    }

    /**
     * The luma PSNR of each picture of a rendition against its source scaled to the rendition's
     * size, through FFmpeg's {@code psnr} filter, in dB.
     */
    List<Double> psnr(Path rendition, Path source, int width, int height) throws Exception {
        Path stats = Files.createTempFile("psnr-", ".log");
        try {
            var builder = new ProcessBuilder(ffmpeg, "-v", "error", "-i", rendition.toString(), "-i", source.toString(),
                    "-lavfi", "[1:v]scale=" + width + ":" + height + ":flags=bicubic[reference];[0:v][reference]psnr=stats_file="
                    + stats, "-f", "null", "-").redirectErrorStream(true);
            builder.environment().put("LD_LIBRARY_PATH", Path.of(ffmpeg).getParent().toString());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("ffmpeg measured no PSNR: " + output);
            }
            List<Double> pictures = new ArrayList<>();
            for (String line : Files.readAllLines(stats)) {
                for (String field : line.split(" ")) {
                    if (field.startsWith("psnr_y:")) {
                        String value = field.substring(7);
                        pictures.add(value.equals("inf") ? 100 : Math.min(100, Double.parseDouble(value)));
                    }
                }
            }
            return pictures;
        } finally {
            Files.deleteIfExists(stats);
        }
    }

    private Run run(List<String> command) throws Exception {
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        // Its libraries (libva, libdrm...) were unpacked beside it.
        builder.environment().put("LD_LIBRARY_PATH", Path.of(ffmpeg).getParent().toString());
        double cpu = ProcStatus.childrenCpuSeconds();
        long start = System.nanoTime();
        Process process = builder.start();
        String pid = String.valueOf(process.pid());
        long peak = 0;
        while (process.isAlive()) {
            peak = Math.max(peak, ProcStatus.of(pid, "VmHWM"));
            process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg failed (" + process.exitValue() + "): " + command);
        }
        return new Run((System.nanoTime() - start) / 1e9, ProcStatus.childrenCpuSeconds() - cpu, peak);
    }
}
