package dev.videopipeline.receiver.health;

import dev.videopipeline.receiver.intake.ReceiverStop;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.Map;

/**
 * The public port's only health answer, for the load balancer: up, or down while stopping. It
 * calls nothing and says nothing else; the details (S3, DynamoDB, SQS) are on the management
 * port, which no load balancer or CDN routes.
 */
@Controller("/livez")
@Secured(SecurityRule.IS_ANONYMOUS)
@Hidden
public class LivenessController {

    private final ReceiverStop stop;

    public LivenessController(ReceiverStop stop) {
        this.stop = stop;
    }

    @Get
    HttpResponse<Map<String, String>> live() {
        return stop.stopping()
                ? HttpResponse.<Map<String, String>>status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("status", "DOWN"))
                : HttpResponse.ok(Map.of("status", "UP"));
    }
}
