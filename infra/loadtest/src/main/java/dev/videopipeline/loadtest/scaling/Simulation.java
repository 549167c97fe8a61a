package dev.videopipeline.loadtest.scaling;

import dev.videopipeline.infra.aws.config.EncoderScaling;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Random;

/**
 * The encoder service under a scenario, one second at a time: uploads arrive, idle tasks take the
 * oldest request (one job each, as ENCODER_CONCURRENCY=1), tasks take 60-90 s to start (Fargate),
 * and the {@link Autoscaler} sets the desired count each minute. Encode times come from
 * {@link EncodeTimes}: lognormal around the policy's mean, or resampled from measured ones. A busy
 * task is protected from scale-in, as the encoder protects itself while it works
 * (ScaleInProtection): a scale-in stops starting and idle tasks, and a busy one only once its job
 * is done, before it takes another. Without protection ({@code protectedWhileBusy} false, as before
 * it) a stopped busy task hands its job back to the front of the queue, as the encoder does on
 * SIGTERM. With {@link Chunking}, a long video is many requests (its chunks), any task takes any
 * of them, and the task that finishes the last one joins them; the backlog counts chunks, as the
 * queue does. Runs until every upload is encoded and the service is back at its minimum;
 * deterministic for a seed.
 */
final class Simulation {

    private static final Duration START_MIN = Duration.ofSeconds(60);
    private static final Duration START_MAX = Duration.ofSeconds(90);
    /** Encode times spread around their mean, unless measured ones are given: a lognormal with this shape. */
    static final double ENCODE_TIME_SIGMA = 0.5;
    private static final long GIVE_UP_AFTER = Duration.ofDays(7).toSeconds();

    /** One minute of the run. */
    record Sample(long second, int desired, int running, int visible, long oldestWaitSeconds) {
    }

    /** One upload: READY once its last request is done (and joined, when chunked). */
    private static final class Video {
        final long arrival;
        final boolean chunked;
        int remaining;

        Video(long arrival, int requests) {
            this.arrival = arrival;
            this.chunked = requests > 1;
            this.remaining = requests;
        }
    }

    /** One request on the queue: a whole video, or one of its chunks. */
    private record Request(Video video, long work) {
    }

    private static final class Task {
        long readyAt;
        long busyUntil = -1;
        Request job;
        /** The job done, the task joins its video's chunks until {@code busyUntil}. */
        boolean joining;

        Task(long readyAt) {
            this.readyAt = readyAt;
        }
    }

    private final Scenario scenario;
    private final EncoderScaling policy;
    private final EncodeTimes encodeTimes;
    /** One stream each, so that the same seed brings the same uploads whatever the encode times. */
    private final Random arrivals;
    private final Random encodes;
    private final Random starts;
    private final boolean protectedWhileBusy;
    private final Chunking chunking;

    Simulation(Scenario scenario, EncoderScaling policy, long seed) {
        this(scenario, policy, EncodeTimes.lognormal(policy.meanEncodeTime(), ENCODE_TIME_SIGMA), seed, true);
    }

    Simulation(Scenario scenario, EncoderScaling policy, EncodeTimes encodeTimes, long seed, boolean protectedWhileBusy) {
        this(scenario, policy, encodeTimes, seed, protectedWhileBusy, Chunking.OFF);
    }

    Simulation(Scenario scenario, EncoderScaling policy, EncodeTimes encodeTimes, long seed, boolean protectedWhileBusy,
               Chunking chunking) {
        this.protectedWhileBusy = protectedWhileBusy;
        this.chunking = chunking;
        this.scenario = scenario;
        this.policy = policy;
        this.encodeTimes = encodeTimes;
        this.arrivals = new Random(seed);
        this.encodes = new Random(seed + 1);
        this.starts = new Random(seed + 2);
    }

