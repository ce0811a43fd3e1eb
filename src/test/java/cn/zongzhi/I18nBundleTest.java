package cn.zongzhi;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every text the console shows exists in both languages, and no text sits in a bundle unused. */
class I18nBundleTest {
    private static final Pattern FXML_KEY = Pattern.compile("\"%([A-Za-z0-9_.]+)\"");
    private static final Pattern JAVA_LITERAL = Pattern.compile("\"([a-z][A-Za-z0-9]*(?:\\.[A-Za-z0-9_]+)+\\.?)\"");

    @Test
    void bothBundlesHaveTheSameKeys() throws IOException {
        Set<String> chinese = load("messages.properties");
        Set<String> english = load("messages_en.properties");

        assertThat(new TreeSet<>(english)).containsExactlyElementsOf(new TreeSet<>(chinese));
    }

    @Test
    void everyKeyUsedInFxmlExists() throws IOException {
        Set<String> chinese = load("messages.properties");
        Set<String> used = fxmlKeys();

        assertThat(used).isNotEmpty();
        assertThat(chinese).containsAll(used);
    }

    @Test
    void noKeyIsUnused() throws IOException {
        Set<String> unused = new TreeSet<>(load("messages.properties"));
        unused.removeAll(fxmlKeys());
        Set<String> javaText = new HashSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                javaText.add(Files.readString(source));
            }
        }
        // A key is used when Java names it whole, or names its prefix and appends an enum name (auth.error., auth.role.).
        unused.removeIf(key -> javaText.stream().anyMatch(text -> text.contains("\"" + key + "\"")
                || prefixes(key).stream().anyMatch(prefix -> text.contains("\"" + prefix + "\""))));

        assertThat(unused).isEmpty();
    }

    @Test
    void everyKeyJavaAsksForExists() throws IOException {
        Set<String> chinese = load("messages.properties");
        Set<String> settings = settingNames();
        Set<String> asked = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher matcher = JAVA_LITERAL.matcher(Files.readString(source));
                while (matcher.find()) {
                    String key = matcher.group(1);
                    boolean looksLikeOurs = Stream.of("app.", "common.", "auth.", "shell.", "gridmap.", "settings.",
                            "incidents.", "mediation.", "dashboard.", "sync.").anyMatch(key::startsWith);
                    boolean fileName = key.matches(".*\\.(csv|xlsx|json|fxml|css|properties|png)");
                    // A setting's name (config/zongzhi.properties, e.g. sync.intervalSeconds) is not a text.
                    if (looksLikeOurs && !key.endsWith(".") && !fileName && !settings.contains(key)) {
                        asked.add(key);
                    }
                }
            }
        }
        assertThat(chinese).containsAll(asked);
    }

    private static Set<String> settingNames() throws IOException {
        Properties settings = new Properties();
        try (var in = Files.newBufferedReader(Path.of("config/zongzhi.properties"), StandardCharsets.UTF_8)) {
            settings.load(in);
        }
        return settings.stringPropertyNames();
    }

    private static Set<String> prefixes(String key) {
        Set<String> prefixes = new HashSet<>();
        for (int i = key.indexOf('.'); i > 0; i = key.indexOf('.', i + 1)) {
            prefixes.add(key.substring(0, i + 1));
        }
        return prefixes;
    }

    private static Set<String> fxmlKeys() throws IOException {
        Set<String> keys = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("fxml"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".fxml")).toList()) {
                Matcher matcher = FXML_KEY.matcher(Files.readString(file));
                while (matcher.find()) {
                    keys.add(matcher.group(1));
                }
            }
        }
        return keys;
    }

    private static Set<String> load(String name) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = I18nBundleTest.class.getResourceAsStream("/cn/zongzhi/i18n/" + name)) {
            assertThat(in).as(name).isNotNull();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties.stringPropertyNames();
    }
}
