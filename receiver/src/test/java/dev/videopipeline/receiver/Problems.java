package dev.videopipeline.receiver;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import org.junit.jupiter.api.function.Executable;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Asserts that a call fails with an RFC 9457 problem of the given status. */
public final class Problems {

    private Problems() {
    }

    public static Map<String, Object> assertProblem(HttpStatus status, Executable call) {
        var failure = assertThrows(HttpClientResponseException.class, call);
        assertThat(failure.getStatus().getCode()).isEqualTo(status.getCode());
        assertThat(failure.getResponse().getContentType()).hasValueSatisfying(
                type -> assertThat(type.toString()).startsWith("application/problem+json"));
        Map<String, Object> body = failure.getResponse().getBody(Argument.mapOf(String.class, Object.class))
                .orElseThrow();
        assertThat(body).containsEntry("status", status.getCode()).containsKeys("type", "title", "detail");
        return body;
    }
}
