package cn.zongzhi.server;

import cn.zongzhi.MutableClock;
import cn.zongzhi.incidents.Channel;
import cn.zongzhi.incidents.NewIncident;
import cn.zongzhi.incidents.RiskLevel;
import cn.zongzhi.incidents.StoredIncident;
import cn.zongzhi.sync.ReferenceDataRepository;
import cn.zongzhi.sync.ReferencePublisher;
import cn.zongzhi.sync.SyncScheduler;
import cn.zongzhi.sync.SyncTransport;
import cn.zongzhi.sync.protocol.ReferenceItem;
import cn.zongzhi.sync.protocol.ReferenceKind;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static cn.zongzhi.db.jooq.Tables.ADMIN_AREA;
import static cn.zongzhi.db.jooq.Tables.APP_SETTING;
import static cn.zongzhi.db.jooq.Tables.CALENDAR_DAY;
import static cn.zongzhi.db.jooq.Tables.DEPARTMENT;
import static cn.zongzhi.db.jooq.Tables.GRID;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_CATEGORY;
import static cn.zongzhi.db.jooq.Tables.MEDIATOR;
import static cn.zongzhi.db.jooq.Tables.SYNC_STATUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The city owns the reference data and publishes it (decision 0016): the city's console publishes its areas,
 * departments, catalogue, grids, mediators and holidays; a township receives them in its next round — its own
 * grids only — and uses them at once; publishing again changes nothing, a change travels alone, and a township
 * cannot publish. On H2 and PostgreSQL.
 */
