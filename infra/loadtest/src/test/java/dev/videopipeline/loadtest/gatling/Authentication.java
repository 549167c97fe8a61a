package dev.videopipeline.loadtest.gatling;

import dev.videopipeline.testpipeline.PipelineClient;

/**
 * How the load test proves who it is: the one place to change when the API's authentication does.
 * Every request of a run carries the same bearer token: {@code -Dtoken} (against a deployment, a
 * Cognito ID token), or else a dev token the local pipeline issues for the run's email.
 */
final class Authentication {

    private Authentication() {
    }

    static String bearerToken(LoadSettings settings) {
        return settings.token().orElseGet(() -> new PipelineClient(settings.baseUrl()).token(settings.email()));
    }
}
