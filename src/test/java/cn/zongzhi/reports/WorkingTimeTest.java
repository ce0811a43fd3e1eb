package cn.zongzhi.reports;

import cn.zongzhi.calendar.BundledHolidays;
import cn.zongzhi.calendar.DeadlineCalculator;
import cn.zongzhi.calendar.TimeLimit;
import cn.zongzhi.calendar.TimeLimitUnit;
import cn.zongzhi.calendar.WorkingCalendar;
import cn.zongzhi.calendar.WorkingHours;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Working time on the bundled 2026 calendar with 09:00–12:00 and 14:00–17:30 working periods. */
class WorkingTimeTest {
    private static final WorkingCalendar CALENDAR = BundledHolidays.calendar();
    private final WorkingTime working = new WorkingTime(CALENDAR, WorkingHours.standard());

    @Test
    void countsOnlyWorkingPeriodsOfWorkingDays() {
        assertThat(hours("2026-10-12T09:30", "2026-10-12T11:00")).isEqualTo(1.5);
        // The lunch break does not count: 11:00–12:00 and 14:00–15:00.
        assertThat(hours("2026-10-12T11:00", "2026-10-12T15:00")).isEqualTo(2.0);
        assertThat(hours("2026-10-12T12:30", "2026-10-12T13:30")).isZero();
        // A night: Thursday evening to Friday 10:00 is one hour.
        assertThat(hours("2026-10-15T20:00", "2026-10-16T10:00")).isEqualTo(1.0);
        // A plain weekend: Friday 17:00 to Monday 09:30.
        assertThat(hours("2026-10-16T17:00", "2026-10-19T09:30")).isEqualTo(1.0);
    }

    @Test
    void holidaysAreSkippedAndMakeUpWorkingDaysCount() {
        // Wednesday 30 Sep 16:00 – 17:30, the National Day holiday 1–7 Oct, Thursday 8 Oct 09:00 – 10:00.
        assertThat(hours("2026-09-30T16:00", "2026-10-08T10:00")).isEqualTo(2.5);
        // Friday 9 Oct 16:30 – 17:30, Saturday 10 Oct is a make-up working day (6.5), Sunday off, Monday 09:00 – 10:00.
        assertThat(hours("2026-10-09T16:30", "2026-10-12T10:00")).isEqualTo(8.5);
        // Inside the holiday nothing is worked.
        assertThat(hours("2026-10-02T09:00", "2026-10-06T17:00")).isZero();
    }

    @Test
    void agreesWithTheDeadlinesWorkingHours() {
        DeadlineCalculator deadlines = new DeadlineCalculator(CALENDAR, WorkingHours.standard());
        for (String start : List.of("2026-09-30T10:00", "2026-09-30T16:45", "2026-10-09T20:00", "2026-02-13T11:15")) {
            for (int limit : List.of(1, 5, 24, 40)) {
                LocalDateTime from = LocalDateTime.parse(start);
                LocalDateTime due = deadlines.due(from, new TimeLimit(limit, TimeLimitUnit.WORKING_HOURS));
                assertThat(working.seconds(from, due)).as(start + " + " + limit + " wh").isEqualTo(limit * 3600.0);
            }
        }
    }

    @Test
    void summedDayGroupsEqualTheSumOfEachCaseCountedMinuteByMinute() {
        SplittableRandom random = new SplittableRandom(7);
        Map<LocalDate, double[]> starts = new TreeMap<>();
        Map<LocalDate, double[]> ends = new TreeMap<>();
        double expected = 0;
        for (int i = 0; i < 300; i++) {
            LocalDateTime from = LocalDateTime.of(2026, 9, 1, 0, 0).plusMinutes(random.nextInt(60 * 24 * 60));
            LocalDateTime to = from.plusMinutes(random.nextInt(60 * 24 * 20));
            expected += minuteByMinute(from, to) * 60.0;
            add(starts, from);
            add(ends, to);
        }
        assertThat(working.sumSeconds(groups(ends), groups(starts))).isCloseTo(expected, within(1e-6));
    }

    private void add(Map<LocalDate, double[]> groups, LocalDateTime moment) {
        double[] group = groups.computeIfAbsent(moment.toLocalDate(), day -> new double[2]);
        group[0]++;
        group[1] += working.workedBy(moment.toLocalTime().toSecondOfDay());
    }

    private static List<WorkingTime.DayGroup> groups(Map<LocalDate, double[]> byDay) {
        List<WorkingTime.DayGroup> groups = new ArrayList<>();
        byDay.forEach((day, group) -> groups.add(new WorkingTime.DayGroup(day, (long) group[0], group[1])));
        return groups;
    }

    /** The independent oracle: walk the minutes. */
    private static long minuteByMinute(LocalDateTime from, LocalDateTime to) {
        long minutes = 0;
        for (LocalDateTime t = from; t.isBefore(to); t = t.plusMinutes(1)) {
            LocalTime time = t.toLocalTime();
            boolean inPeriod = !time.isBefore(LocalTime.of(9, 0)) && time.isBefore(LocalTime.of(12, 0))
                    || !time.isBefore(LocalTime.of(14, 0)) && time.isBefore(LocalTime.of(17, 30));
            if (inPeriod && CALENDAR.isWorkingDay(t.toLocalDate())) {
                minutes++;
            }
        }
        return minutes;
    }

    private double hours(String from, String to) {
        return working.seconds(LocalDateTime.parse(from), LocalDateTime.parse(to)) / 3600;
    }
}
