package dev.videopipeline.loadtest.scaling;

import java.time.Duration;
import java.util.function.LongToDoubleFunction;

/**
 * An arrival pattern of uploads: how many arrive in each second of the run, on average.
 *
 * @param name        as reports and file names show it
 * @param horizon     how long uploads keep coming; the run goes on until the queue is drained
 * @param perSecond   mean uploads in second {@code t} (from 0)
 * @param longShare   the share of uploads that are long videos (a lecture), 0 to 1
 * @param longEncode  how long one long video takes to encode whole on one task
 */
public record Scenario(String name, Duration horizon, LongToDoubleFunction perSecond, double longShare,
                       Duration longEncode) {

    public Scenario(String name, Duration horizon, LongToDoubleFunction perSecond) {
        this(name, horizon, perSecond, 0, Duration.ZERO);
    }

    /** The same rate all along. */
    public static Scenario steady(double perMinute, Duration horizon) {
        return new Scenario("steady-" + format(perMinute) + "-per-min", horizon, t -> perMinute / 60);
    }

    /** A day with a quiet night and a busy evening: a sine around {@code perDay}, from a tenth to nearly twice it. */
    public static Scenario daily(double perDay) {
        double mean = perDay / 86_400;
        return new Scenario("daily-" + format(perDay) + "-per-day", Duration.ofDays(1),
                t -> mean * (1 + 0.9 * Math.sin(2 * Math.PI * (t / 86_400.0 - 0.25))));
    }

    /** {@code count} uploads spread evenly over {@code within}, then nothing. */
    public static Scenario burst(int count, Duration within) {
        double rate = count / (double) within.toSeconds();
        return new Scenario("burst-" + count + "-in-" + within.toMinutes() + "-min", within, t -> rate);
    }

    /**
     * Steady uploads of which {@code longShare} are long videos taking {@code longEncode} whole: the
     * load chunked encoding is for (one upload in ten a 40-minute lecture, about 35 min of encode).
     */
    public static Scenario withLongVideos(double perMinute, Duration horizon, double longShare, Duration longEncode) {
        return new Scenario("steady-" + format(perMinute) + "-per-min-" + format(longShare * 100) + "pc-long",
                horizon, t -> perMinute / 60, longShare, longEncode);
    }

    private static String format(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
