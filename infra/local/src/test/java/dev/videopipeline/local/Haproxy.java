package dev.videopipeline.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * HAProxy (Debian's package) in front of the receivers, set up like the ALB's target group: the
 * same health check path and thresholds, at a shorter interval, and servers that can be added,
 * drained and taken out through its runtime API as ECS registers and deregisters targets.
 */
final class Haproxy implements AutoCloseable {

    static final String BACKEND = "receivers";

    private final Path socket;
    private final Path log;
    private final Process process;

    private Haproxy(Path socket, Path log, Process process) {
        this.socket = socket;
        this.log = log;
        this.process = process;
    }

    /**
     * @param servers name to port of every receiver the drill will run; all but {@code enabled}
     *                start out of rotation (maintenance), as targets not yet registered
     */
    static Haproxy start(Path dir, int port, Map<String, Integer> servers, List<String> enabled)
            throws IOException {
        Path socket = dir.resolve("haproxy.sock");
        String serverLines = servers.entrySet().stream()
                .map(s -> "  server " + s.getKey() + " 127.0.0.1:" + s.getValue() + " check"
                        + (enabled.contains(s.getKey()) ? "" : " disabled"))
                .collect(Collectors.joining("\n"));
        Path config = dir.resolve("haproxy.cfg");
        Files.writeString(config, """
                global
                  stats socket %s mode 600 level admin
                  maxconn 512
                defaults
                  mode http
                  timeout connect 2s
                  timeout client 60s
                  timeout server 60s
                  timeout http-request 10s
                  # As the ALB, which answers 502 when a target refuses: no quiet retry elsewhere.
                  retries 0
                frontend site
                  bind 127.0.0.1:%d
                  default_backend %s
                backend %s
                  balance roundrobin
                  # The ALB's health check: GET /livez on the traffic port, 200 healthy, 2 to rise,
                  # 3 to fall; every 2 s here where the ALB checks every 15 s.
                  option httpchk GET /livez
                  http-check expect status 200
                  default-server inter 2s rise 2 fall 3
                %s
                """.formatted(socket, port, BACKEND, BACKEND, serverLines));
        Process process = new ProcessBuilder("haproxy", "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        var haproxy = new Haproxy(socket, dir.resolve("haproxy.log"), process);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(socket) || !process.isAlive());
        if (!Files.exists(socket)) {
            process.destroy();
            throw new IllegalStateException("haproxy did not start: " + Files.readString(dir.resolve("haproxy.log")));
        }
        return haproxy;
    }

    /**
     * A registered target. HAProxy 2.6 puts a server leaving maintenance in rotation at once (an
     * ALB target waits in its initial state for two passed checks), so register only a receiver
     * that already answers its health check.
     */
    void enable(String server) throws IOException {
        command("set server " + BACKEND + "/" + server + " state ready");
    }

    /** Deregistering: no new requests; those in flight finish. */
    void drain(String server) throws IOException {
        command("set server " + BACKEND + "/" + server + " state drain");
    }

    /** Gone from the target group. */
    void remove(String server) throws IOException {
        command("set server " + BACKEND + "/" + server + " state maint");
    }

    /** Its health as HAProxy sees it: UP, DOWN, DRAIN, MAINT, or UP/DOWN n/m while it rises or falls. */
    String status(String server) throws IOException {
        return stat(server, "status");
    }

    /** Requests it is serving now. */
    int inFlight(String server) throws IOException {
        return Integer.parseInt(stat(server, "scur"));
    }

    private String stat(String server, String field) throws IOException {
        List<String> lines = command("show stat").lines().toList();
        List<String> header = Arrays.asList(lines.get(0).replaceFirst("^# ", "").split(","));
        return lines.stream().skip(1).map(line -> line.split(",", -1))
                .filter(row -> row.length > 1 && row[0].equals(BACKEND) && row[1].equals(server))
                .map(row -> row[header.indexOf(field)])
                .findFirst().orElseThrow(() -> new IllegalStateException("no server " + server));
    }

    /** One command on the runtime API, which answers and closes. */
    private String command(String command) throws IOException {
        try (var channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            var answer = new ByteArrayOutputStream();
            var buffer = ByteBuffer.allocate(8192);
            while (channel.read(buffer) >= 0) {
                answer.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return answer.toString(StandardCharsets.US_ASCII);
        }
    }

    /** What HAProxy said of its servers (UP, DOWN and why), in order. */
    List<String> serverEvents() throws IOException {
        return Files.readAllLines(log).stream().filter(line -> line.contains("Server " + BACKEND + "/")).toList();
    }

    @Override
    public void close() {
        process.destroy();
        await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive());
    }
}
