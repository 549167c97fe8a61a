package dev.videopipeline.receiver;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;

@OpenAPIDefinition(info = @Info(
        title = "video-pipeline receiver",
        version = "1",
        description = "Upload videos, follow their encoding, find their renditions.",
        license = @License(name = "Apache-2.0")))
public class ReceiverApplication {

    public static void main(String[] args) {
        Micronaut.run(ReceiverApplication.class, args);
    }
}
