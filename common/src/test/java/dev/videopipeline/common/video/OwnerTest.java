package dev.videopipeline.common.video;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OwnerTest {

    @Test
    void theAddressIsNormalisedAndTheIdKeptAsGiven() {
        var owner = new Owner("Sub-1", "  Ann@Example.COM ");

        assertThat(owner.email()).isEqualTo("ann@example.com");
        assertThat(owner.id()).isEqualTo("Sub-1");
    }

    @Test
    void anOwnerWithoutAnIdIsNone() {
        assertThatThrownBy(() -> new Owner(" ", "ann@example.com")).isInstanceOf(IllegalArgumentException.class);
    }
}
