package dev.videopipeline.localaws;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --fault-gates}: a {@link FaultGate} in front of each emulated AWS API, whose endpoints the
 * state file then names, and a small HTTP API on loopback to cause outages (the fault drills):
 *
 * <pre>
 * POST /faults/{s3|sqs|dynamodb|sesv2}?seconds=N   shut that service for N seconds (1-300); answers once it is
 * GET  /faults                                     each service: "open" or the instant it opens again
 * </pre>
 */
final class Faults implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Faults.class);
    private static final Pattern SHUT = Pattern.compile("^/faults/([a-z0-9]+)$");
    private static final Pattern SECONDS = Pattern.compile("(?:^|&)seconds=(\\d{1,3})(?:&|$)");
    private static final int MAX_SECONDS = 300;

    private final Map<String, FaultGate> gates;
    private final HttpServer server;
    private final ScheduledExecutorService reopener;

    private Faults(Map<String, FaultGate> gates, HttpServer server, ScheduledExecutorService reopener) {
        this.gates = gates;
        this.server = server;
        this.reopener = reopener;
    }

    /** Gates in front of {@code direct}'s S3, SQS, DynamoDB and SES v2, open, and the API to shut them. */
    static Faults start(Endpoints direct) throws IOException {
        Map<String, FaultGate> gates = new LinkedHashMap<>();
        try {
            gates.put("s3", FaultGate.open("s3", direct.s3()));
            gates.put("sqs", FaultGate.open("sqs", direct.sqs()));
            gates.put("dynamodb", FaultGate.open("dynamodb", direct.dynamoDb()));
            gates.put("sesv2", FaultGate.open("sesv2", direct.sesV2()));
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            ScheduledExecutorService reopener = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "fault-gates-reopen");
                thread.setDaemon(true);
                return thread;
            });
            var faults = new Faults(gates, server, reopener);
            server.createContext("/faults", faults::serve);
            server.start();
            return faults;
        } catch (IOException | RuntimeException e) {
            gates.values().forEach(FaultGate::close);
            throw e;
        }
    }

    /** {@code direct} with the gates' endpoints in place of the emulators' (the SES store stays direct). */
    Endpoints endpoints(Endpoints direct) {
        return new Endpoints(gates.get("s3").endpoint(), gates.get("sqs").endpoint(),
                gates.get("dynamodb").endpoint(), gates.get("sesv2").endpoint(), direct.sesStore());
    }

    /** The control API's base URL. */
    URI url() {
        return Emulator.loopback(server.getAddress().getPort());
    }

    /** Shuts {@code service}'s gate for {@code duration}; a second outage before the first ends replaces it. */
    Instant shut(String service, Duration duration) {
        FaultGate gate = gates.get(service);
        Instant until = Instant.now().plus(duration);
        long outage = gate.shut(until);
        reopener.schedule(() -> reopen(gate, outage), duration.toMillis(), TimeUnit.MILLISECONDS);
        return until;
    }

    private static void reopen(FaultGate gate, long outage) {
        try {
            gate.reopen(outage);
        } catch (IOException e) {
            log.error("{} gate could not open again: {}", gate.name(), e.toString());
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals("/faults")) {
                answer(exchange, 200, states());
                return;
            }
            Matcher shut = SHUT.matcher(path);
            if (!method.equals("POST") || !shut.matches()) {
                answer(exchange, 404, "{\"error\":\"POST /faults/{" + String.join("|", gates.keySet())
                        + "}?seconds=N or GET /faults\"}");
                return;
            }
            String service = shut.group(1);
            String query = exchange.getRequestURI().getRawQuery();
            Matcher seconds = SECONDS.matcher(query == null ? "" : query);
            if (!gates.containsKey(service)) {
                answer(exchange, 404, "{\"error\":\"no service " + service + "; one of " + gates.keySet() + "\"}");
            } else if (!seconds.find() || Integer.parseInt(seconds.group(1)) < 1
                    || Integer.parseInt(seconds.group(1)) > MAX_SECONDS) {
                answer(exchange, 400, "{\"error\":\"seconds=N, 1 to " + MAX_SECONDS + "\"}");
            } else {
                Instant until = shut(service, Duration.ofSeconds(Integer.parseInt(seconds.group(1))));
                answer(exchange, 200, "{\"service\":\"" + service + "\",\"shutUntil\":\"" + until + "\"}");
            }
        }
    }

    private String states() {
        return gates.values().stream()
                .map(gate -> "\"" + gate.name() + "\":\"" + gate.shutUntil().map(Instant::toString).orElse("open") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        reopener.shutdownNow();
        List.copyOf(gates.values()).forEach(FaultGate::close);
    }
}