    SimulationResult run() {
        var autoscaler = new Autoscaler(policy);
        Deque<Request> queue = new ArrayDeque<>();
        List<Task> tasks = new ArrayList<>();
        for (int i = 0; i < policy.minTasks(); i++) {
            tasks.add(new Task(0));
        }
        List<Sample> samples = new ArrayList<>();
        List<Long> latencies = new ArrayList<>();
        long horizon = scenario.horizon().toSeconds();
        int arrived = 0;
        int requests = 0;
        int handedBack = 0;
        int desired = policy.minTasks();
        double taskSeconds = 0;
        long t = 0;
        for (; t < GIVE_UP_AFTER; t++) {
            if (t < horizon) {
                for (int n = poisson(scenario.perSecond().applyAsDouble(t)); n > 0; n--) {
                    requests += arrive(t, queue);
                    arrived++;
                }
            }
            for (var it = tasks.iterator(); it.hasNext(); ) {
                Task task = it.next();
                if (task.busyUntil >= 0 && task.busyUntil <= t) {
                    Video video = task.job.video();
                    if (!task.joining && --video.remaining == 0 && video.chunked) {
                        // The last chunk: this task joins them before the video is READY.
                        task.joining = true;
                        task.busyUntil = t + chunking.joinSeconds();
                        continue;
                    }
                    if (video.remaining == 0) {
                        latencies.add(t - video.arrival);
                    }
                    task.busyUntil = -1;
                    task.joining = false;
                    task.job = null;
                    if (tasks.size() > desired) {
                        // Its protection ends with its job: the scale-in that waited for it stops it now.
                        it.remove();
                        continue;
                    }
                }
                if (task.readyAt <= t && task.busyUntil < 0 && !queue.isEmpty()) {
                    task.job = queue.removeFirst();
                    task.busyUntil = t + task.job.work();
                }
            }
            taskSeconds += tasks.size();
            if (t % 60 == 0) {
                long now = t;
                int running = (int) tasks.stream().filter(task -> task.readyAt <= now).count();
                long oldest = queue.isEmpty() ? 0 : t - queue.peekFirst().video().arrival;
                desired = autoscaler.evaluate(t, tasks.size(), running, queue.size());
                samples.add(new Sample(t, desired, running, queue.size(), oldest));
                while (tasks.size() < desired) {
                    tasks.add(new Task(t + START_MIN.toSeconds()
                            + starts.nextInt((int) (START_MAX.minus(START_MIN).toSeconds() + 1))));
                }
                // Scale-in stops the tasks that lose least first: still starting, then idle, then busy.
                tasks.sort(Comparator.comparingLong((Task task) -> task.readyAt > now ? 0 : task.busyUntil < 0 ? 1 : 2));
                while (tasks.size() > desired && (!protectedWhileBusy || tasks.get(0).busyUntil < 0)) {
                    Task stopped = tasks.remove(0);
                    if (stopped.busyUntil >= 0 && !stopped.joining) {
                        queue.addFirst(stopped.job);
                        handedBack++;
                    } else if (stopped.joining) {
                        // Its join is lost with it; the video's request comes back and joins the done chunks.
                        stopped.job.video().remaining++;
                        queue.addFirst(new Request(stopped.job.video(), chunking.overheadSeconds()));
                        handedBack++;
                    }
                }
                boolean drained = t >= horizon && queue.isEmpty()
                        && tasks.stream().allMatch(task -> task.busyUntil < 0);
                if (drained && tasks.size() <= policy.minTasks()) {
                    break;
                }
            }
        }
        return new SimulationResult(scenario, samples, latencies, taskSeconds / 3600, arrived, requests, handedBack,
                t >= GIVE_UP_AFTER);
    }

    /** An upload: its encode drawn (or the scenario's long one), queued whole or as its chunks; how many. */
    private int arrive(long t, Deque<Request> queue) {
        boolean isLong = scenario.longShare() > 0 && encodes.nextDouble() < scenario.longShare();
        long work = isLong ? scenario.longEncode().toSeconds() : encodeTimes.draw(encodes);
        int chunks = chunking.chunks(work);
        Video video = new Video(t, chunks);
        for (int i = 0; i < chunks; i++) {
            queue.addLast(new Request(video, chunking.chunkWork(work)));
        }
        return chunks;
    }

    /** Knuth's method: fine for the few per second these scenarios have. */
    private int poisson(double mean) {
        double limit = Math.exp(-mean);
        double product = arrivals.nextDouble();
        int count = 0;
        while (product > limit) {
            count++;
            product *= arrivals.nextDouble();
        }
        return count;
    }
}