class ReferencePublicationTest {
    private static final Instant MORNING = Instant.parse("2026-12-03T01:00:00Z");
    private static final String SQUARE = "POLYGON((113.26 23.16, 113.28 23.16, 113.28 23.18, 113.26 23.18, 113.26 23.16))";

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void theCityPublishesAndATownshipReceivesItsShareAndUsesIt(String kind) throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh(kind, folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            try (SyncTestConsole town = enrolled(enrollments, server, clock, "TOWN-440111004", "TOWN", "440111004", "440111004001");
                 SyncTestConsole city = enrolled(enrollments, server, clock, "CITY-4401", "CITY", "4401", "440111005001")) {
                DSLContext cityDb = city.database.dsl();
                cityReferenceData(cityDb);
                ReferencePublisher publisher = new ReferencePublisher(cityDb, city.transport());
                List<Integer> progress = new ArrayList<>();

                ReferencePublisher.Published first = publisher.publish(() -> false, (done, total) -> progress.add(done));
                int held = new ReferenceDataRepository(cityDb).everything().size();
                assertThat(first.complete()).isTrue();
                assertThat(first.items()).isEqualTo(held);
                assertThat(first.changed()).isEqualTo(held);
                assertThat(first.version()).isEqualTo(held);
                assertThat(progress).last().isEqualTo(held);
                assertThat(referenceCursor(cityDb)).as("the publisher has nothing to pull back but its own items")
                        .isEqualTo(first.version());

                assertThat(town.round().referenceItems()).as("everything but the other town's grids")
                        .isEqualTo(held - 2);
                DSLContext townDb = town.database.dsl();
                assertThat(townDb.selectFrom(ADMIN_AREA).where(ADMIN_AREA.CODE.eq("440111004000")).fetchOne())
                        .satisfies(area -> {
                            assertThat(area.getName()).isEqualTo("景泰街道");
                            assertThat(area.getParentCode()).isEqualTo("440111000000");
                            assertThat(area.getServerVersion()).isPositive();
                        });
                assertThat(townDb.selectFrom(INCIDENT_CATEGORY).where(INCIDENT_CATEGORY.CODE.eq("0102")).fetchOne())
                        .satisfies(category -> {
                            assertThat(category.getName()).isEqualTo("违法搭建");
                            assertThat(category.getParentCode()).isEqualTo("01");
                            assertThat(category.getDefaultDepartmentCode()).isEqualTo("JT-ZFZD");
                            assertThat(category.getTimeLimit()).isEqualTo(5);
                            assertThat(category.getTimeLimitUnit()).isEqualTo("WORKING_DAYS");
                        });
                assertThat(townDb.select(GRID.CODE).from(GRID).orderBy(GRID.CODE).fetch(GRID.CODE))
                        .as("its own grids, not the other town's").containsExactly("JT-01", "JT-01-01");
                UUID comprehensive = townDb.select(GRID.ID).from(GRID).where(GRID.CODE.eq("JT-01")).fetchOne(GRID.ID);
                assertThat(townDb.select(GRID.PARENT_GRID_ID, GRID.BOUNDARY_WKT, GRID.MIN_LON).from(GRID)
                        .where(GRID.CODE.eq("JT-01-01")).fetchOne())
                        .satisfies(grid -> {
                            assertThat(grid.value1()).isEqualTo(comprehensive);
                            assertThat(grid.value2()).isEqualTo(SQUARE);
                            assertThat(grid.value3()).isEqualTo(113.26);
                        });
                assertThat(townDb.select(MEDIATOR.NAME).from(MEDIATOR).where(MEDIATOR.CODE.eq("M-LNJ")).fetchOne(MEDIATOR.NAME))
                        .isEqualTo("老娘舅调解工作室");
                assertThat(townDb.select(CALENDAR_DAY.CALENDAR_DATE, CALENDAR_DAY.OFF_DAY, CALENDAR_DAY.SOURCE).from(CALENDAR_DAY)
                        .where(CALENDAR_DAY.CALENDAR_DATE.between(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 12, 31)))
                        .orderBy(CALENDAR_DAY.CALENDAR_DATE).fetch())
                        .extracting(row -> row.value1() + " " + row.value2() + " " + row.value3())
                        .containsExactly("2027-01-01 true city", "2027-02-20 false city");
                assertThat(townDb.select(APP_SETTING.VAL).from(APP_SETTING).where(APP_SETTING.NAME.eq("calendar.coveredYears"))
                        .fetchOne(APP_SETTING.VAL)).contains("2027");
                assertThat(referenceCursor(townDb)).isEqualTo(first.version());

                // Used at once: a new incident of the published category goes to its published department.
                StoredIncident shed = town.incidents.register(new NewIncident(Channel.HOTLINE_12345, "李女士", "13900001111", "0102",
                        "楼顶违建", "楼顶加盖彩钢房", "景泰直街 3 号", 113.27, 23.17, RiskLevel.YELLOW), town.operator);
                assertThat(shed.departmentCode()).isEqualTo("JT-ZFZD");

                // Publishing the same data again changes nothing, and the township has nothing to fetch.
                assertThat(publisher.publish(() -> false, (done, total) -> { }).changed()).isZero();
                assertThat(town.round().referenceItems()).isZero();

                // A rename and a withdrawal travel alone.
                cityDb.update(INCIDENT_CATEGORY).set(INCIDENT_CATEGORY.NAME, "违法建设").where(INCIDENT_CATEGORY.CODE.eq("0102")).execute();
                cityDb.update(INCIDENT_CATEGORY).set(INCIDENT_CATEGORY.ACTIVE, false).where(INCIDENT_CATEGORY.CODE.eq("0101")).execute();
                ReferencePublisher.Published second = publisher.publish(() -> false, (done, total) -> { });
                assertThat(second.changed()).isEqualTo(2);
                assertThat(second.version()).isEqualTo(first.version() + 2);
                // This round runs as in the console, on the scheduler, which tells the console to rebuild what it
                // built from the reference tables (its grid locator and working-day calendar).
                AtomicInteger told = new AtomicInteger();
                try (SyncScheduler scheduler = new SyncScheduler(townDb, () -> Optional.of(town.sync), clock, Duration.ofHours(1),
                        () -> 0.5)) {
                    scheduler.addReferenceListener(told::incrementAndGet);
                    scheduler.syncNow();
                    WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> told.get() > 0);
                }
                assertThat(told).hasValue(1);
                assertThat(townDb.select(INCIDENT_CATEGORY.NAME).from(INCIDENT_CATEGORY).where(INCIDENT_CATEGORY.CODE.eq("0102"))
                        .fetchOne(INCIDENT_CATEGORY.NAME)).isEqualTo("违法建设");
                assertThat(townDb.select(INCIDENT_CATEGORY.ACTIVE).from(INCIDENT_CATEGORY).where(INCIDENT_CATEGORY.CODE.eq("0101"))
                        .fetchOne(INCIDENT_CATEGORY.ACTIVE)).isFalse();

