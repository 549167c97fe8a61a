package dev.videopipeline.infra.aws.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * Typed reads of a properties file on the classpath, where a value may be replaced by an override
 * (CDK context at synth time). Only JDK types: a module without the CDK on its classpath can read
 * the same files.
 */
final class Settings {

    private final String source;
    private final Properties properties;
    private final UnaryOperator<String> overrides;

    private Settings(String source, Properties properties, UnaryOperator<String> overrides) {
        this.source = source;
        this.properties = properties;
        this.overrides = overrides;
    }

    static Settings load(String resource, UnaryOperator<String> overrides) {
        try (InputStream in = Settings.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no settings file " + resource + " on the classpath");
            }
            var properties = new Properties();
            properties.load(in);
            return new Settings(resource, properties, overrides);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The override if there is one, else the file's value; a missing key is a mistake worth stopping for. */
    String text(String key) {
        String overridden = overrides.apply(key);
        String value = overridden != null ? overridden : properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(source + ": " + key + " is not set");
        }
        return value.trim();
    }

    /** The override if there is one, else the file's value, else null: a key with a default in code. */
    String optional(String key) {
        String overridden = overrides.apply(key);
        String value = overridden != null ? overridden : properties.getProperty(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The first key that is set wins: a stage-specific key before the general one. */
    String firstOf(String specific, String general) {
        boolean specificSet = overrides.apply(specific) != null || properties.getProperty(specific) != null;
        return text(specificSet ? specific : general);
    }

    int positiveInt(String key) {
        return positive(key, Integer.parseInt(text(key)));
    }

    int nonNegativeInt(String key) {
        int value = Integer.parseInt(text(key));
        if (value < 0) {
            throw new IllegalArgumentException(source + ": " + key + " must not be negative, is " + value);
        }
        return value;
    }

    Duration duration(String key) {
        Duration value = Duration.parse(text(key));
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(source + ": " + key + " must be positive, is " + value);
        }
        return value;
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(text(key));
    }

    private int positive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(source + ": " + key + " must be positive, is " + value);
        }
        return value;
    }
}
