package dev.videopipeline.receiver.problem;

import io.micronaut.context.annotation.Primary;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders every error response, Micronaut's own (binding, validation, routing) and the receiver's,
 * as an RFC 9457 problem: {@code type}, {@code title}, {@code status} and {@code detail} (for
 * invalid fields, {@code "field: message"} for each, as Micronaut's validation words them).
 */
@Singleton
@Primary
public class ProblemJsonBodyProvider implements JsonErrorResponseBodyProvider<Map<String, Object>> {

    public static final String PROBLEM_JSON = "application/problem+json";

    @Override
    public Map<String, Object> body(ErrorContext context, HttpResponse<?> response) {
        List<Error> errors = context.getErrors();
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", errors.stream().flatMap(e -> e.getTitle().stream()).findFirst()
                .orElseGet(() -> HttpStatus.getDefaultReason(response.code())));
        problem.put("status", response.code());
        problem.put("detail", errors.isEmpty() ? problem.get("title")
                : errors.stream().map(Error::getMessage).collect(Collectors.joining("; ")));
        return problem;
    }

    @Override
    public String contentType() {
        return PROBLEM_JSON;
    }
}
