package dev.videopipeline.local;

import dev.videopipeline.testpipeline.PipelineLauncher;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pipeline's queues through the SQS emulator's query API (the emulator checks no signature):
 * how many messages they hold (waiting, in flight, delayed), and a message sent as a service would.
 */
final class Queues {

    /** The state file's keys of the queues: the two work queues and their dead-letter queues. */
    static final List<String> ALL = List.of("pipeline.encode-queue-url", "pipeline.notify-queue-url",
            "pipeline.encode-dlq-url", "pipeline.notify-dlq-url");

    private static final List<String> COUNTS = List.of("ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed");

    private final PipelineLauncher pipeline;
    private final HttpClient http = HttpClient.newHttpClient();

    Queues(PipelineLauncher pipeline) {
        this.pipeline = pipeline;
    }

    /** Messages in the queue whose URL is the state file's {@code key}, in flight or not. */
    int messages(String key) throws IOException, InterruptedException {
        String body = call(key, "GetQueueAttributes", "AttributeName.1=All");
        int total = 0;
        for (String count : COUNTS) {
            Matcher value = Pattern.compile("<Name>" + count + "</Name>\\s*<Value>(\\d+)</Value>").matcher(body);
            if (!value.find()) {
                throw new IOException("no " + count + " in " + body);
            }
            total += Integer.parseInt(value.group(1));
        }
        return total;
    }

    /** Sends {@code body} to the queue whose URL is the state file's {@code key}, as a service would. */
    void send(String key, String body) throws IOException, InterruptedException {
        call(key, "SendMessage", "MessageBody=" + URLEncoder.encode(body, StandardCharsets.UTF_8));
    }

    private String call(String key, String action, String parameters) throws IOException, InterruptedException {
        String queueUrl = pipeline.awsProperty(key);
        String form = "Action=" + action + "&Version=2012-11-05&" + parameters + "&QueueUrl="
                + URLEncoder.encode(queueUrl, StandardCharsets.UTF_8);
        var answer = http.send(HttpRequest.newBuilder(URI.create(pipeline.awsProperty("aws.services.sqs.endpoint-override") + "/"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException(action + " on " + queueUrl + " answered " + answer.statusCode() + " " + answer.body());
        }
        return answer.body();
    }
}
