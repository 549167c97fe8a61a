package dev.videopipeline.receiver.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.receiver.ReceiverProcess;
import dev.videopipeline.testclips.TestClips;
import dev.videopipeline.testpipeline.Json;
import dev.videopipeline.testpipeline.PipelineClient;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Upload throughput, the same file to the same S3 emulator three ways, side by side in one run:
 * the SDK's own multipart upload (the receiver's part size, one part at a time and two, as the
 * receiver sends), streamed through the receiver ({@code POST /videos}, a receiver with a 128 MiB heap),
 * and presigned multipart ({@code POST /videos/uploads}, N parts at a time, as the web page). It
 * prints the median of each, their ratios, the CPU each process spent per upload, and the
 * receiver's peak heap and RSS.
 * {@code receiver/bench/upload [--mib 1024] [--runs 3] [--warmup 1] [--parallel 4] [--pin 0|1]};
 * {@code RECEIVER_JAVA_OPTS} goes to the receiver's JVM.
 */
public final class UploadBenchmark {

    private static final String OWNER = "bench@example.com";
    private static final int PART_BYTES = 8 << 20;

    private final LocalAws aws;
    private final ReceiverProcess receiver;
    private final PipelineClient api;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Path file;
    private final long size;
    private final int parallel;

    private UploadBenchmark(LocalAws aws, ReceiverProcess receiver, Path file, int parallel) throws IOException {
        this.aws = aws;
        this.receiver = receiver;
        this.api = new PipelineClient("http://127.0.0.1:" + receiver.port());
        this.file = file;
        this.size = Files.size(file);
        this.parallel = parallel;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Integer> options = options(args, Map.of("--mib", 1024, "--runs", 3, "--warmup", 1, "--parallel", 4,
                "--pin", 0));
        long size = (long) options.get("--mib") << 20;
        boolean pinned = options.get("--pin") == 1;
        List<String> launcher = pinned ? pinApart() : List.of();
        Path dir = Files.createTempDirectory("upload-bench");
        List<String> receiverOptions = new ArrayList<>(List.of("-Xmx128m",
                "-Dpipeline.upload.max-bytes=" + Math.max(size, 5L << 30), "-Dpipeline.quota.bytes-per-day=" + (1L << 50),
                "-Dendpoints.metrics.enabled=true", "-Dendpoints.metrics.sensitive=false"));
        // More for the receiver's JVM, such as a profiler: RECEIVER_JAVA_OPTS="-agentpath:…"
        String more = System.getenv().getOrDefault("RECEIVER_JAVA_OPTS", "").strip();
        if (!more.isEmpty()) {
            receiverOptions.addAll(List.of(more.split("\\s+")));
        }
        try (LocalAws aws = LocalAws.launchForThroughput();
             ReceiverProcess receiver = ReceiverProcess.start(aws.properties(), "upload-bench", launcher,
                     receiverOptions.toArray(String[]::new))) {
            Path file = TestClips.mp4Padded(dir, size);
            new UploadBenchmark(aws, receiver, file, options.get("--parallel")).run(options.get("--warmup"), options.get("--runs"),
                    pinned ? "the receiver on a core of its own (" + launcher + "), the client and emulators on the rest"
                            : Runtime.getRuntime().availableProcessors() + " cores shared by all");
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * With {@code --pin 1} the receiver gets the last core and this JVM, with the emulators it starts,
     * the others: the receiver as a task with vCPUs of its own, the client and S3 elsewhere, as
     * deployed. The direct ways then run on the same cores as the client and emulators do on the
     * streamed way, so the ratio says what the receiver's hop costs rather than how three processes
     * share two cores.
     */
    private static List<String> pinApart() throws IOException, InterruptedException {
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores < 2) {
            throw new IllegalStateException("--pin 1 needs 2 cores or more; this machine has " + cores);
        }
        String rest = cores == 2 ? "0" : "0-" + (cores - 2);
        // -a: every thread this JVM has now; threads and processes started later inherit it.
        Process pin = new ProcessBuilder("taskset", "-a", "-cp", rest, String.valueOf(ProcessHandle.current().pid()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
        if (pin.waitFor() != 0) {
            throw new IllegalStateException("taskset (util-linux) could not pin this JVM to cores " + rest);
        }
        return List.of("taskset", "-c", String.valueOf(cores - 1));
    }

    private void run(int warmup, int runs, String cores) throws Exception {
        Map<String, Supplier<Runnable>> ways = new LinkedHashMap<>();
        ways.put("SDK multipart, 8 MiB parts, 1 at a time", () -> sdkMultipart(1));
        ways.put("SDK multipart, 8 MiB parts, 2 at a time", () -> sdkMultipart(2));
        ways.put("through the receiver (POST /videos)", this::throughReceiver);
        ways.put("presigned multipart, the ticket's parts, " + parallel + " at a time", this::presignedMultipart);
        Map<String, List<Measured>> results = new LinkedHashMap<>();
        ways.keySet().forEach(name -> results.put(name, new ArrayList<>()));
        var heap = new PeakHeap("http://127.0.0.1:" + receiver.managementPort() + "/metrics");
        List<String> order = new ArrayList<>(ways.keySet());
        for (int run = 1 - warmup; run <= runs; run++) { // the warm-up rounds let the JIT compile; not counted
            for (String way : order) {
                Measured m = Measured.of(ways.get(way), receiver.process().toHandle(), emulators());
                if (run > 0) {
                    results.get(way).add(m);
                }
            }
            Collections.rotate(order, 1); // what one way leaves behind (a GC, a busy emulator) falls on each in turn
        }
        heap.close();
        System.out.printf("%d MiB, median of %d runs after %d warm-up, %s; x: throughput against the SDK with 2 "
                + "parts at a time%n", size >> 20, runs, warmup, cores);
        // The ratios are against the SDK with as many parts in flight as the receiver.
        double sdk = median(new ArrayList<>(results.values()).get(1)).seconds();
        for (var entry : results.entrySet()) {
            Measured cpu = median(entry.getValue()); // the CPU of the median run
            double seconds = cpu.seconds();
            System.out.printf("  %-44s %6.2f s %7.1f MiB/s  %.2fx   CPU: bench %.1f s, receiver %.1f s, emulators %.1f s%n",
                    entry.getKey(), seconds, (size >> 20) / seconds, sdk / seconds,
                    cpu.benchCpu(), cpu.receiverCpu(), cpu.emulatorCpu());
        }
        System.out.printf("  receiver (-Xmx128m): peak heap used %d MiB, peak live data after GC %d MiB (sampled "
                + "every 100 ms), peak RSS %s%n", heap.usedBytes() >> 20, heap.liveBytes() >> 20,
                peakRss(receiver.process().pid()));
    }

    /**
     * The SDK's own multipart calls from the file, with the receiver's part size and {@code inFlight}
     * parts at a time: 2 is what the receiver sends with (pipeline.upload.parts-in-flight).
     */
    private Runnable sdkMultipart(int inFlight) {
        S3Client s3 = aws.s3();
        String bucket = aws.property("pipeline.uploads-bucket");
        String key = "bench/sdk-multipart";
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        ExecutorService senders = Executors.newFixedThreadPool(inFlight);
        try {
            List<Future<CompletedPart>> sent = new ArrayList<>();
            for (long offset = 0; offset < size; offset += PART_BYTES) {
                long from = offset;
                long length = Math.min(PART_BYTES, size - offset);
                int number = sent.size() + 1;
                sent.add(senders.submit(() -> CompletedPart.builder().partNumber(number).eTag(s3.uploadPart(
                        b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                        RequestBody.fromContentProvider(() -> slice(from, length), length, "application/octet-stream"))
                        .eTag()).build()));
            }
            List<CompletedPart> parts = new ArrayList<>();
            for (Future<CompletedPart> part : sent) {
                parts.add(part.get());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            senders.shutdown();
        }
        return () -> s3.deleteObject(b -> b.bucket(bucket).key(key));
    }

    private Runnable throughReceiver() {
        try {
            return delete(api.uploadVideo(file, OWNER, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** As the web page uploads: the receiver's ticket, then its part URLs PUT {@code parallel} at a time. */
    private Runnable presignedMultipart() {
        try {
            HttpResponse<String> answer = api.send(api.request("/videos/uploads")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("filename", "bench.mp4", "size", size)))),
                    OWNER);
            JsonNode ticket = Json.parse(answer.body());
            String id = ticket.get("id").asText();
            JsonNode upload = ticket.get("upload");
            long partSize = upload.get("partSizeBytes").asLong();
            ExecutorService senders = Executors.newFixedThreadPool(parallel);
            try {
                List<Future<Integer>> puts = new ArrayList<>();
                for (JsonNode part : upload.get("parts")) {
                    long from = (part.get("partNumber").asLong() - 1) * partSize;
                    long length = Math.min(partSize, size - from);
                    puts.add(senders.submit(() -> http.send(HttpRequest.newBuilder(URI.create(part.get("url").asText()))
                            .PUT(HttpRequest.BodyPublishers.fromPublisher(
                                    HttpRequest.BodyPublishers.ofInputStream(() -> slice(from, length)), length))
                            .build(), HttpResponse.BodyHandlers.discarding()).statusCode()));
                }
                for (Future<Integer> put : puts) {
                    if (put.get() != 200) {
                        throw new IllegalStateException("a part PUT answered " + put.get());
                    }
                }
            } finally {
                senders.shutdown();
            }
            HttpResponse<String> complete = api.send(api.request("/videos/" + id + "/complete")
                    .POST(HttpRequest.BodyPublishers.noBody()), OWNER);
            if (complete.statusCode() != 202) {
                throw new IllegalStateException("complete answered " + complete.statusCode() + " " + complete.body());
            }
            return delete(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each upload goes again, after its timing, so the runs never fill the owner's videos-in-flight quota. */
    private Runnable delete(String id) {
        return () -> {
            try {
                api.send(api.request("/videos/" + id).DELETE(), OWNER);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }

    private InputStream slice(long from, long length) {
        try {
            FileChannel channel = FileChannel.open(file);
            channel.position(from);
            return new FilterInputStream(Channels.newInputStream(channel)) {
                private long left = length;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = super.read(b, off, (int) Math.min(len, left));
                    left -= Math.max(n, 0);
                    return n;
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The emulators' processes: the benchmark's other descendants. */
    private List<ProcessHandle> emulators() {
        long receiverPid = receiver.process().pid();
        return ProcessHandle.current().descendants().filter(p -> p.pid() != receiverPid).toList();
    }

    private static Measured median(List<Measured> runs) {
        return runs.stream().sorted(Comparator.comparingDouble(Measured::seconds)).toList().get(runs.size() / 2);
    }

    private static String peakRss(long pid) throws IOException {
        Path status = Path.of("/proc", String.valueOf(pid), "status");
        if (!Files.isReadable(status)) {
            return "(no /proc here)";
        }
        return Files.readAllLines(status).stream().filter(l -> l.startsWith("VmHWM:"))
                .map(l -> (Long.parseLong(l.replaceAll("\\D", "")) >> 10) + " MiB").findFirst().orElse("?");
    }

    private static Map<String, Integer> options(String[] args, Map<String, Integer> defaults) {
        Map<String, Integer> options = new LinkedHashMap<>(defaults);
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!defaults.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; options: " + defaults.keySet());
            }
            options.put(args[i], Integer.parseInt(args[i + 1]));
        }
        return options;
    }

    /** One upload's wall time, and the CPU time the benchmark, the receiver and the emulators spent on it. */
    private record Measured(double seconds, double benchCpu, double receiverCpu, double emulatorCpu) {

        /** Times {@code upload}, then runs the removal it returns, untimed. */
        static Measured of(Supplier<Runnable> upload, ProcessHandle receiver, List<ProcessHandle> emulators) {
            double bench = cpu(List.of(ProcessHandle.current()));
            double receiving = cpu(List.of(receiver));
            double emulating = cpu(emulators);
            long started = System.nanoTime();
            Runnable removal = upload.get();
            double seconds = (System.nanoTime() - started) / 1e9;
            var measured = new Measured(seconds, cpu(List.of(ProcessHandle.current())) - bench,
                    cpu(List.of(receiver)) - receiving, cpu(emulators) - emulating);
            removal.run();
            return measured;
        }

        private static double cpu(List<ProcessHandle> processes) {
            return processes.stream().mapToDouble(p -> p.info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9)
                    .sum();
        }
    }
}
