package dev.videopipeline.loadtest.scaleout;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EncoderTimersTest {

    private static final String PAGE = """
            # HELP pipeline_encode_seconds One encode, claim to outcome
            # TYPE pipeline_encode_seconds summary
            pipeline_encode_seconds_count{result="retried",} 1.0
            pipeline_encode_seconds_sum{result="retried",} 0.5
            pipeline_encode_seconds_count{result="READY",} 3.0
            pipeline_encode_seconds_sum{result="READY",} 18.25
            # TYPE pipeline_encode_seconds_max gauge
            pipeline_encode_seconds_max{result="READY",} 7.5
            """;

    @Test
    void readsTheReadyEncodesOnly() {
        assertThat(EncoderTimers.parse(PAGE)).isEqualTo(new EncoderTimers.Timer(3, 18.25));
    }

    @Test
    void readsTheNewerExpositionFormatToo() {
        String page = "pipeline_encode_seconds_count{application=\"encoder\",result=\"READY\"} 2\n"
                + "pipeline_encode_seconds_sum{application=\"encoder\",result=\"READY\"} 11.0\n";

        assertThat(EncoderTimers.parse(page)).isEqualTo(new EncoderTimers.Timer(2, 11.0));
    }

    @Test
    void chunksAreCountedWhoeverEncodedThem() {
        String page = PAGE + """
                pipeline_encode_chunk_seconds_count{via="video",} 3.0
                pipeline_encode_chunk_seconds_sum{via="video",} 30.0
                pipeline_encode_chunk_seconds_count{via="request",} 2.0
                pipeline_encode_chunk_seconds_sum{via="request",} 24.5
                pipeline_encode_chunk_seconds_max{via="request",} 12.5
                """;

        assertThat(EncoderTimers.parseChunks(page)).isEqualTo(new EncoderTimers.Timer(5, 54.5));
        assertThat(EncoderTimers.parse(page)).isEqualTo(new EncoderTimers.Timer(3, 18.25));
        assertThat(EncoderTimers.parseChunks(PAGE)).isEqualTo(new EncoderTimers.Timer(0, 0));
        assertThat(EncoderTimers.parseChunks("pipeline_encode_chunk_seconds_count{application=\"encoder\",via=\"video\"} 4\n"
                + "pipeline_encode_chunk_seconds_sum{application=\"encoder\",via=\"video\"} 40.0\n"))
                .isEqualTo(new EncoderTimers.Timer(4, 40.0));
    }

    @Test
    void beforeTheFirstEncodeTheTimerIsZero() {
        assertThat(EncoderTimers.parse("# no encodes yet\njvm_threads_live_threads 40.0\n"))
                .isEqualTo(new EncoderTimers.Timer(0, 0));
    }

    @Test
    void eachStepOfTheSumIsOneEncodeAndEncodesEndingTogetherShareIt() {
        var before = new EncoderTimers.Timer(3, 18.0);

        assertThat(EncoderTimers.newEncodes(before, before)).isEmpty();
        assertThat(EncoderTimers.newEncodes(before, new EncoderTimers.Timer(4, 24.5))).containsExactly(6.5);
        assertThat(EncoderTimers.newEncodes(before, new EncoderTimers.Timer(5, 30.0))).containsExactly(6.0, 6.0);
    }
}
