package cn.zongzhi.calendar;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class WorkingTimeTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private final WorkingTime time = new WorkingTime(BundledHolidays.calendar(), WorkingHours.standard(), SHANGHAI);
    private static final Duration NO_CAP = Duration.ofDays(3650);

    private static Instant at(String beijing) {
        return LocalDateTime.parse(beijing).atZone(SHANGHAI).toInstant();
    }

    @Test
    void aWeekendAndAHolidayWeekHoldNoWorkingTime() {
        assertThat(time.between(at("2026-03-06T17:30"), at("2026-03-09T09:00"), NO_CAP)).isZero();
        assertThat(time.between(at("2026-09-30T17:30"), at("2026-10-08T09:00"), NO_CAP)).isZero();
        assertThat(time.between(at("2026-03-06T17:30"), at("2026-03-09T17:30"), NO_CAP)).isEqualTo(Duration.ofMinutes(390));
        assertThat(time.between(at("2026-03-06T11:00"), at("2026-03-06T15:00"), NO_CAP)).isEqualTo(Duration.ofHours(2));
        assertThat(time.between(at("2026-03-02T09:00"), at("2026-03-20T09:00"), Duration.ofHours(10))).isEqualTo(Duration.ofHours(10));
    }

    @Test
    void beforeAndAfterAreTheInstantsThatMuchWorkingTimeAway() {
        Random random = new Random(7);
        Instant origin = at("2026-01-01T00:00");
        for (int i = 0; i < 2_000; i++) {
            Instant moment = origin.plus(Duration.ofMinutes(random.nextInt(360 * 24 * 60)));
            Duration amount = Duration.ofMinutes(random.nextInt(4 * 390));
            Instant later = time.after(moment, amount);
            assertThat(time.between(moment, later, NO_CAP)).as("after %s by %s", moment, amount).isEqualTo(amount);
            Instant earlier = time.before(moment, amount);
            assertThat(time.between(earlier, moment, NO_CAP)).as("before %s by %s", moment, amount).isEqualTo(amount);
            // The latest such instant: a minute later is less late, unless no working time lies in that minute.
            assertThat(time.between(earlier.plus(Duration.ofMinutes(1)), moment, NO_CAP)).isLessThanOrEqualTo(amount);
            if (!amount.isZero()) {
                assertThat(time.between(earlier.plus(Duration.ofMinutes(1)), moment, NO_CAP)).isLessThan(amount);
            }
        }
    }
}
