package dev.videopipeline.localaws;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The four emulators, started side by side: each spends most of its start-up loading classes. */
final class Emulators implements AutoCloseable {

    private final SqsEmulator sqs;
    private final S3Emulator s3;
    private final DynamoDbEmulator dynamoDb;
    private final SesEmulator ses;

    private Emulators(SqsEmulator sqs, S3Emulator s3, DynamoDbEmulator dynamoDb, SesEmulator ses) {
        this.sqs = sqs;
        this.s3 = s3;
        this.dynamoDb = dynamoDb;
        this.ses = ses;
    }

    /**
     * @param s3Dir where S3 objects live
     * @param dynamoDbDir where DynamoDB keeps its database; empty = in memory
     * @param sesDir the npm install of aws-ses-v2-local
     */
    static Emulators start(ServerOptions.Ports ports, Path s3Dir, Optional<Path> dynamoDbDir, Path sesDir) {
        // Not the common pool: on a 2-core machine it has one thread.
        ExecutorService starter = Executors.newFixedThreadPool(4);
        try {
            var sqs = async(starter, () -> SqsEmulator.start(ports.sqs(), LocalAccount.REGION));
            var s3 = async(starter, () -> S3Emulator.start(ports.s3(), s3Dir, LocalAccount.ACCESS_KEY_ID, LocalAccount.SECRET_ACCESS_KEY));
            var dynamoDb = async(starter, () -> DynamoDbEmulator.start(ports.dynamoDb(), dynamoDbDir));
            var ses = async(starter, () -> SesEmulator.start(ports.ses(), sesDir));
            List<CompletableFuture<? extends Emulator>> all = List.of(sqs, s3, dynamoDb, ses);
            try {
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            } catch (CompletionException e) {
                // Stop the ones that started before reporting the one that did not.
                all.stream().filter(f -> !f.isCompletedExceptionally()).forEach(f -> f.join().close());
                throw e;
            }
            return new Emulators(sqs.join(), s3.join(), dynamoDb.join(), ses.join());
        } finally {
            starter.shutdown();
        }
    }

    private interface Start<T> {
        T call() throws Exception;
    }

    private static <T> CompletableFuture<T> async(ExecutorService executor, Start<T> start) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return start.call();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    Endpoints endpoints() {
        return new Endpoints(s3.endpoint(), sqs.endpoint(), dynamoDb.endpoint(), ses.endpoint(), ses.store());
    }

    @Override
    public void close() {
        List.of(ses, dynamoDb, s3, sqs).forEach(Emulator::close);
    }
}
