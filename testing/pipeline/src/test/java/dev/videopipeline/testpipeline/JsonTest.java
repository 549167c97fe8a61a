package dev.videopipeline.testpipeline;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonTest {

    @Test
    void findsTheFirstStringFieldInDocumentOrderAtAnyDepth() {
        String ticket = """
                {"id":"v1","upload":{"method":"PUT","parts":[{"number":1,"url":"http://s3/1"},{"number":2,"url":"http://s3/2"}]}}""";

        assertThat(Json.text(ticket, "id")).isEqualTo("v1");
        assertThat(Json.text(ticket, "url")).isEqualTo("http://s3/1");
        assertThat(Json.text(ticket, "status")).isNull();
    }

    @Test
    void decodesEscapesAsJsonDoes() {
        assertThat(Json.text("{\"title\":\"a \\\"b\\\"\\n\\u00e9\\\\\"}", "title")).isEqualTo("a \"b\"\né\\");
    }

    @Test
    void aFieldOfAnotherTypeIsNotAString() {
        assertThat(Json.text("{\"status\":404,\"detail\":{\"status\":\"FAILED\"}}", "status")).isEqualTo("FAILED");
    }

    @Test
    void writesWhatItReads() {
        assertThat(Json.write(Map.of("email", "ann\"@example.com"))).isEqualTo("{\"email\":\"ann\\\"@example.com\"}");
    }

    @Test
    void notJsonIsSaid() {
        assertThatThrownBy(() -> Json.text("<html>502</html>", "id")).hasMessageContaining("not JSON: <html>502");
    }
}
