package dev.videopipeline.receiver.problem;

import dev.videopipeline.common.video.InvalidCursorException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Maps the receiver's failures to problems, rendered by {@link ProblemJsonBodyProvider}:
 * {@link ApiProblem} as it says, a cursor we did not issue or a broken upload stream to 400, and
 * an AWS outage to 503 (the client may retry; the upload services have already removed what they
 * stored). Anything else is logged with its stack and answered 500 without details.
 */
@Singleton
public class ApiProblemHandler implements ExceptionHandler<RuntimeException, HttpResponse<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(ApiProblemHandler.class);

    private final ErrorResponseProcessor<?> errors;

    public ApiProblemHandler(ErrorResponseProcessor<?> errors) {
        this.errors = errors;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, RuntimeException exception) {
        if (exception instanceof ApiProblem problem) {
            var response = HttpResponse.status(problem.status());
            if (problem.retryAfter() != null) {
                response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (problem.retryAfter().toMillis() + 999) / 1000)));
            }
            return respond(request, response, problem.title(), problem.getMessage());
        }
        if (exception instanceof InvalidCursorException) {
            return respond(request, HttpStatus.BAD_REQUEST, "Invalid cursor", exception.getMessage());
        }
        if (exception instanceof UncheckedIOException) {
            return respond(request, HttpStatus.BAD_REQUEST, "Upload interrupted",
                    "The upload ended before the file was complete; nothing was kept.");
        }
        if (isOutage(exception)) {
            LOG.atWarn().setMessage("aws unavailable").addKeyValue("method", request.getMethod())
                    .addKeyValue("path", request.getPath()).addKeyValue("error", exception.getMessage()).log();
            return respond(request, HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable",
                    "A storage service is unavailable; nothing was kept. Try again shortly.");
        }
        LOG.atError().setMessage("unexpected error").addKeyValue("method", request.getMethod())
                .addKeyValue("path", request.getPath()).setCause(exception).log();
        return respond(request, HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "Unexpected error.");
    }

    /** Unreachable, failing or throttling AWS: worth a retry. Any other AWS error is our bug: a 500. */
    private static boolean isOutage(RuntimeException exception) {
        return exception instanceof SdkClientException
                || exception instanceof AwsServiceException aws && (aws.statusCode() >= 500 || aws.isThrottlingException());
    }

    private HttpResponse<?> respond(HttpRequest<?> request, HttpStatus status, String title, String detail) {
        return respond(request, HttpResponse.status(status), title, detail);
    }

    private HttpResponse<?> respond(HttpRequest<?> request, MutableHttpResponse<?> response, String title,
                                    String detail) {
        Error error = new Error() {
            @Override
            public String getMessage() {
                return detail;
            }

            @Override
            public Optional<String> getTitle() {
                return Optional.of(title);
            }
        };
        return errors.processResponse(ErrorContext.builder(request).error(error).build(), response);
    }
}
