package dev.videopipeline.localaws.junit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Reads the properties file the emulator process writes once everything is provisioned. */
final class StateFile {

    static final String PID = "local-aws.pid";

    private StateFile() {
    }

    static Map<String, String> read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Map<String, String> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return Collections.unmodifiableMap(map);
    }

    /** An emulator process that still runs; a file without a pid (LocalStack) is trusted as is. */
    static boolean isLive(Map<String, String> state) {
        String pid = state.get(PID);
        return pid == null || ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    }
}
