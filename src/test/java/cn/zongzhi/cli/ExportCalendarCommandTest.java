package cn.zongzhi.cli;

import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.util.CompatibilityHints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.List;

import static cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION;
import static org.assertj.core.api.Assertions.assertThat;

/** A mediator's schedule exported and read back under strict RFC 5545 parsing and validation (ical4j). */
class ExportCalendarCommandTest {
    @RegisterExtension
    final CapturedOutput output = new CapturedOutput();

    @TempDir
    Path folder;

    @Test
    void aMediatorsScheduleParsesStrictlyWithZonedTimes() throws Exception {
        Path db = folder.resolve("zongzhi");
        Instant now = Instant.parse("2026-11-23T01:00:00Z");
        String mediator;
        List<Instant> expectedStarts;
        try (Database database = Database.open(db)) {
            new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(now).withIncidents(0).withDisputes(200),
                    Progress.NONE);
            mediator = database.dsl().select(MEDIATION_SESSION.MEDIATOR_CODE).from(MEDIATION_SESSION)
                    .groupBy(MEDIATION_SESSION.MEDIATOR_CODE).orderBy(org.jooq.impl.DSL.count().desc()).limit(1)
                    .fetchOne(MEDIATION_SESSION.MEDIATOR_CODE);
            expectedStarts = database.dsl().select(MEDIATION_SESSION.STARTS_AT).from(MEDIATION_SESSION)
                    .where(MEDIATION_SESSION.MEDIATOR_CODE.eq(mediator)
                            .and(MEDIATION_SESSION.STARTS_AT.ge(OffsetDateTime.parse("2026-01-01T00:00+08:00")))
                            .and(MEDIATION_SESSION.STARTS_AT.lt(OffsetDateTime.parse("2027-01-01T00:00+08:00"))))
                    .orderBy(MEDIATION_SESSION.STARTS_AT).fetch(row -> row.value1().toInstant());
        }
        assertThat(expectedStarts).isNotEmpty();
        Path ics = folder.resolve("schedule.ics");
        assertThat(Main.run("--db", db.toString(), "export", "calendar", "--out", ics.toString(), "--mediator", mediator,
                "--from", "2026-01-01", "--to", "2026-12-31")).isZero();
        assertThat(output.out()).startsWith("calendar: " + expectedStarts.size() + " sessions from 2026-01-01 to 2026-12-31");

        CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_PARSING, false);
        CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_UNFOLDING, false);
        CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_RELAXED_VALIDATION, false);
        CompatibilityHints.setHintEnabled(CompatibilityHints.KEY_OUTLOOK_COMPATIBILITY, false);
        Calendar parsed;
        try (Reader in = Files.newBufferedReader(ics)) {
            parsed = new CalendarBuilder().build(in);
        }
        assertThat(parsed.validate(true).hasErrors()).as(parsed.validate(true).toString()).isFalse();
        List<VEvent> events = parsed.getComponents("VEVENT");
        assertThat(events).hasSize(expectedStarts.size());
        String text = Files.readString(ics);
        assertThat(text).contains("BEGIN:VTIMEZONE", "TZID:Asia/Shanghai", "DTSTART;TZID=Asia/Shanghai:");
        assertThat(text).doesNotContain("DTSTART:2026").as("no floating or UTC-only start times");
        List<Instant> starts = events.stream()
                .map(event -> ((ZonedDateTime) event.getDateTimeStart().orElseThrow().getDate()).toInstant()).sorted().toList();
        assertThat(starts).isEqualTo(expectedStarts);
        assertThat(events.stream().map(event -> event.getUid().orElseThrow().getValue()).distinct().count())
                .isEqualTo(expectedStarts.size());
    }

    @Test
    void unknownMediatorOrBothFiltersAreRefused() {
        Path db = folder.resolve("empty");
        Path ics = folder.resolve("x.ics");
        assertThat(Main.run("--db", db.toString(), "export", "calendar", "--out", ics.toString(), "--mediator", "M999")).isEqualTo(2);
        assertThat(output.err()).contains("no mediator with code M999");
        assertThat(Main.run("--db", db.toString(), "export", "calendar", "--out", ics.toString(), "--mediator", "M1",
                "--room", "R1")).isEqualTo(2);
        assertThat(Files.exists(ics)).isFalse();
    }
}
