package dev.videopipeline.mailer;

import io.micronaut.runtime.Micronaut;

public class MailerApplication {

    public static void main(String[] args) {
        Micronaut.run(MailerApplication.class, args);
    }
}
