package dev.videopipeline.receiver.upload;

import io.micronaut.http.MediaType;
import io.micronaut.http.multipart.PartData;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class PrefetchedBodyTest {

    /** A chunk of the file part, as Netty's gives it: its buffer is released when its stream is closed. */
    private static class Chunk implements PartData {
        final byte[] bytes;
        boolean released;

        Chunk(int index, int size) {
            bytes = new byte[size];
            for (int i = 0; i < size; i++) {
                bytes[i] = (byte) (index * 31 + i);
            }
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return new ByteArrayInputStream(bytes) {
                @Override
                public void close() {
                    released = true;
                }
            };
        }

        @Override
        public byte[] getBytes() {
            return bytes.clone();
        }

        @Override
        public ByteBuffer getByteBuffer() {
            return ByteBuffer.wrap(getBytes());
        }

        @Override
        public Optional<MediaType> getContentType() {
            return Optional.empty();
        }
    }

    private static List<Chunk> chunks(int count, int size) {
        return IntStream.range(0, count).mapToObj(i -> new Chunk(i, size)).toList();
    }

    private static byte[] joined(List<Chunk> chunks) {
        var all = new ByteArrayOutputStream();
        chunks.forEach(c -> all.writeBytes(c.bytes));
        return all.toByteArray();
    }

    @Test
    void readsEveryChunkInOrderAndReleasesEach() throws IOException {
        List<Chunk> chunks = chunks(100, 1000);

        try (var body = PrefetchedBody.of(Flux.fromIterable(chunks))) {
            assertThat(body.readAllBytes()).isEqualTo(joined(chunks));
            assertThat(body.read()).isEqualTo(-1);
        }
        assertThat(chunks).allMatch(c -> c.released);
    }

    @Test
    void asksForAtMostPrefetchChunksAheadOfTheReader() throws IOException {
        var requested = new AtomicLong();
        var delivered = new AtomicInteger();
        var mostAhead = new AtomicLong();
        List<Chunk> chunks = chunks(200, 10);
        Flux<PartData> file = Flux.<PartData>fromIterable(chunks)
                .doOnRequest(requested::addAndGet)
                .doOnNext(c -> delivered.incrementAndGet());

        try (var body = PrefetchedBody.of(file)) {
            byte[] one = new byte[10];
            int read = 0;
            while (body.readNBytes(one, 0, 10) == 10) {
                read++;
                // Chunks asked for but not yet read by the reader: the memory the body may hold.
                mostAhead.accumulateAndGet(requested.get() - read, Math::max);
            }
            assertThat(read).isEqualTo(200);
        }
        assertThat(mostAhead.get()).isLessThanOrEqualTo(PrefetchedBody.PREFETCH);
        assertThat(delivered.get()).isEqualTo(200);
    }

    @Test
    void fewerChunksThanABatchStillReachTheReader() {
        List<Chunk> chunks = chunks(3, 100);
        Flux<PartData> file = Flux.concat(Flux.fromIterable(chunks), Flux.never()); // a client that stalls

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try (var body = PrefetchedBody.of(file)) {
                assertThat(body.readNBytes(300)).isEqualTo(joined(chunks));
            }
        });
    }

    @Test
    void aFailedBodyIsAnIOExceptionAfterTheBytesBeforeIt() throws IOException {
        List<Chunk> chunks = chunks(3, 100);
        var cut = new IllegalStateException("connection reset");
        Flux<PartData> file = Flux.concat(Flux.fromIterable(chunks), Flux.error(cut));

        try (var body = PrefetchedBody.of(file)) {
            assertThat(body.readNBytes(300)).isEqualTo(joined(chunks));
            assertThatThrownBy(body::read).isInstanceOf(IOException.class).hasCause(cut);
        }
    }

    @Test
    void closingMidwayReleasesWhatIsQueuedAndCancelsTheRest() throws IOException {
        List<Chunk> chunks = chunks(50, 100);
        var cancelled = new AtomicInteger();
        List<Chunk> delivered = new ArrayList<>();
        Flux<PartData> file = Flux.<PartData>fromIterable(chunks).doOnNext(c -> delivered.add((Chunk) c))
                .doOnCancel(cancelled::incrementAndGet);

        var body = PrefetchedBody.of(file);
        assertThat(body.readNBytes(150)).hasSize(150);
        body.close();

        assertThat(cancelled.get()).isEqualTo(1);
        assertThat(delivered).isNotEmpty().hasSizeLessThan(chunks.size()).allMatch(c -> c.released);
    }

    @Test
    void aChunkThatCannotBeReadFailsTheBodyThoughTheClientGoesOnAndCompletes() {
        List<Chunk> chunks = chunks(3, 100);
        Flux<PartData> file = Flux.just(chunks.get(0), unreadable(), chunks.get(1), chunks.get(2));

        try (var body = PrefetchedBody.of(file)) {
            assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class).hasMessageContaining("buffer gone");
        }
    }

    @Test
    void readingAfterCloseFailsRatherThanWaitsForever() {
        var body = PrefetchedBody.of(Flux.never());
        body.close();

        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThatThrownBy(body::read).isInstanceOf(IOException.class).hasMessageContaining("closed"));
    }

    /** A chunk whose buffer cannot be read. */
    private static PartData unreadable() {
        return new Chunk(9, 100) {
            @Override
            public InputStream getInputStream() throws IOException {
                throw new IOException("buffer gone");
            }
        };
    }
}
