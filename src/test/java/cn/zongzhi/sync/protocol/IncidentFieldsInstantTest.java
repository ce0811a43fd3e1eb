package cn.zongzhi.sync.protocol;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The short way of reading a moment gives what {@link Instant#parse} gives, and refuses what it refuses. */
class IncidentFieldsInstantTest {

    @Test
    void readsEveryMomentAsInstantParseDoes() {
        Random random = new Random(20261203);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            // Instant.toString writes no fraction, or three, six or nine digits, as consoles send them.
            long seconds = random.nextLong(-62_135_596_800L, 253_402_300_799L);
            int nanos = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            texts.add(Instant.ofEpochSecond(seconds, nanos).toString());
        }
        texts.addAll(List.of("2026-11-23T01:00:00Z", "2026-11-23T01:00:00.5Z", "2026-11-23T01:00:00.12Z",
                "2024-02-29T23:59:59.123456789Z", "2026-11-23T24:00:00Z", "2026-12-31T23:59:60Z",
                "2026-11-23T01:00:00+08:00", "2026-11-23T09:00:00.000+08:00",
                // Taken by Instant.parse too: an empty fraction, and letters in lower case.
                "2026-11-23T01:00:00.Z", "2026-11-23t01:00:00z"));
        for (String text : texts) {
            assertThat(IncidentFields.parseInstant(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void refusesWhatInstantParseRefuses() {
        for (String text : List.of("2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-11-23T25:00:00Z",
                "2026-11-23T01:61:00Z", "2026-11-23T01:00:00.1234567890Z", "2026-11-23T01:00Z", "2026-11-23 01:00:00Z", "２０２６-11-23T01:00:00Z", "2026-11-23T01:00:0xZ", "")) {
            assertThatThrownBy(() -> Instant.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
            assertThatThrownBy(() -> IncidentFields.parseInstant(text)).as(text).isInstanceOf(DateTimeParseException.class);
        }
    }
}
