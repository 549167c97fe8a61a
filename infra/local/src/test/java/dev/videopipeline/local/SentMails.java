package dev.videopipeline.local;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The mails the SES emulator was given to send, from its store (JSON), read without a JSON library. */
final class SentMails {

    /** One mail: its recipients, subject and bodies as the mailer sent them to SES. */
    record Mail(List<String> to, List<String> cc, List<String> bcc, String subject, String html, String text) {

        List<String> recipients() {
            var all = new ArrayList<>(to);
            all.addAll(cc);
            all.addAll(bcc);
            return all;
        }
    }

    private static final Pattern QUOTED = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*+)\"");

    private final PipelineApi api;
    private final String storeUrl;

    SentMails(PipelineApi api, RunningPipeline pipeline) {
        this.api = api;
        this.storeUrl = pipeline.awsProperty("local-aws.ses-store-url");
    }

    /** Every mail with {@code address} among its recipients (To, Cc or Bcc). */
    List<Mail> to(String address) throws IOException, InterruptedException {
        return all().stream().filter(mail -> mail.recipients().contains(address)).toList();
    }

    List<Mail> all() throws IOException, InterruptedException {
        String store = api.get(storeUrl).body();
        List<Mail> mails = new ArrayList<>();
        List<Integer> starts = new ArrayList<>();
        Matcher message = Pattern.compile("\\{\"messageId\"").matcher(store);
        while (message.find()) {
            starts.add(message.start());
        }
        for (int i = 0; i < starts.size(); i++) {
            String json = store.substring(starts.get(i), i + 1 < starts.size() ? starts.get(i + 1) : store.length());
            mails.add(new Mail(addresses(json, "to"), addresses(json, "cc"), addresses(json, "bcc"),
                    PipelineApi.text(json, "subject"), PipelineApi.text(json, "html"), PipelineApi.text(json, "text")));
        }
        return mails;
    }

    private static List<String> addresses(String json, String field) {
        Matcher list = Pattern.compile("\"" + field + "\"\\s*:\\s*\\[([^]]*)]").matcher(json);
        if (!list.find()) {
            return List.of();
        }
        return QUOTED.matcher(list.group(1)).results().map(m -> PipelineApi.text("{\"a\":" + m.group() + "}", "a"))
                .toList();
    }
}