                // A township does not publish: refused, and nothing changes on the server.
                townDb.update(DEPARTMENT).set(DEPARTMENT.NAME, "改名").where(DEPARTMENT.CODE.eq("CG")).execute();
                assertThatThrownBy(() -> new ReferencePublisher(townDb, town.transport()).publish(() -> false, (done, total) -> { }))
                        .isInstanceOfSatisfying(SyncTransport.Unavailable.class, refused -> {
                            assertThat(refused.status()).isEqualTo(403);
                            assertThat(refused.reason()).isEqualTo("not-city");
                        });
                assertThat(new ReferenceService(serverDb, clock).highWater()).isEqualTo(second.version());
                // The city's own console does not pull its publication back over rows edited since.
                cityDb.update(MEDIATOR).set(MEDIATOR.PHONE, "020-12345678").where(MEDIATOR.CODE.eq("M-LNJ")).execute();
                assertThat(city.round().referenceItems()).isZero();
                assertThat(cityDb.select(MEDIATOR.PHONE).from(MEDIATOR).where(MEDIATOR.CODE.eq("M-LNJ")).fetchOne(MEDIATOR.PHONE))
                        .isEqualTo("020-12345678");
                assertThat(referenceCursor(cityDb)).isEqualTo(second.version());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aGridTheCityMovesToAnotherTownReachesBothTheTownItLeftAndTheTownItJoined(String kind) throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh(kind, folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            try (SyncTestConsole jingtai = enrolled(enrollments, server, clock, "TOWN-440111004", "TOWN", "440111004", "440111004001");
                 SyncTestConsole sanyuanli = enrolled(enrollments, server, clock, "TOWN-440111005", "TOWN", "440111005", "440111005001");
                 SyncTestConsole city = enrolled(enrollments, server, clock, "CITY-4401", "CITY", "4401", "440111005001")) {
                DSLContext cityDb = city.database.dsl();
                cityReferenceData(cityDb);
                ReferencePublisher publisher = new ReferencePublisher(cityDb, city.transport());
                publisher.publish(() -> false, (done, total) -> { });
                jingtai.round();
                sanyuanli.round();
                assertThat(grids(jingtai)).containsExactly("JT-01 440111004001 -", "JT-01-01 440111004001 JT-01");
                assertThat(grids(sanyuanli)).containsExactly("SY-01 440111005001 -", "SY-01-01 440111005001 SY-01");

                // The city redraws the boundary: the micro grid now belongs to the other town's comprehensive grid.
                UUID sy = cityDb.select(GRID.ID).from(GRID).where(GRID.CODE.eq("SY-01")).fetchOne(GRID.ID);
                cityDb.update(GRID).set(GRID.AREA_CODE, "440111005001").set(GRID.PARENT_GRID_ID, sy)
                        .where(GRID.CODE.eq("JT-01-01")).execute();
                assertThat(publisher.publish(() -> false, (done, total) -> { }).changed()).isEqualTo(1);

                // The town it left learns of the move (the grid is no longer under its own comprehensive grid, whose
                // new parent it does not hold); the town it joined receives the grid whole.
                assertThat(jingtai.round().referenceItems()).isEqualTo(1);
                assertThat(grids(jingtai)).containsExactly("JT-01 440111004001 -", "JT-01-01 440111005001 -");
                assertThat(sanyuanli.round().referenceItems()).isEqualTo(1);
                assertThat(grids(sanyuanli)).containsExactly("JT-01-01 440111005001 SY-01", "SY-01 440111005001 -",
                        "SY-01-01 440111005001 SY-01");

                // Moved again, to a third area: both towns it ever lay in hear of it; nothing more is sent to either.
                cityDb.execute("insert into admin_area(code, name, level, parent_code) values ('440111005002', '新市社区', 'COMMUNITY',"
                        + " '440111005000')");
                cityDb.update(GRID).set(GRID.AREA_CODE, "440111005002").where(GRID.CODE.eq("JT-01-01")).execute();
                publisher.publish(() -> false, (done, total) -> { });
                jingtai.round();
                assertThat(grids(jingtai)).contains("JT-01-01 440111005002 -");
                sanyuanli.round();
                assertThat(grids(sanyuanli)).contains("JT-01-01 440111005002 SY-01");
                assertThat(jingtai.round().referenceItems()).isZero();
                assertThat(sanyuanli.round().referenceItems()).isZero();
            }
        }
    }

    /** A console's grids as "code area parent-code", by code. */
    private static List<String> grids(SyncTestConsole console) {
        DSLContext db = console.database.dsl();
        var parent = GRID.as("parent");
        return db.select(GRID.CODE, GRID.AREA_CODE, parent.CODE).from(GRID).leftJoin(parent).on(parent.ID.eq(GRID.PARENT_GRID_ID))
                .orderBy(GRID.CODE).fetch(row -> row.value1() + " " + row.value2().trim() + " " + (row.value3() == null ? "-" : row.value3()));
    }

    @Test
    void aCodeThatArrivesInALaterPageIsLinkedOnceThePublicationIsIn() throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh("h2", folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            try (SyncTestConsole city = enrolled(enrollments, server, clock, "CITY-4401", "CITY", "4401", "440111005001")) {
                DSLContext cityDb = city.database.dsl();
                cityReferenceData(cityDb);
                cityDb.execute("insert into mediator(code, name, kind) select 'M-' || x, '调解员' || x, 'PEOPLE' from system_range(1, 600)");
                ReferencePublisher publisher = new ReferencePublisher(cityDb, city.transport());
                publisher.publish(() -> false, (done, total) -> { });
                // Renamed after the first publication: the township's community now has the newest version of all,
                // pages after the grids inside it and the department whose area it is.
                cityDb.update(ADMIN_AREA).set(ADMIN_AREA.NAME, "景泰社区（新）").where(ADMIN_AREA.CODE.eq("440111004001")).execute();
                cityDb.update(ADMIN_AREA).set(ADMIN_AREA.NAME, "景泰街道（新）").where(ADMIN_AREA.CODE.eq("440111004000")).execute();
                ReferencePublisher.Published renamed = publisher.publish(() -> false, (done, total) -> { });
                assertThat(renamed.changed()).isEqualTo(2);

                try (SyncTestConsole town = new SyncTestConsole(folder.resolve("town"), "TOWN-440111004", "440111004001", "JT",
                        enrollments.enroll(enrollments.addOffice("TOWN-440111004", "景泰", "TOWN", List.of("440111004")),
                                "c0ffee00-0000-4000-8000-000000000001").token(),
                        "c0ffee00-0000-4000-8000-000000000001", server.port(), clock)) {
                    DSLContext townDb = town.database.dsl();
                    townDb.execute("delete from incident_category where code = '0101'");
                    townDb.execute("delete from admin_area");
                    townDb.execute("delete from department");

                    town.round();

                    assertThat(townDb.select(GRID.CODE).from(GRID).orderBy(GRID.CODE).fetch(GRID.CODE)).containsExactly("JT-01", "JT-01-01");
                    assertThat(townDb.select(ADMIN_AREA.NAME).from(ADMIN_AREA).where(ADMIN_AREA.CODE.eq("440111004001"))
                            .fetchOne(ADMIN_AREA.NAME)).isEqualTo("景泰社区（新）");
                    assertThat(townDb.select(ADMIN_AREA.PARENT_CODE).from(ADMIN_AREA).where(ADMIN_AREA.CODE.eq("440111004001"))
                            .fetchOne(ADMIN_AREA.PARENT_CODE)).isEqualTo("440111004000");
                    assertThat(townDb.select(DEPARTMENT.AREA_CODE).from(DEPARTMENT).where(DEPARTMENT.CODE.eq("JT-ZFZD"))
                            .fetchOne(DEPARTMENT.AREA_CODE)).isEqualTo("440111004000");
                    assertThat(townDb.fetchCount(MEDIATOR)).isEqualTo(601);
                    assertThat(referenceCursor(townDb)).isEqualTo(renamed.version());
                }
            }
        }
    }

    @Test
    void aPageStopsAtItsSizeHoweverLargeTheItems() throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh("h2", folder.resolve("server"))) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            enrollments.addOffice("CITY-4401", "市综治中心", "CITY", List.of("4401"));
            SyncService sync = new SyncService(serverDb, clock);
            SyncService.Caller cityCaller = sync.caller(UUID.randomUUID().toString(), "CITY-4401");
            ReferenceService reference = new ReferenceService(serverDb, clock);
            String outline = "POLYGON((" + "113.2612345 23.1612345, ".repeat(30_000) + "113.26 23.16))";
            List<ReferenceItem> large = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                large.add(new ReferenceItem(ReferenceKind.AREA, "44011100" + i + "000", 0, JsonNodeFactory.instance.objectNode()
                        .put("name", "街道" + i).put("level", "TOWN").put("boundaryWkt", outline)));
            }
            reference.publish(cityCaller, new cn.zongzhi.sync.protocol.ReferencePublish(large));

            var page = reference.pull(cityCaller, new cn.zongzhi.sync.protocol.ReferencePull(0, 500));
            assertThat(outline.length()).isGreaterThan(ReferenceService.PAGE_CHARS / 3);
            assertThat(page.items()).hasSize(2);
            assertThat(page.more()).isTrue();
            var rest = reference.pull(cityCaller, new cn.zongzhi.sync.protocol.ReferencePull(page.next(), 500));
            var last = reference.pull(cityCaller, new cn.zongzhi.sync.protocol.ReferencePull(rest.next(), 500));
            assertThat(rest.items().size() + last.items().size()).isEqualTo(3);
            assertThat(last.more()).isFalse();
            // The township's side of the limit: a reply this size is read whole.
            assertThat(cn.zongzhi.sync.protocol.SyncJson.write(page, false).length).isLessThan(
                    cn.zongzhi.sync.protocol.SyncLimits.MAX_BODY_BYTES);
        }
    }

    @Test
    void anItemThatCannotBeWrittenIsPassedOverAloneAndTheRestOfThePageIsWritten() throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (SyncTestConsole town = new SyncTestConsole(folder.resolve("town"), "TOWN-440111004", "440111004001", "JT", "token",
                UUID.randomUUID().toString(), 1, clock)) {
            DSLContext townDb = town.database.dsl();
            var nodes = JsonNodeFactory.instance;
            ReferenceItem orphanGrid = new ReferenceItem(ReferenceKind.GRID, "XX-01", 7, nodes.objectNode()
                    .put("name", "无主网格").put("level", "COMPREHENSIVE").put("areaCode", "440111099001"));
            ReferenceItem badArea = new ReferenceItem(ReferenceKind.AREA, "440111004002", 8, nodes.objectNode()
                    .put("name", "某社区").put("level", "HAMLET"));
            ReferenceItem mediator = new ReferenceItem(ReferenceKind.MEDIATOR, "M-02", 9, nodes.objectNode()
                    .put("name", "王调解员").put("kind", "PEOPLE"));
            ReferenceItem unknownKind = new ReferenceItem(ReferenceKind.UNKNOWN, "BY-001", 10, nodes.objectNode());
            ReferenceItem noKind = new ReferenceItem(null, "X", 11, nodes.objectNode());
            ReferenceItem wordsForDays = new ReferenceItem(ReferenceKind.CATEGORY, "0103", 12, nodes.objectNode()
                    .put("name", "占道经营").put("timeLimit", "5天").put("timeLimitUnit", "WORKING_DAYS"));

            ReferenceDataRepository.Applied applied = townDb.transactionResult(tx ->
                    new ReferenceDataRepository(tx.dsl()).apply(java.util.Arrays.asList(orphanGrid, badArea, mediator, unknownKind,
                            noKind, wordsForDays)));

            assertThat(applied.written()).isEqualTo(1);
            assertThat(applied.passedOver()).isEqualTo(5);
            assertThat(applied.waiting()).as("the grid waits for its area").containsExactly(orphanGrid);
            assertThat(townDb.fetchCount(INCIDENT_CATEGORY, INCIDENT_CATEGORY.CODE.eq("0103"))).as("no guessed time limit").isZero();
            assertThat(townDb.fetchCount(MEDIATOR, MEDIATOR.CODE.eq("M-02"))).isOne();
            assertThat(townDb.fetchCount(GRID, GRID.CODE.eq("XX-01"))).isZero();
            assertThat(townDb.fetchCount(ADMIN_AREA, ADMIN_AREA.CODE.eq("440111004002"))).isZero();
        }
    }

    /** A district with two towns, a department, a two-level catalogue, grids in both towns, a mediator, a year. */
    private static void cityReferenceData(DSLContext db) {
        db.execute("insert into admin_area(code, name, level) values ('440111000000', '白云区', 'DISTRICT')");
        db.execute("insert into admin_area(code, name, level, parent_code) values ('440111004000', '景泰街道', 'TOWN', '440111000000'),"
                + " ('440111005000', '三元里街道', 'TOWN', '440111000000')");
        db.execute("update admin_area set parent_code = '440111004000' where code = '440111004001'");
        db.execute("update admin_area set parent_code = '440111005000' where code = '440111005001'");
        db.execute("insert into department(code, name, area_code, phone) values ('JT-ZFZD', '景泰街道综合行政执法队', '440111004000', '020-86000000')");
        db.execute("insert into incident_category(code, name, pinyin_initials) values ('01', '城市管理', 'CSGL')");
        db.execute("""
                insert into incident_category(code, name, pinyin_initials, parent_code, default_department_code,
                                              fallback_department_code, time_limit, time_limit_unit)
                values ('0102', '违法搭建', 'WFDJ', '01', 'JT-ZFZD', 'CG', 5, 'WORKING_DAYS')""");
        UUID jt = UUID.randomUUID();
        UUID sy = UUID.randomUUID();
        insertGrid(db, jt, "JT-01", "COMPREHENSIVE", "440111004001", null);
        insertGrid(db, UUID.randomUUID(), "JT-01-01", "MICRO", "440111004001", jt);
        insertGrid(db, sy, "SY-01", "COMPREHENSIVE", "440111005001", null);
        insertGrid(db, UUID.randomUUID(), "SY-01-01", "MICRO", "440111005001", sy);
        db.execute("insert into mediator(code, name, kind, specialties) values ('M-LNJ', '老娘舅调解工作室', 'PEOPLE', 'NEIGHBOUR,FAMILY')");
        db.execute("insert into calendar_day(calendar_date, off_day, name, source) values (date '2027-01-01', true, '元旦', 'gov'),"
                + " (date '2027-02-20', false, '春节调休', 'gov')");
    }

    private static void insertGrid(DSLContext db, UUID id, String code, String level, String area, UUID parent) {
        db.insertInto(GRID, GRID.ID, GRID.CODE, GRID.NAME, GRID.LEVEL, GRID.AREA_CODE, GRID.PARENT_GRID_ID, GRID.BOUNDARY_WKT,
                        GRID.MIN_LON, GRID.MIN_LAT, GRID.MAX_LON, GRID.MAX_LAT, GRID.HOUSEHOLDS)
                .values(id, code, code + " 网格", level, area, parent, SQUARE, 113.26, 23.16, 113.28, 23.18, 420).execute();
    }

    private static long referenceCursor(DSLContext db) {
        return db.select(SYNC_STATUS.REFERENCE_VERSION).from(SYNC_STATUS).fetchOne(SYNC_STATUS.REFERENCE_VERSION);
    }

    private SyncTestConsole enrolled(Enrollments enrollments, CityServer server, MutableClock clock, String office, String level,
                                     String jurisdiction, String community) {
        return SyncTestConsole.enrolled(folder, enrollments, server, clock, office, office, level, jurisdiction, community,
                office.substring(0, 2));
    }
}
