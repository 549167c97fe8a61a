package dev.videopipeline.mailer.worker;

import dev.videopipeline.localaws.junit.LocalAws;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** A mail as the SES emulator stored it ({@code /store}: {@code {"emails":[...]}}). */
record SentMail(String messageId, String from, List<String> to, String subject, String html, String text) {

    /** Every mail the emulator has accepted for {@code address}, in the order it got them. */
    static List<SentMail> to(String address, LocalAws aws, JsonMapper json) {
        JsonNode store;
        try {
            store = json.readValue(aws.sentMail(), JsonNode.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<SentMail> mails = new ArrayList<>();
        for (JsonNode email : store.get("emails").values()) {
            List<String> to = new ArrayList<>();
            email.get("destination").get("to").values().forEach(a -> to.add(a.getStringValue()));
            if (to.contains(address)) {
                JsonNode body = email.get("body");
                mails.add(new SentMail(text(email, "messageId"), text(email, "from"), to, text(email, "subject"),
                        text(body, "html"), text(body, "text")));
            }
        }
        return mails;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null ? null : value.getStringValue();
    }
}
