package cn.zongzhi.privacy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import cn.zongzhi.TestDatabases;
import cn.zongzhi.TestOperators;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import cn.zongzhi.incidents.ImportMapping;
import cn.zongzhi.incidents.IncidentExportService;
import cn.zongzhi.incidents.IncidentFilter;
import cn.zongzhi.incidents.IncidentImportService;
import cn.zongzhi.incidents.IncidentService;
import cn.zongzhi.mediation.DisputeService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Moves personal data through the paths that log (demo generation, export, import with rejects, refused
 * registrations) with every logger at DEBUG, then looks for every name, phone, ID number and address in what
 * was logged and in the refusals' messages.
 */
class PersonalDataStaysOutOfLogsTest {
    @TempDir
    Path folder;

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private Logger root;
    private Level rootLevel;

    @BeforeEach
    void listen() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        captured.start();
        root.addAppender(captured);
    }

    @AfterEach
    void stop() {
        root.detachAppender(captured);
        root.setLevel(rootLevel);
    }

    @Test
    void namesPhonesIdNumbersAndAddressesAreNeverLoggedNorInRefusals() throws Exception {
        Set<String> personal = new LinkedHashSet<>();
        List<String> refusals = new ArrayList<>();
        Path csv = folder.resolve("incidents.csv");
        try (Database source = TestDatabases.fresh(folder.resolve("source"))) {
            new DemoDistrictGenerator(source.dsl()).generate(DemoOptions.defaults(Instant.parse("2026-11-20T02:00:00Z"))
                    .withIncidents(400).withDisputes(20), Progress.NONE);
            source.dsl().select(INCIDENT.REPORTER_NAME, INCIDENT.REPORTER_PHONE, INCIDENT.ADDRESS).from(INCIDENT).forEach(row -> {
                add(personal, row.value1());
                add(personal, row.value2());
                add(personal, row.value3());
            });
            source.dsl().select(cn.zongzhi.db.jooq.Tables.DISPUTE_PARTY.NAME, cn.zongzhi.db.jooq.Tables.DISPUTE_PARTY.ID_NUMBER,
                    cn.zongzhi.db.jooq.Tables.DISPUTE_PARTY.PHONE).from(cn.zongzhi.db.jooq.Tables.DISPUTE_PARTY)
                    .where(cn.zongzhi.db.jooq.Tables.DISPUTE_PARTY.KIND.eq("PERSON")).forEach(row -> {
                        add(personal, row.value1());
                        add(personal, row.value2());
                        add(personal, row.value3());
                    });
            new IncidentExportService(source.dsl(), ZoneId.of("Asia/Shanghai")).export(IncidentFilter.any(), csv, Progress.NONE);
        }
        // Rows the importer must refuse, carrying personal data of their own.
        String exported = Files.readString(csv, StandardCharsets.UTF_8);
        String badRow = "EXT-BAD-1,HOTLINE_12345,0101,坏行,内容,广州市白云区某路88号,,,昨天下午,王秀英,13912345678,REPORTED,,,\n";
        Files.writeString(csv, exported + (exported.endsWith("\n") ? "" : "\n") + badRow, StandardCharsets.UTF_8);
        personal.addAll(List.of("王秀英", "13912345678", "广州市白云区某路88号"));

        try (Database target = TestDatabases.fresh(folder.resolve("target"))) {
            var summary = new IncidentImportService(target.dsl(), (lon, lat) -> IncidentService.Location.UNKNOWN,
                    "440111-OTHER", "XX").importFile(csv, ImportMapping.none(), Progress.NONE);
            assertThat(summary.imported()).isEqualTo(400);
            assertThat(summary.rejects()).as("the bad row was refused, with its reason in the rejects file").hasSize(1);
            DisputeService disputes = new DisputeService(target.dsl(), new HybridClock(Clock.systemUTC()), Clock.systemUTC(),
                    ZoneId.of("Asia/Shanghai"), "T", "BY", TestOperators.receptionist());
            String wrongId = "36042619910102009X";
            personal.addAll(List.of("赵建国", wrongId, "13600001111"));
            assertThatThrownBy(() -> disputes.register(new DisputeService.NewDispute("NEIGHBOUR", "PARTY_APPLICATION", "PEOPLES",
                    BigDecimal.ONE, "漏水", "YELLOW", null, null, List.of(
                    new DisputeService.NewParty("APPLICANT", "PERSON", "赵建国", wrongId, "13600001111", "某街1号", null),
                    new DisputeService.NewParty("RESPONDENT", "PERSON", "钱小红", null, null, null, null)))))
                    .satisfies(failure -> refusals.add(failure.getMessage() + " " + failure));
        }

        // A background task that fails with data in its message, as a database constraint error would: the
        // console's runner logs the failure's class and frames, never its message.
        String carried = "13912345678 王秀英";
        try {
            javafx.application.Platform.startup(() -> { });
        } catch (IllegalStateException alreadyRunning) {
            // another test started the toolkit
        }
        java.util.concurrent.CountDownLatch failed = new java.util.concurrent.CountDownLatch(1);
        try (var runner = new cn.zongzhi.app.FxBackgroundRunner()) {
            runner.write(() -> {
                throw new IllegalArgumentException("constraint violated by " + carried);
            }, ignored -> { }, failure -> failed.countDown());
            assertThat(failed.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }

        StringBuilder logged = new StringBuilder();
        for (ILoggingEvent event : captured.list) {
            logged.append(event.getFormattedMessage()).append('\n');
            for (IThrowableProxy thrown = event.getThrowableProxy(); thrown != null; thrown = thrown.getCause()) {
                logged.append(thrown.getMessage()).append('\n');
            }
        }
        assertThat(personal).hasSizeGreaterThan(500);
        assertThat(captured.list).as("the paths did log something").isNotEmpty();
        String everything = logged + String.join("\n", refusals);
        for (String value : personal) {
            assertThat(everything).as("personal data in a log line or a refusal").doesNotContain(value);
        }
    }

    private static void add(Set<String> personal, String value) {
        // Very short values (a one-character name) would match unrelated text; two characters and up are checked.
        if (value != null && value.strip().length() >= 2) {
            personal.add(value.strip());
        }
    }
}
