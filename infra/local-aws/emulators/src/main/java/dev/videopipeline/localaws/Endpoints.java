package dev.videopipeline.localaws;

import java.net.URI;
import java.util.Optional;

/** Where each AWS API answers; {@code sesStore} is the emulator's sent-mail inbox, when there is one. */
public record Endpoints(URI s3, URI sqs, URI dynamoDb, URI sesV2, Optional<URI> sesStore) {

    /** LocalStack: one edge URL for every service, sent mail under {@code /_aws/ses}. */
    public static Endpoints singleEdge(URI edge) {
        String base = edge.toString().replaceAll("/+$", "");
        return new Endpoints(edge, edge, edge, edge, Optional.of(URI.create(base + "/_aws/ses")));
    }
}
