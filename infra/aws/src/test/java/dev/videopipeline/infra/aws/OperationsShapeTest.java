package dev.videopipeline.infra.aws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.constructs.IConstruct;

/**
 * What watches the pipeline (docs/deploy.md section 3, Operations): the dashboard on the services'
 * own metrics, read with exactly the dimensions the services write them with, and the alarms on
 * missing tasks, the stage's mail reputation and DynamoDB throttling.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsShapeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each meter the dashboard reads, by name: the service that writes it, then its tags. */
    private static final Map<String, List<String>> METERS = Map.of(
            "pipeline.encode.count", List.of("encoder", "result"),
            "pipeline.encode.sum", List.of("encoder", "result"),
            "pipeline.encode.dead-lettered", List.of("encoder"),
            "pipeline.encode.waited-turn", List.of("encoder"),
            "pipeline.mails.sent", List.of("mailer", "outcome"),
            "pipeline.mails.failed", List.of("mailer", "outcome"),
            "pipeline.mails.retried", List.of("mailer", "outcome"),
            "pipeline.quota.refused", List.of("receiver", "limit"));

    private Synthesized app;

    @BeforeAll
    void synthesizeOnce() {
        app = Synthesized.both();
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void theEncodeTimeIsTheEncodeTimersSumOverItsCountForReadyVideos(String stage) {
        List<Row> rows = dashboard(stage).get("Mean encode time of READY videos (s)");
        String namespace = app.stage(stage).config().metricsNamespace();
        Map<String, String> ready = Map.of("service", "encoder", "result", "READY");
        assertThat(rows).anySatisfy(row -> {
            assertThat(row.namespace()).isEqualTo(namespace);
            assertThat(row.name()).isEqualTo("pipeline.encode.sum");
            assertThat(row.dimensions()).isEqualTo(ready);
            assertThat(row.options().path("id").asText()).isEqualTo("sum");
            assertThat(row.options().path("stat").asText()).isEqualTo("Sum");
        }).anySatisfy(row -> {
            assertThat(row.namespace()).isEqualTo(namespace);
            assertThat(row.name()).isEqualTo("pipeline.encode.count");
            assertThat(row.dimensions()).isEqualTo(ready);
            assertThat(row.options().path("id").asText()).isEqualTo("count");
            assertThat(row.options().path("stat").asText()).isEqualTo("Sum");
        }).anySatisfy(row -> assertThat(row.options().path("expression").asText()).contains("sum / count / 1000"));
        // No estimate from log lines any more.
        app.pipeline(stage).resourceCountIs("AWS::Logs::MetricFilter", 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void everyServiceMetricIsReadWithTheDimensionsItIsWrittenWith(String stage) {
        String namespace = app.stage(stage).config().metricsNamespace();
        List<Row> ours = new ArrayList<>();
        dashboard(stage).values().forEach(rows -> rows.stream().filter(r -> namespace.equals(r.namespace()))
                .forEach(ours::add));
        assertThat(ours).isNotEmpty().allSatisfy(row -> {
            List<String> meter = METERS.get(row.name());
            assertThat(meter).as(row.name()).isNotNull();
            assertThat(row.dimensions()).as(row.name()).containsEntry("service", meter.get(0));
            Set<String> written = new TreeSet<>(meter.subList(1, meter.size()));
            written.add("service");
            assertThat(row.dimensions().keySet()).as(row.name()).isEqualTo(written);
        });
        // Uploads by whichever outcomes occurred: a search, over the meter's exact dimension set.
        assertThat(dashboard(stage).get("Uploads by path and outcome / 5 min")).singleElement()
                .satisfies(row -> assertThat(row.options().path("expression").asText()).isEqualTo(
                        "SEARCH('{" + namespace + ",outcome,path,service} MetricName=\"pipeline.uploads\"', 'Sum', 300)"));
        // Every AWS call is counted, but that is for looking into a service, not for the dashboard.
        assertThat(dashboardBody(stage)).doesNotContain("pipeline.aws.calls");
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void encodesMailsAndQuotaRefusalsAreShownByEveryValueOfTheirTag(String stage) throws IOException {
        var widgets = dashboard(stage);
        assertThat(tagValues(widgets.get("Encodes by result / 5 min"), "pipeline.encode.count", "result"))
                .containsExactlyInAnyOrder("READY", "FAILED", "retried", "stopped");
        for (String result : List.of("sent", "failed", "retried")) {
            assertThat(tagValues(widgets.get("Mails by result / 5 min"), "pipeline.mails." + result, "outcome"))
                    .containsExactlyInAnyOrder("ready", "failed");
        }
        // The limits the receiver counts refusals by, read from its code.
        String quotas = Files.readString(PipelineApp.repositoryRoot()
                .resolve("receiver/src/main/java/dev/videopipeline/receiver/quota/OwnerQuotas.java"));
        Matcher m = Pattern.compile("refused\\(videoId, \"([a-z-]+)\"").matcher(quotas);
        List<String> limits = new ArrayList<>();
        while (m.find()) {
            limits.add(m.group(1));
        }
        assertThat(limits).isNotEmpty();
        assertThat(tagValues(widgets.get("Quota refusals by limit / 5 min"), "pipeline.quota.refused", "limit"))
                .containsExactlyInAnyOrderElementsOf(limits);
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void theAgeOfEachQueuesOldestMessageIsShown(String stage) {
        var data = app.stage(stage).pipeline().data();
        assertThat(dashboard(stage).get("Oldest waiting message (s)")).extracting(row -> row.name() + " " + row.dimensions())
                .containsExactlyInAnyOrder(
                        "ApproximateAgeOfOldestMessage {QueueName=" + logicalId(data.encodeRequests().queue()) + ".QueueName}",
                        "ApproximateAgeOfOldestMessage {QueueName=" + logicalId(data.notifications().queue()) + ".QueueName}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void aServiceShortOfItsDesiredTasksForMostOfTenMinutesAlarms(String stage) {
        var services = app.stage(stage).pipeline().services();
        Map<String, IConstruct> byAlarm = Map.of("ReceiverTasksMissing", services.receiver().task().service(),
                "EncoderTasksMissing", services.encoder().task().service(),
                "MailerTasksMissing", services.mailer().task().service());
        byAlarm.forEach((id, service) -> {
            JsonNode alarm = alarm(stage, id);
            assertThat(expression(alarm)).isEqualTo("FILL(desired, 0) - FILL(running, 0)");
            assertThat(metric(alarm, "desired").path("MetricName").asText()).isEqualTo("DesiredTaskCount");
            assertThat(metric(alarm, "running").path("MetricName").asText()).isEqualTo("RunningTaskCount");
            for (String id2 : List.of("desired", "running")) {
                assertThat(metric(alarm, id2).path("Namespace").asText()).isEqualTo("ECS/ContainerInsights");
                assertThat(metric(alarm, id2).path("Dimensions").toString())
                        .contains("{\"Name\":\"ServiceName\",\"Value\":{\"Fn::GetAtt\":[\"" + logicalId(service) + "\",\"Name\"]}}");
            }
            JsonNode properties = alarm.path("Properties");
            assertThat(properties.path("Threshold").asDouble()).isEqualTo(1);
            assertThat(properties.path("ComparisonOperator").asText()).isEqualTo("GreaterThanOrEqualToThreshold");
            assertThat(properties.path("EvaluationPeriods").asInt()).isEqualTo(10);
            assertThat(properties.path("DatapointsToAlarm").asInt()).isEqualTo(5);
            assertToTopic(stage, alarm);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void theConfigurationSetCountsSendsDeliveriesBouncesAndComplaintsInCloudWatch(String stage) {
        String set = logicalId(app.stage(stage).pipeline().data().mail().configurationSet());
        JsonNode destinations = app.resources(stage, "AWS::SES::ConfigurationSetEventDestination");
        assertThat(destinations.size()).isEqualTo(1);
        JsonNode properties = destinations.elements().next().path("Properties");
        assertThat(properties.path("ConfigurationSetName").path("Ref").asText()).isEqualTo(set);
        JsonNode destination = properties.path("EventDestination");
        assertThat(destination.path("Enabled").asBoolean()).isTrue();
        assertThat(destination.path("MatchingEventTypes")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("send", "delivery", "bounce", "complaint");
        assertThat(destination.path("CloudWatchDestination").path("DimensionConfigurations")).singleElement()
                .satisfies(dimension -> {
                    assertThat(dimension.path("DimensionName").asText()).isEqualTo("ses:configuration-set");
                    assertThat(dimension.path("DimensionValueSource").asText()).isEqualTo("messageTag");
                    assertThat(dimension.path("DefaultDimensionValue").path("Ref").asText()).isEqualTo(set);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void bouncesAndComplaintsAlarmAtSesReviewLevels(String stage) {
        String set = logicalId(app.stage(stage).pipeline().data().mail().configurationSet());
        Map<String, List<Object>> rates = Map.of("MailBounceRate", List.of("Bounce", 5.0, 100),
                "MailComplaintRate", List.of("Complaint", 0.1, 1000));
        rates.forEach((id, expected) -> {
            JsonNode alarm = alarm(stage, id);
            assertThat(expression(alarm)).isEqualTo("IF(sends >= " + expected.get(2) + ", 100 * FILL(events, 0) / sends, 0)");
            assertThat(metric(alarm, "events").path("MetricName").asText()).isEqualTo(expected.get(0));
            assertThat(metric(alarm, "sends").path("MetricName").asText()).isEqualTo("Send");
            for (String metricId : List.of("events", "sends")) {
                JsonNode metric = metric(alarm, metricId);
                assertThat(metric.path("Namespace").asText()).isEqualTo("AWS/SES");
                assertThat(metric.path("Dimensions")).singleElement().satisfies(d -> {
                    assertThat(d.path("Name").asText()).isEqualTo("ses:configuration-set");
                    assertThat(d.path("Value").path("Ref").asText()).isEqualTo(set);
                });
                assertThat(stat(alarm, metricId).path("Period").asInt()).isEqualTo(86400);
            }
            assertThat(alarm.path("Properties").path("Threshold").asDouble()).isEqualTo((Double) expected.get(1));
            assertThat(alarm.path("Properties").path("ComparisonOperator").asText())
                    .isEqualTo("GreaterThanOrEqualToThreshold");
            assertToTopic(stage, alarm);
        });
        // The account's own rates, as fractions, at the same levels.
        Map<String, List<Object>> reputation = Map.of("SesReputationBounceRate", List.of("Reputation.BounceRate", 0.05),
                "SesReputationComplaintRate", List.of("Reputation.ComplaintRate", 0.001));
        reputation.forEach((id, expected) -> {
            JsonNode properties = alarm(stage, id).path("Properties");
            assertThat(properties.path("Namespace").asText()).isEqualTo("AWS/SES");
            assertThat(properties.path("MetricName").asText()).isEqualTo(expected.get(0));
            assertThat(properties.path("Threshold").asDouble()).isEqualTo((Double) expected.get(1));
            assertToTopic(stage, alarm(stage, id));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"staging", "production"})
    void throttlingOnTheVideosOrTheOwnersTableAlarms(String stage) {
        var data = app.stage(stage).pipeline().data();
        assertThat(throttleMetrics(stage, "VideosTableThrottled", logicalId(data.videos().table()))).containsExactlyInAnyOrder(
                "ReadThrottleEvents", "WriteThrottleEvents", "ReadThrottleEvents byOwner", "WriteThrottleEvents byOwner",
                "ReadThrottleEvents byPending", "WriteThrottleEvents byPending");
        assertThat(throttleMetrics(stage, "OwnersTableThrottled", logicalId(data.owners().table())))
                .containsExactlyInAnyOrder("ReadThrottleEvents", "WriteThrottleEvents");
    }

    /** The throttle metrics an alarm adds up, each on {@code table} (and its index, if any), checked to be summed. */
    private List<String> throttleMetrics(String stage, String id, String table) {
        JsonNode alarm = alarm(stage, id);
        List<String> metrics = new ArrayList<>();
        alarm.path("Properties").path("Metrics").forEach(query -> {
            if (query.has("MetricStat")) {
                JsonNode metric = query.path("MetricStat").path("Metric");
                assertThat(metric.path("Namespace").asText()).isEqualTo("AWS/DynamoDB");
                assertThat(query.path("MetricStat").path("Stat").asText()).isEqualTo("Sum");
                assertThat(expression(alarm)).contains("FILL(" + query.path("Id").asText() + ", 0)");
                Map<String, String> dimensions = dimensions(metric.path("Dimensions"));
                assertThat(dimensions).containsEntry("TableName", table);
                String index = dimensions.get("GlobalSecondaryIndexName");
                metrics.add(metric.path("MetricName").asText() + (index == null ? "" : " " + index));
            }
        });
        JsonNode properties = alarm.path("Properties");
        assertThat(properties.path("EvaluationPeriods").asInt()).isEqualTo(5);
        assertThat(properties.path("DatapointsToAlarm").asInt()).isEqualTo(3);
        assertToTopic(stage, alarm);
        return metrics;
    }

    private void assertToTopic(String stage, JsonNode alarm) {
        String topic = logicalId(app.stage(stage).pipeline().operations().alarmTopic());
        assertThat(alarm.path("Properties").path("AlarmActions").toString()).contains("\"" + topic + "\"");
    }

    /** A metric row of a dashboard widget: a metric, or (namespace null) an expression in the options. */
    private record Row(String namespace, String name, Map<String, String> dimensions, JsonNode options) {
    }

    /** Each widget's rows by its title, from the dashboard's body with each token as its logical id. */
    private Map<String, List<Row>> dashboard(String stage) {
        try {
            Map<String, List<Row>> widgets = new TreeMap<>();
            JSON.readTree(dashboardBody(stage)).path("widgets").forEach(widget -> {
                List<Row> rows = new ArrayList<>();
                widget.path("properties").path("metrics").forEach(metric -> {
                    JsonNode options = metric.get(metric.size() - 1);
                    if (metric.size() == 1) {
                        rows.add(new Row(null, null, Map.of(), options));
                        return;
                    }
                    Map<String, String> dimensions = new TreeMap<>();
                    for (int i = 2; i + 1 < metric.size(); i += 2) {
                        dimensions.put(metric.get(i).asText(), metric.get(i + 1).asText());
                    }
                    rows.add(new Row(metric.get(0).asText(), metric.get(1).asText(), dimensions, options));
                });
                widgets.put(widget.path("properties").path("title").asText(), rows);
            });
            return widgets;
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private String dashboardBody(String stage) {
        JsonNode dashboards = app.resources(stage, "AWS::CloudWatch::Dashboard");
        assertThat(dashboards.size()).isEqualTo(1);
        JsonNode body = dashboards.elements().next().path("Properties").path("DashboardBody");
        if (body.isTextual()) {
            return body.asText();
        }
        StringBuilder text = new StringBuilder();
        body.path("Fn::Join").path(1).forEach(part -> text.append(part.isTextual() ? part.asText() : token(part)));
        return text.toString();
    }

    /** {@code {"Ref": "X"}} as {@code X}, {@code {"Fn::GetAtt": ["X", "A"]}} as {@code X.A}. */
    private static String token(JsonNode part) {
        if (part.has("Ref")) {
            return part.path("Ref").asText();
        }
        return part.path("Fn::GetAtt").path(0).asText() + "." + part.path("Fn::GetAtt").path(1).asText();
    }

    private static Set<String> tagValues(List<Row> rows, String name, String tag) {
        Set<String> values = new TreeSet<>();
        rows.stream().filter(r -> name.equals(r.name())).forEach(r -> values.add(r.dimensions().get(tag)));
        return values;
    }

    private JsonNode alarm(String stage, String id) {
        Alarm alarm = app.stage(stage).pipeline().operations().alarms().stream()
                .filter(a -> a.getNode().getId().equals(id)).findFirst().orElseThrow(() -> new AssertionError("no alarm " + id));
        return app.resources(stage, "AWS::CloudWatch::Alarm").path(logicalId(alarm));
    }

    private static String expression(JsonNode alarm) {
        for (JsonNode query : alarm.path("Properties").path("Metrics")) {
            if (query.path("ReturnData").asBoolean(true) && query.has("Expression")) {
                return query.path("Expression").asText();
            }
        }
        throw new AssertionError("no expression in " + alarm);
    }

    private static JsonNode stat(JsonNode alarm, String id) {
        for (JsonNode query : alarm.path("Properties").path("Metrics")) {
            if (id.equals(query.path("Id").asText())) {
                return query.path("MetricStat");
            }
        }
        throw new AssertionError("no metric " + id + " in " + alarm);
    }

    private static JsonNode metric(JsonNode alarm, String id) {
        return stat(alarm, id).path("Metric");
    }

    private static Map<String, String> dimensions(JsonNode dimensions) {
        Map<String, String> map = new TreeMap<>();
        dimensions.forEach(d -> {
            JsonNode value = d.path("Value");
            map.put(d.path("Name").asText(), value.isTextual() ? value.asText() : token(value));
        });
        return map;
    }

    private static String logicalId(IConstruct construct) {
        var element = (CfnElement) construct.getNode().getDefaultChild();
        return (String) Stack.of(construct).resolve(element.getLogicalId());
    }
}
