package dev.videopipeline.encoder;

import io.micronaut.runtime.Micronaut;

public class EncoderApplication {

    public static void main(String[] args) {
        Micronaut.run(EncoderApplication.class, args);
    }
}
