package dev.videopipeline.mailer.worker;

import dev.videopipeline.common.aws.PipelineResources;
import dev.videopipeline.common.messaging.MessageCodec;
import dev.videopipeline.common.messaging.VideoReady;
import dev.videopipeline.common.video.Video;
import dev.videopipeline.common.video.VideoRepository;
import dev.videopipeline.localaws.junit.LocalAws;
import dev.videopipeline.localaws.junit.LocalAwsTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How many mails a second one mailer sends against the emulators. Off in the normal build; run it with
 * {@code ./mvnw verify -pl mailer -Dit.test=MailThroughputIT -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false
 * -Dmailer.bench.mails=1000 [-Dmailer.concurrency=8]}.
 */
@LocalAwsTest
@MicronautTest
@EnabledIfSystemProperty(named = "mailer.bench.mails", matches = "\\d+")
class MailThroughputIT {

    @Inject
    VideoRepository videos;

    @Inject
    MessageCodec codec;

    @Inject
    PipelineResources resources;

    @Inject
    MeterRegistry metrics;

    @Inject
    MailerSettings settings;

    @Test
    void mailsPerSecond(LocalAws aws) {
        aws.reset();
        int mails = Integer.getInteger("mailer.bench.mails");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < mails; i++) {
            Video video = Videos.ready("Benchmark " + i);
            videos.create(video);
            bodies.add(codec.encode(new VideoReady(video.id())));
        }
        double sentBefore = sent();
        ProcessHandle emulators = ProcessHandle.of(Long.parseLong(aws.property("local-aws.pid"))).orElseThrow();
        Duration mailerCpu = cpu(ProcessHandle.current());
        Duration emulatorCpu = cpu(emulators);
        Duration sesCpu = descendantsCpu(emulators);

        long started = System.nanoTime();
        for (int i = 0; i < bodies.size(); i += 10) {
            List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (int j = i; j < Math.min(i + 10, bodies.size()); j++) {
                batch.add(SendMessageBatchRequestEntry.builder().id("m" + j).messageBody(bodies.get(j)).build());
            }
            aws.sqs().sendMessageBatch(b -> b.queueUrl(resources.notifyQueueUrl()).entries(batch));
        }
        await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> sent() - sentBefore >= mails);
        double seconds = (System.nanoTime() - started) / 1e9;
        mailerCpu = cpu(ProcessHandle.current()).minus(mailerCpu);
        emulatorCpu = cpu(emulators).minus(emulatorCpu);
        sesCpu = descendantsCpu(emulators).minus(sesCpu);

        Timer send = metrics.timer("pipeline.mail.send", "outcome", "ready", "result", "sent");
        System.out.printf("MAILER BENCHMARK: %d mails in %.1f s = %.1f mails/s at concurrency %d; "
                        + "SES call mean %.1f ms, max %.1f ms%n", mails, seconds, mails / seconds,
                settings.concurrency(), send.mean(TimeUnit.MILLISECONDS), send.max(TimeUnit.MILLISECONDS));
        System.out.printf("MAILER BENCHMARK CPU: %d cores; mailer JVM %.1f s, emulator JVM (SQS, DynamoDB) %.1f s, "
                        + "SES emulator (node) %.1f s%n", Runtime.getRuntime().availableProcessors(),
                mailerCpu.toMillis() / 1e3, emulatorCpu.toMillis() / 1e3, sesCpu.toMillis() / 1e3);
        assertThat(sent() - sentBefore).isEqualTo(mails);
    }

    private static Duration cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO);
    }

    private static Duration descendantsCpu(ProcessHandle process) {
        return process.descendants().map(MailThroughputIT::cpu).reduce(Duration.ZERO, Duration::plus);
    }

    private double sent() {
        return metrics.counter("pipeline.mails.sent", "outcome", "ready").count();
    }
}
