package cn.zongzhi.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Properties;

/**
 * Settings in three layers: the shipped defaults in {@code config/}, the user's {@code zongzhi.properties}
 * in the data folder, then {@code -Dzongzhi.<name>} system properties, each overriding the one before.
 */
public final class AppConfig {
    private static final String DEFAULTS = "/cn/zongzhi/config/zongzhi.properties";
    private static final String SYSTEM_PREFIX = "zongzhi.";

    private final Properties values;

    private AppConfig(Properties values) {
        this.values = values;
    }

    public static AppConfig load(Path dataFolder) {
        Properties merged = new Properties();
        try (InputStream in = AppConfig.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException("shipped defaults missing from the classpath: " + DEFAULTS);
            }
            merged.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path user = dataFolder.resolve("zongzhi.properties");
        if (Files.isRegularFile(user)) {
            try (Reader reader = Files.newBufferedReader(user, StandardCharsets.UTF_8)) {
                merged.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + user, e);
            }
        }
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith(SYSTEM_PREFIX))
                .forEach(name -> merged.setProperty(name.substring(SYSTEM_PREFIX.length()), System.getProperty(name)));
        return new AppConfig(merged);
    }

    public static AppConfig defaults() {
        Properties merged = new Properties();
        try (InputStream in = AppConfig.class.getResourceAsStream(DEFAULTS)) {
            merged.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new AppConfig(merged);
    }

    public String get(String name) {
        String value = values.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("setting '" + name + "' is missing");
        }
        return value.trim();
    }

    public LocalTime time(String name) {
        return LocalTime.parse(get(name));
    }

    public ZoneId zone() {
        return ZoneId.of(get("zone"));
    }
}
