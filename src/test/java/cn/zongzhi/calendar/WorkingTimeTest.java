package cn.zongzhi.calendar;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
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

    /**
     * Every day of 2025 and 2026 on the bundled calendar (Spring Festival, National Day, the make-up Saturdays and
     * Sundays), at times inside, between and outside the working periods: a walk forward then back by the same working
     * time comes back to where work resumes from the start (the start itself inside a period), and back then forward
     * to where work last stopped.
     */
    @Test
    void forwardThenBackReturnsToTheStartOverTheHolidaysAndMakeUpDaysOf2025And2026() {
        WorkingCalendar calendar = BundledHolidays.calendar();
        List<LocalTime> times = List.of(LocalTime.MIDNIGHT, LocalTime.of(8, 59), LocalTime.of(9, 0), LocalTime.of(10, 17),
                LocalTime.of(11, 59, 30), LocalTime.of(12, 0), LocalTime.of(13, 0), LocalTime.of(14, 0), LocalTime.of(15, 45),
                LocalTime.of(17, 29), LocalTime.of(17, 30), LocalTime.of(22, 0));
        List<Duration> amounts = List.of(Duration.ZERO, Duration.ofMinutes(1), Duration.ofHours(2), Duration.ofHours(3),
                Duration.ofMinutes(390), Duration.ofHours(9), Duration.ofMinutes(5 * 390), Duration.ofMinutes(10 * 390));
        int makeUpDays = 0;
        for (LocalDate day = LocalDate.of(2025, 1, 1); day.getYear() < 2027; day = day.plusDays(1)) {
            boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
            if (weekend && calendar.isWorkingDay(day)) {
                makeUpDays++;
            }
            for (LocalTime clock : times) {
                Instant start = LocalDateTime.of(day, clock).atZone(SHANGHAI).toInstant();
                for (Duration amount : amounts) {
                    Instant end = time.after(start, amount);
                    assertThat(time.before(end, amount)).as("after %s by %s, then back", start, amount)
                            .isEqualTo(resumes(calendar, start));
                    if (!amount.isZero()) {
                        assertThat(time.after(time.before(start, amount), amount)).as("before %s by %s, then on", start, amount)
                                .isEqualTo(stops(calendar, start));
                    }
                }
            }
        }
        assertThat(makeUpDays).as("make-up working days on weekends were walked").isGreaterThanOrEqualTo(8);
    }

    /** The first working moment at or after the instant, counted here without WorkingTime. */
    private static Instant resumes(WorkingCalendar calendar, Instant instant) {
        LocalDateTime at = LocalDateTime.ofInstant(instant, SHANGHAI);
        for (LocalDate day = at.toLocalDate(); ; day = day.plusDays(1)) {
            for (WorkingHours.Period period : WorkingHours.standard().periods()) {
                boolean sameDay = day.equals(at.toLocalDate());
                if (calendar.isWorkingDay(day) && (!sameDay || at.toLocalTime().isBefore(period.end()))) {
                    LocalTime from = sameDay && at.toLocalTime().isAfter(period.start()) ? at.toLocalTime() : period.start();
                    return LocalDateTime.of(day, from).atZone(SHANGHAI).toInstant();
                }
            }
        }
    }

    /** The last working moment at or before the instant. */
    private static Instant stops(WorkingCalendar calendar, Instant instant) {
        LocalDateTime at = LocalDateTime.ofInstant(instant, SHANGHAI);
        List<WorkingHours.Period> periods = WorkingHours.standard().periods();
        for (LocalDate day = at.toLocalDate(); ; day = day.minusDays(1)) {
            for (int i = periods.size() - 1; i >= 0; i--) {
                WorkingHours.Period period = periods.get(i);
                boolean sameDay = day.equals(at.toLocalDate());
                if (calendar.isWorkingDay(day) && (!sameDay || at.toLocalTime().isAfter(period.start()))) {
                    LocalTime to = sameDay && at.toLocalTime().isBefore(period.end()) ? at.toLocalTime() : period.end();
                    return LocalDateTime.of(day, to).atZone(SHANGHAI).toInstant();
                }
            }
        }
    }
}
