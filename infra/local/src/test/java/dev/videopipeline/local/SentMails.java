package dev.videopipeline.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.videopipeline.testpipeline.Json;
import dev.videopipeline.testpipeline.PipelineClient;
import dev.videopipeline.testpipeline.PipelineLauncher;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/** The mails the SES emulator was given to send, from its store (JSON). */
final class SentMails {

    /** One mail: its recipients, subject and bodies as the mailer sent them to SES. */
    record SentMail(List<String> to, List<String> cc, List<String> bcc, String subject, String html, String text) {

        List<String> recipients() {
            var all = new ArrayList<>(to);
            all.addAll(cc);
            all.addAll(bcc);
            return all;
        }
    }

    private final PipelineClient api;
    private final String storeUrl;

    SentMails(PipelineClient api, PipelineLauncher pipeline) {
        this.api = api;
        this.storeUrl = pipeline.awsProperty("local-aws.ses-store-url");
    }

    /** Every mail with {@code address} among its recipients (To, Cc or Bcc). */
    List<SentMail> to(String address) throws IOException, InterruptedException {
        return all().stream().filter(mail -> mail.recipients().contains(address)).toList();
    }

    List<SentMail> all() throws IOException, InterruptedException {
        JsonNode store = Json.parse(api.get(storeUrl).body());
        return store.findParents("messageId").stream().map(mail -> new SentMail(addresses(mail, "to"),
                addresses(mail, "cc"), addresses(mail, "bcc"), Json.text(mail, "subject"), Json.text(mail, "html"),
                Json.text(mail, "text"))).toList();
    }

    private static List<String> addresses(JsonNode mail, String field) {
        JsonNode list = mail.findValue(field);
        return list == null ? List.of() : StreamSupport.stream(list.spliterator(), false).map(JsonNode::asText).toList();
    }
}
