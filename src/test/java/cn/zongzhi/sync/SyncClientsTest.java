package cn.zongzhi.sync;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SyncClientsTest {
    @Test
    void aHelloAnnouncesTheLatestConsoleMigration() throws IOException, URISyntaxException {
        Path migrations = Path.of(SyncClientsTest.class.getResource("/db/migration").toURI());
        Pattern version = Pattern.compile("V(\\d+)__.*\\.sql");
        int latest;
        try (Stream<Path> files = Files.list(migrations)) {
            latest = files.map(file -> version.matcher(file.getFileName().toString())).filter(Matcher::matches)
                    .mapToInt(match -> Integer.parseInt(match.group(1))).max().orElseThrow();
        }
        assertThat(SyncClients.SCHEMA_VERSION).isEqualTo(latest);
    }

    @Test
    void officeAreasTravelAsTwelveDigits() {
        assertThat(SyncClients.padded("440111004")).isEqualTo("440111004000");
        assertThat(SyncClients.padded("440111004001")).isEqualTo("440111004001");
        assertThat(SyncClients.padded(" 4401 ")).isEqualTo("440100000000");
        assertThat(SyncClients.padded("44-01")).isNull();
        assertThat(SyncClients.padded(null)).isNull();
    }
}
