package cn.zongzhi.calendar;

import cn.zongzhi.SharedData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkingCalendarTest {
    private static final WorkingCalendar CALENDAR = BundledHolidays.calendar();

    @Test
    void bundlesEveryYearFrom2007To2026() {
        assertThat(CALENDAR.coveredYears()).hasSize(20).contains(2007, 2026).doesNotContain(2027);
        assertThat(CALENDAR.dayName(LocalDate.of(2026, 2, 17))).contains("春节");
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2026, 2, 14))).as("make-up Saturday").isTrue();
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2026, 10, 1))).as("National Day").isFalse();
        assertThat(CALENDAR.isWorkingDay(LocalDate.of(2026, 3, 7))).as("ordinary Saturday").isFalse();
    }

    @Test
    void agreesWithTheIndependentSecondSourceOnEveryDayOf2007To2026() throws Exception {
        JsonNode other = new ObjectMapper().readTree(
                SharedData.file("holidays/chinese-days-1.5.7/chinese-days.json").toFile());
        JsonNode holidays = other.get("holidays");
        JsonNode workdays = other.get("workdays");
        List<String> disagreements = new ArrayList<>();
        for (LocalDate day = LocalDate.of(2007, 1, 1); day.getYear() <= 2026; day = day.plusDays(1)) {
            String key = day.toString();
            boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
            boolean theirs = workdays.has(key) || (!holidays.has(key) && !weekend);
            if (theirs != CALENDAR.isWorkingDay(day)) {
                disagreements.add(key + " ours=" + CALENDAR.isWorkingDay(day) + " theirs=" + theirs);
            }
        }
        assertThat(disagreements).isEmpty();
    }

    @Test
    void aDateInTwoFilesIsDecidedByItsOwnYearsFile() {
        HolidayFile earlyCopy = file(2025, "{\"year\":2025,\"days\":[{\"name\":\"元旦\",\"date\":\"2026-01-02\",\"isOffDay\":false}]}");
        HolidayFile own = file(2026, "{\"year\":2026,\"days\":[{\"name\":\"元旦\",\"date\":\"2026-01-02\",\"isOffDay\":true}]}");

        assertThat(WorkingCalendar.of(List.of(own, earlyCopy)).isWorkingDay(LocalDate.of(2026, 1, 2))).isFalse();
        assertThat(WorkingCalendar.of(List.of(earlyCopy, own)).isWorkingDay(LocalDate.of(2026, 1, 2))).isFalse();
    }

    @Test
    void aBrokenFileIsRefusedWithTheFileAndTheFaultNamed() {
        assertThatThrownBy(() -> file(2026, "{\"year\":2026,\"days\":[{\"date\":\"2026-02-30\",\"isOffDay\":true}]}"))
                .isInstanceOf(HolidayFileException.class).hasMessageContaining("test.json").hasMessageContaining("2026-02-30");
        assertThatThrownBy(() -> file(2026, "{\"year\":2026,\"days\":[{\"date\":\"2026-02-03\"}]}"))
                .hasMessageContaining("isOffDay");
        assertThatThrownBy(() -> file(2026, "{\"days\":[]}")).hasMessageContaining("year");
        assertThatThrownBy(() -> file(2026, "[1,2")).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> file(2026, "{\"year\":2026,\"days\":[{\"date\":\"2031-02-03\",\"isOffDay\":true}]}"))
                .hasMessageContaining("far from");
    }

    private static HolidayFile file(int year, String json) {
        return HolidayFile.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    @Test
    void coversOnlyYearsWithAFile() {
        assertThat(CALENDAR.covers(LocalDate.of(2026, 12, 31))).isTrue();
        assertThat(CALENDAR.covers(LocalDate.of(2027, 1, 1))).isFalse();
        assertThat(Set.copyOf(CALENDAR.coveredYears())).hasSize(20);
    }
}
