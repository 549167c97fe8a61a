package dev.videopipeline.loadtest.scaleout;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuTimeTest {

    @Test
    void busyIsEverythingButIdleAndIoWait() {
        //                              user nice system idle iowait irq softirq steal guest guest_nice
        var before = CpuTime.parse("cpu  100 0 50 800 50 0 0 0 30 0");
        var after = CpuTime.parse("cpu  250 0 100 850 50 0 0 0 90 0");

        assertThat(before).isEqualTo(new CpuTime(150, 1000));
        assertThat(after.busyShareSince(before)).isEqualTo(0.8);
    }

    @Test
    void anUnreadableMachineIsUnknownNotIdle() {
        assertThat(CpuTime.UNKNOWN.busyShareSince(CpuTime.parse("cpu 1 0 1 8 0 0 0 0"))).isNaN();
    }
}
