package dev.videopipeline.infra.aws.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Everything that differs between stages, read from {@code stages/<stage>.properties}; any key can
 * be overridden by CDK context {@code <stage>.<key>}. Typed and checked here, so a construct never
 * parses a string and a wrong value stops the synth with the key's name.
 *
 * @param stage      the stage's key: {@code staging} or {@code production}
 * @param account    AWS account id
 * @param region     the region of everything but the CloudFront certificate (always us-east-1)
 * @param domain     the name users open; CloudFront answers on it
 * @param zone       the Route53 hosted zone holding {@code domain}, named, never looked up
 * @param cloudFrontPrefixListId CloudFront's origin-facing managed prefix list in {@code region}
 * @param alarmEmail where alarms go
 * @param mail       the SES sending domain and sender
 * @param natGateways NAT gateways of the VPC (1: one AZ's egress, see docs/deploy.md)
 * @param logRetentionDays days CloudWatch keeps the services' logs
 * @param retainData keep buckets, table, queues and the user pool when the stack is deleted
 * @param auth       sign-in: the Cognito user pool's hosted pages and how operators get tokens
 * @param edge       the web ACL's rate limit and which versions of the origin secret are in use
 */
public record StageConfig(String stage, String account, String region, String domain, HostedZone zone,
                          String cloudFrontPrefixListId, String alarmEmail, MailDomain mail, int natGateways,
                          int logRetentionDays, boolean retainData, Auth auth, Receiver receiver, Encoder encoder,
                          Mailer mailer, Alarms alarms, EdgeSettings edge) {

    /** The Route53 zone: its id and its apex name (the domain is in it). */
    public record HostedZone(String id, String name) {
    }

    /** The SES identity (a domain, DKIM-signed) and the sender address, which must be in it. */
    public record MailDomain(String domain, String from) {
        public MailDomain {
            if (!from.endsWith("@" + domain)) {
                throw new IllegalArgumentException("mail-from " + from + " is not in the SES domain " + domain);
            }
        }
    }

    /**
     * Sign-in through the stage's Cognito user pool.
     *
     * @param domainPrefix      the hosted sign-in pages' Cognito domain, {@code <prefix>.auth.<region>.amazoncognito.com}:
     *                          unique across all of AWS in the region; by default the stage's domain with dashes
     *                          for dots ({@code video-example-com})
     * @param adminPasswordAuth the web page's client also takes ADMIN_USER_PASSWORD_AUTH, so an operator with
     *                          IAM rights on the pool gets a token from the CLI (docs/deploy.md)
     * @param emailViaSes       the pool mails verification codes through the stage's SES identity instead of
     *                          Cognito's own sender (a small daily quota); the identity must be verified first
     */
    public record Auth(String domainPrefix, boolean adminPasswordAuth, boolean emailViaSes) {

        private static final Pattern PREFIX = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

        public Auth {
            if (!PREFIX.matcher(domainPrefix).matches()) {
                throw new IllegalArgumentException("auth.domain-prefix " + domainPrefix
                        + ": Cognito takes 1 to 63 lower-case letters, digits and inner dashes");
            }
            for (String reserved : List.of("aws", "amazon", "cognito")) {
                if (domainPrefix.contains(reserved)) {
                    throw new IllegalArgumentException("auth.domain-prefix " + domainPrefix
                            + ": Cognito refuses a prefix containing '" + reserved + "'");
                }
            }
        }

        /** The stage's domain as a Cognito prefix: {@code staging.video.example.com} is {@code staging-video-example-com}. */
        static String prefixFor(String domain) {
            return domain.toLowerCase(Locale.ROOT).replace('.', '-');
        }
    }

    /** The HTTP service: task size and count, and what its two target-tracking policies hold. */
    public record Receiver(ServiceSize size, int cpuTargetPercent, int requestsPerTarget) {
    }

    /**
     * The encoder: task size (its count comes from {@code scaling}), jobs per task, the longest
     * source it accepts, how long a stopping task may finish its jobs, and the scaling policy.
     */
    public record Encoder(int cpu, int memoryMib, int concurrency, Duration maxDuration, Duration stopGrace,
                          EncoderScaling scaling) {

        /** The encoder's one long poll (EncodeWorker) that may run before the stop grace starts. */
        public static final Duration LONG_POLL = Duration.ofSeconds(20);

        /**
         * How long a claim and its message stay an encoder's without a heartbeat: the encoder's
         * {@code ENCODER_LEASE} and the encode queue's visibility timeout, one number so the two
         * cannot drift. A crashed encoder's job is taken over one lease after its last heartbeat.
         */
        public static final Duration LEASE = Duration.ofSeconds(30);

        /** {@code ENCODER_HEARTBEAT}: six renewals per lease, so one or two slow calls never lose the job. */
        public static final Duration HEARTBEAT = Duration.ofSeconds(5);

        /**
         * How long ECS waits between SIGTERM and SIGKILL: a long poll, the grace, and 10 s for the
         * hand-back calls and the JVM's exit. Fargate allows at most 120 s.
         */
        public Duration stopTimeout() {
            return LONG_POLL.plus(stopGrace).plus(Duration.ofSeconds(10));
        }

        /**
         * The longest an encode may run: a source of the longest accepted duration, encoded at
         * real time (the 2-vCPU bench runs at ~1.16x real time, a 4-vCPU task faster), plus setup.
         * Heartbeats keep its message invisible that long, and SQS ends any invisibility 12 h after
         * the receive.
         */
        public Duration longestEncode() {
            return maxDuration.plus(Duration.ofMinutes(15));
        }

        public ServiceSize size() {
            return new ServiceSize(cpu, memoryMib, scaling.minTasks(), scaling.maxTasks());
        }
    }

    /** The mailer: task size and count, and the queue depth one task is meant to work through. */
    public record Mailer(ServiceSize size, int messagesPerTask) {

        /**
         * The mailer's lease on a notification and the visibility it receives with
         * ({@code mailer.lease}, {@code mailer.visibility-timeout} in its application.yml): the
         * notification queue's visibility timeout too.
         */
        public static final Duration LEASE = Duration.ofSeconds(30);
    }

    /** Alarm thresholds. */
    public record Alarms(Duration oldestEncodeRequestAge, Duration oldestNotificationAge, int alb5xxPercent) {
    }

    /**
     * CloudFront's side: the web ACL's rate limit and the origin secret's versions (docs/deploy.md,
     * rotating the origin secret).
     *
     * @param videosRateLimit             requests to {@code /videos...} one IP may make in 5 minutes before
     *                                    the web ACL answers 429 (WAF takes 10 or more)
     * @param originSecretVersion         the secret's version CloudFront sends and the ALB accepts, or null for
     *                                    the version current when the stack was last deployed
     * @param originSecretPreviousVersion a further version the ALB accepts while CloudFront switches, or null
     */
    public record EdgeSettings(int videosRateLimit, String originSecretVersion, String originSecretPreviousVersion) {

        /** Secrets Manager's version ids: UUIDs by default, 32 to 64 characters. */
        private static final Pattern VERSION_ID = Pattern.compile("[A-Za-z0-9-]{32,64}");

        public EdgeSettings {
            if (videosRateLimit < 10) {
                throw new IllegalArgumentException("edge.videos-rate-limit " + videosRateLimit + ": WAF takes 10 or more");
            }
            for (String version : new String[] {originSecretVersion, originSecretPreviousVersion}) {
                if (version != null && !VERSION_ID.matcher(version).matches()) {
                    throw new IllegalArgumentException("edge.origin-secret-*version " + version
                            + ": not a Secrets Manager version id");
                }
            }
            // The previous version only bridges a switch to a named new one (the rotation's first deploy).
            if (originSecretPreviousVersion != null
                    && (originSecretVersion == null || originSecretVersion.equals(originSecretPreviousVersion))) {
                throw new IllegalArgumentException("edge.origin-secret-previous-version is set: set "
                        + "edge.origin-secret-version to the new version too");
            }
        }
    }

    public static final String RESOURCE_DIRECTORY = "/stages/";

    /** The stage's file as it is. */
    public static StageConfig load(String stage) {
        return load(stage, key -> null);
    }

    /**
     * The stage's file, where {@code overrides} (given {@code <stage>.<key>}, answering null when
     * not overridden) replaces values: CDK context at synth time.
     */
    public static StageConfig load(String stage, UnaryOperator<String> overrides) {
        UnaryOperator<String> forStage = key -> overrides.apply(stage + "." + key);
        var s = Settings.load(RESOURCE_DIRECTORY + stage + ".properties", forStage);
        var config = new StageConfig(stage, s.text("account"), s.text("region"), s.text("domain"),
                new HostedZone(s.text("hosted-zone-id"), s.text("hosted-zone-name")),
                s.text("cloudfront-prefix-list-id"), s.text("alarm-email"),
                new MailDomain(s.text("mail-domain"), s.text("mail-from")),
                s.nonNegativeInt("network.nat-gateways"), s.positiveInt("log-retention-days"), s.flag("retain-data"),
                auth(stage, s),
                new Receiver(new ServiceSize(s.positiveInt("receiver.cpu"), s.positiveInt("receiver.memory-mib"),
                        s.positiveInt("receiver.min-tasks"), s.positiveInt("receiver.max-tasks")),
                        s.positiveInt("receiver.cpu-target-percent"), s.positiveInt("receiver.requests-per-target")),
                new Encoder(s.positiveInt("encoder.cpu"), s.positiveInt("encoder.memory-mib"),
                        s.positiveInt("encoder.concurrency"), s.duration("encoder.max-duration"),
                        s.duration("encoder.stop-grace"), EncoderScaling.load(stage, overrides)),
                new Mailer(new ServiceSize(s.positiveInt("mailer.cpu"), s.positiveInt("mailer.memory-mib"),
                        s.nonNegativeInt("mailer.min-tasks"), s.positiveInt("mailer.max-tasks")),
                        s.positiveInt("mailer.messages-per-task")),
                new Alarms(s.duration("alarm.oldest-encode-request-age"), s.duration("alarm.oldest-notification-age"),
                        s.positiveInt("alarm.alb-5xx-percent")),
                new EdgeSettings(s.positiveInt("edge.videos-rate-limit"), s.optional("edge.origin-secret-version"),
                        s.optional("edge.origin-secret-previous-version")));
        config.check();
        return config;
    }

    private static Auth auth(String stage, Settings s) {
        String set = s.optional("auth.domain-prefix");
        String prefix = set != null ? set : Auth.prefixFor(s.text("domain"));
        try {
            return new Auth(prefix, s.flag("auth.admin-password-auth"), s.flag("auth.email-via-ses"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(stage + ": " + e.getMessage()
                    + (set == null ? " (made from the domain: set " + stage + ".auth.domain-prefix)" : ""), e);
        }
    }

    private void check() {
        if (!domain.equals(zone.name()) && !domain.endsWith("." + zone.name())) {
            throw new IllegalArgumentException(stage + ": domain " + domain + " is not in the zone " + zone.name());
        }
        if (encoder.stopTimeout().compareTo(Duration.ofSeconds(120)) > 0) {
            throw new IllegalArgumentException(stage + ": encoder stop-grace " + encoder.stopGrace()
                    + " plus a long poll exceeds Fargate's 120 s stop timeout");
        }
        if (encoder.longestEncode().compareTo(Duration.ofHours(12)) > 0) {
            throw new IllegalArgumentException(stage + ": an encode of up to " + encoder.longestEncode()
                    + " exceeds SQS's 12 h visibility timeout");
        }
    }

    /** The stage's name as CDK and the console show it: {@code Staging}, {@code Production}. */
    public String displayName() {
        return Character.toUpperCase(stage.charAt(0)) + stage.substring(1);
    }

    /** Where users open the site (CloudFront on the domain): the web page, the API and the media. */
    public String publicBaseUrl() {
        return "https://" + domain;
    }

    /**
     * The CloudWatch namespace the services write their metrics to ({@code PIPELINE_METRICS_NAMESPACE})
     * and the dashboard and alarms read: one per stage, so two stages in one account stay apart.
     */
    public String metricsNamespace() {
        return "VideoPipeline/" + displayName();
    }

    /** The ALB's own name, which CloudFront connects to over HTTPS (its certificate names it). */
    public String originDomain() {
        return "origin." + domain;
    }
}
