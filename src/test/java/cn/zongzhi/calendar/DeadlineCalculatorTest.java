package cn.zongzhi.calendar;

import org.junit.jupiter.api.Test;

import java.time.LocalDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real cases on the official calendar; each expected value is worked out by hand in its comment. */
class DeadlineCalculatorTest {
    private static final WorkingCalendar CALENDAR = BundledHolidays.calendar();
    private final DeadlineCalculator calculator = new DeadlineCalculator(CALENDAR, WorkingHours.standard());

    private LocalDateTime due(String from, String limit) {
        return calculator.due(LocalDateTime.parse(from), TimeLimit.parse(limit));
    }

    @Test
    void workingDaysAcrossSpringFestival2026AndItsMakeUpSaturday() {
        // Fri 13 Feb; Sat 14 Feb is a make-up working day (1); 15–23 Feb are Spring Festival; Tue 24 (2), Wed 25 (3).
        assertThat(due("2026-02-13T10:00", "3wd")).isEqualTo("2026-02-25T17:30");
        // Sat 28 Feb is the second make-up day: from Thu 26 Feb, Fri 27 (1), Sat 28 (2), Mon 2 Mar (3).
        assertThat(due("2026-02-26T09:00", "3wd")).isEqualTo("2026-03-02T17:30");
    }

    @Test
    void workingDaysAcrossNationalDay2025() {
        // Fri 26 Sep; Sun 28 Sep is a make-up working day (1); Mon 29 (2), Tue 30 (3).
        assertThat(due("2025-09-26T15:00", "3wd")).isEqualTo("2025-09-30T17:30");
        // Tue 30 Sep; 1–8 Oct are off; Thu 9 (1), Fri 10 (2), Sat 11 Oct is a make-up working day (3).
        assertThat(due("2025-09-30T11:00", "3wd")).isEqualTo("2025-10-11T17:30");
    }

    @Test
    void workingDaysAcrossTheYearBoundary() {
        // Tue 30 Dec 2025; Wed 31 (1); 1–3 Jan 2026 are New Year; Sun 4 Jan is a make-up working day (2); Mon 5 (3).
        assertThat(due("2025-12-30T16:00", "3wd")).isEqualTo("2026-01-05T17:30");
    }

    @Test
    void theStartDayIsNotCountedEvenWhenItIsAHoliday() {
        // Starting on Spring Festival eve-day Mon 16 Feb 2026 (off): next working day Tue 24 Feb (1).
        assertThat(due("2026-02-16T10:00", "1wd")).isEqualTo("2026-02-24T17:30");
        // An ordinary Monday: the day itself does not count, Tuesday is day 1.
        assertThat(due("2026-03-02T08:00", "1wd")).isEqualTo("2026-03-03T17:30");
    }

    @Test
    void workingHoursSkipLunchNightsAndHolidays() {
        // Fri 13 Feb 2026 10:00: 2 h to 12:00, 3 h from 14:00 to 17:00.
        assertThat(due("2026-02-13T10:00", "5wh")).isEqualTo("2026-02-13T17:00");
        // 8 h: 10–12 (2), 14–17:30 (3.5), then Sat 14 Feb (a working day) 9:00–11:30 (2.5).
        assertThat(due("2026-02-13T10:00", "8wh")).isEqualTo("2026-02-14T11:30");
        // Sat 14 Feb 16:00: 1.5 h to 17:30; 15–23 Feb off; Tue 24 Feb 9:00–9:30 for the remaining 0.5 h.
        assertThat(due("2026-02-14T16:00", "2wh")).isEqualTo("2026-02-24T09:30");
        // Reported at lunch (12:30): the count starts at 14:00.
        assertThat(due("2026-03-02T12:30", "1wh")).isEqualTo("2026-03-02T15:00");
        // Ending exactly at the close of the morning is due at 12:00, not at 14:00.
        assertThat(due("2026-03-02T09:00", "3wh")).isEqualTo("2026-03-02T12:00");
        // Reported at night: starts next working morning.
        assertThat(due("2026-03-02T20:00", "1wh")).isEqualTo("2026-03-03T10:00");
    }

    @Test
    void naturalDaysEndAtTheEndOfTheNthDayAfterTheStart() {
        // Calendar days ignore holidays: 13 Feb + 7 = 20 Feb, end of day.
        assertThat(due("2026-02-13T10:00", "7d")).isEqualTo("2026-02-20T23:59:59");
        assertThat(due("2026-12-31T23:00", "1d")).isEqualTo("2027-01-01T23:59:59");
    }

    @Test
    void saysWhenTheCountRunsBeyondTheKnownCalendar() {
        assertThat(calculator.dueChecked(LocalDateTime.parse("2026-06-01T09:00"), TimeLimit.parse("3wd")).beyondKnownCalendar()).isFalse();
        DeadlineCalculator.Deadline beyond = calculator.dueChecked(LocalDateTime.parse("2026-12-30T10:00"), TimeLimit.parse("3wd"));
        assertThat(beyond.beyondKnownCalendar()).isTrue();
        // Plain weeks assumed for 2027: Thu 31 Dec (1), Fri 1 Jan (2), Mon 4 Jan (3).
        assertThat(beyond.due()).isEqualTo("2027-01-04T17:30");
    }

    @Test
    void timeLimitsAreParsedStrictly() {
        assertThat(TimeLimit.parse("3wd")).isEqualTo(new TimeLimit(3, TimeLimitUnit.WORKING_DAYS));
        assertThat(TimeLimit.parse(" 5WH ")).isEqualTo(new TimeLimit(5, TimeLimitUnit.WORKING_HOURS));
        assertThat(TimeLimit.parse("7d")).isEqualTo(new TimeLimit(7, TimeLimitUnit.NATURAL_DAYS));
        for (String bad : new String[] {"", "3", "wd", "0wd", "-1d", "3 weeks", "3wdx", "99999d"}) {
            assertThatThrownBy(() -> TimeLimit.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void workingHoursMustBeOrderedAndNonEmpty() {
        assertThatThrownBy(() -> new WorkingHours(java.util.List.of(
                new WorkingHours.Period(java.time.LocalTime.of(14, 0), java.time.LocalTime.of(12, 0)))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WorkingHours(java.util.List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
