package cn.zongzhi.calendar;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.db.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CalendarServiceTest {
    @TempDir
    Path folder;

    @Test
    void seedsTheBundledYearsOnceAndImportsANewYearWithoutLosingTheOld() throws Exception {
        try (Database database = TestDatabases.fresh(folder)) {
            CalendarService service = new CalendarService(database.dsl());
            int seeded = service.seedBundledIfEmpty();
            assertThat(seeded).isGreaterThan(20 * 25);
            assertThat(service.seedBundledIfEmpty()).isZero();
            assertThat(service.calendar().coveredYears()).contains(2007, 2026).doesNotContain(2027);
            assertThat(service.calendar().isWorkingDay(LocalDate.of(2026, 2, 14))).isTrue();

            Path year2027 = folder.resolve("2027.json");
            Files.writeString(year2027, """
                    {"year": 2027, "days": [
                      {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
                      {"name": "春节", "date": "2027-02-05", "isOffDay": true},
                      {"name": "春节", "date": "2027-02-06", "isOffDay": false}
                    ]}""");
            CalendarService.ImportSummary summary = service.importYearFile(year2027);

            assertThat(summary).isEqualTo(new CalendarService.ImportSummary(2027, 3));
            WorkingCalendar after = service.calendar();
            assertThat(after.coveredYears()).contains(2026, 2027);
            assertThat(after.isWorkingDay(LocalDate.of(2027, 2, 5))).isFalse();
            assertThat(after.isWorkingDay(LocalDate.of(2027, 2, 6))).as("Saturday made a working day").isTrue();
            assertThat(after.isWorkingDay(LocalDate.of(2026, 2, 14))).isTrue();
        }
    }

    @Test
    void aBrokenImportChangesNothing() throws Exception {
        try (Database database = TestDatabases.fresh(folder)) {
            CalendarService service = new CalendarService(database.dsl());
            service.seedBundledIfEmpty();
            int before = new CalendarRepository(database.dsl()).count();
            Path broken = folder.resolve("2027.json");
            Files.writeString(broken, "{\"year\": 2027, \"days\": [{\"date\": \"2027-13-01\", \"isOffDay\": true}]}");
            Path empty = folder.resolve("2028.json");
            Files.writeString(empty, "{\"year\": 2028, \"days\": []}");

            assertThatThrownBy(() -> service.importYearFile(broken)).isInstanceOf(HolidayFileException.class)
                    .hasMessageContaining("2027.json");
            assertThatThrownBy(() -> service.importYearFile(empty)).hasMessageContaining("no days");

            assertThat(new CalendarRepository(database.dsl()).count()).isEqualTo(before);
            assertThat(service.calendar().coveredYears()).doesNotContain(2027, 2028);
        }
    }

    @Test
    void daysWrittenBySomeoneElseAreReadAfterTheCalendarIsForgotten() {
        try (Database database = TestDatabases.fresh(folder)) {
            CalendarService service = new CalendarService(database.dsl());
            service.seedBundledIfEmpty();
            LocalDate monday = LocalDate.of(2026, 3, 2);
            assertThat(service.calendar().isWorkingDay(monday)).isTrue();
            // As the city's publication writes a day: not through this service.
            new CalendarRepository(database.dsl()).upsert(java.util.List.of(new CalendarDay(monday, true, "防汛停工")), "city");
            assertThat(service.calendar().isWorkingDay(monday)).as("read once, kept").isTrue();
            service.forget();
            assertThat(service.calendar().isWorkingDay(monday)).isFalse();
        }
    }

}
