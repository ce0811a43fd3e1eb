package cn.zongzhi.reports;

import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.db.OfficeDays;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds the dispatch and resolution moments of handled cases into the day groups {@link WorkingTime} sums: per
 * office day, how many cases started (ended) on it and the working seconds of that day before their moments.
 * Whoever reads the cases' rows feeds it, so the figure does not need a pass of its own over them.
 */
final class HandlingTally {
    private final ZoneOffset offset;
    private final List<WorkingHours.Period> periods;
    private final Map<LocalDate, double[]> starts = new TreeMap<>();
    private final Map<LocalDate, double[]> ends = new TreeMap<>();

    HandlingTally(ZoneOffset offset, List<WorkingHours.Period> periods) {
        this.offset = offset;
        this.periods = periods;
    }

    /** One case; a closed case always carries both moments, and a row without them is not counted. */
    void add(OffsetDateTime dispatchedAt, OffsetDateTime resolvedAt) {
        if (dispatchedAt != null && resolvedAt != null) {
            addMoment(starts, OfficeDays.localSeconds(dispatchedAt, offset));
            addMoment(ends, OfficeDays.localSeconds(resolvedAt, offset));
        }
    }

    KpiRepository.Handling result() {
        return new KpiRepository.Handling(groups(starts), groups(ends));
    }

    private void addMoment(Map<LocalDate, double[]> groups, long localSeconds) {
        LocalDate day = OfficeDays.day(localSeconds);
        long secondOfDay = localSeconds - day.toEpochDay() * 86_400L;
        double worked = 0;
        for (WorkingHours.Period period : periods) {
            long start = period.start().toSecondOfDay();
            long end = period.end().toSecondOfDay();
            worked += Math.max(Math.min(secondOfDay, end), start) - start;
        }
        double[] group = groups.computeIfAbsent(day, key -> new double[2]);
        group[0] += 1;
        group[1] += worked;
    }

    private static List<WorkingTime.DayGroup> groups(Map<LocalDate, double[]> byDay) {
        List<WorkingTime.DayGroup> groups = new ArrayList<>();
        byDay.forEach((day, group) -> groups.add(new WorkingTime.DayGroup(day, (long) group[0], group[1])));
        return groups;
    }
}
