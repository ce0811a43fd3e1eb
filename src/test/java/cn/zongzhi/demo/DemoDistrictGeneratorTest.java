package cn.zongzhi.demo;

import cn.zongzhi.TestDatabases;
import cn.zongzhi.common.CreditCode;
import cn.zongzhi.common.Progress;
import cn.zongzhi.common.ResidentIdNumber;
import cn.zongzhi.db.Database;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKTReader;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.ADMIN_AREA;
import static cn.zongzhi.db.jooq.Tables.DISPUTE;
import static cn.zongzhi.db.jooq.Tables.DISPUTE_PARTY;
import static cn.zongzhi.db.jooq.Tables.GRID;
import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_CATEGORY;
import static cn.zongzhi.db.jooq.Tables.INCIDENT_EVENT;
import static cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DemoDistrictGeneratorTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    private static final DemoOptions OPTIONS = DemoOptions.defaults(java.time.Instant.parse("2026-11-23T09:00:00Z"))
            .withIncidents(3_000).withDisputes(300);

    @TempDir
    static Path folder;

    private static Database first;
    private static DemoSummary summary;

    @BeforeAll
    static void generate() {
        first = TestDatabases.fresh(folder.resolve("first"));
        summary = new DemoDistrictGenerator(first.dsl()).generate(OPTIONS, Progress.NONE);
    }

    @AfterAll
    static void close() {
        first.close();
    }

    @Test
    void writesBaiyunWithItsRealDivisionsAndTheRequestedCounts() {
        DSLContext dsl = first.dsl();
        assertThat(dsl.fetchValue(ADMIN_AREA.NAME, ADMIN_AREA.CODE.eq("440111000000"))).isEqualTo("白云区");
        assertThat(dsl.fetchCount(ADMIN_AREA, ADMIN_AREA.LEVEL.eq("TOWN"))).isEqualTo(24);
        assertThat(dsl.fetchCount(ADMIN_AREA, ADMIN_AREA.LEVEL.eq("COMMUNITY"))).isEqualTo(404);
        assertThat(dsl.fetchCount(INCIDENT)).isEqualTo(3_000);
        assertThat(dsl.fetchCount(DISPUTE)).isEqualTo(300);
        assertThat(dsl.fetchCount(INCIDENT, INCIDENT.DEMO.isFalse())).isZero();
        assertThat(summary.comprehensiveGrids()).isBetween(1_000, 3_000);
        assertThat(summary.microGrids()).isBetween(4_000, 12_000);
        assertThat(dsl.fetchCount(GRID)).isEqualTo(summary.comprehensiveGrids() + summary.microGrids());
        assertThat(dsl.fetchCount(INCIDENT_CATEGORY, INCIDENT_CATEGORY.PARENT_CODE.isNotNull())).isGreaterThanOrEqualTo(50);
        assertThat(dsl.fetchValue(INCIDENT_CATEGORY.PINYIN_INITIALS, INCIDENT_CATEGORY.CODE.eq("0101"))).isEqualTo("BLLJ");
    }

    @Test
    void theSameSeedGivesTheSameRowsIdsIncluded() throws Exception {
        try (Database second = TestDatabases.fresh(folder.resolve("second"))) {
            new DemoDistrictGenerator(second.dsl()).generate(OPTIONS, Progress.NONE);
            assertThat(digest(second.dsl())).isEqualTo(digest(first.dsl()));
        }
        try (Database other = TestDatabases.fresh(folder.resolve("other-seed"))) {
            new DemoDistrictGenerator(other.dsl()).generate(OPTIONS.withSeed(7), Progress.NONE);
            assertThat(digest(other.dsl())).isNotEqualTo(digest(first.dsl()));
        }
    }

    private static String digest(DSLContext dsl) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        dsl.select(INCIDENT.ID, INCIDENT.CASE_NO, INCIDENT.STATUS, INCIDENT.TITLE, INCIDENT.LONGITUDE, INCIDENT.LATITUDE,
                        INCIDENT.GRID_ID, INCIDENT.REPORTED_AT, INCIDENT.DUE_AT, INCIDENT.REPORTER_PHONE)
                .from(INCIDENT).orderBy(INCIDENT.ID)
                .forEach(row -> sha.update(row.formatCSV(false).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        dsl.select(GRID.CODE, GRID.BOUNDARY_WKT).from(GRID).orderBy(GRID.CODE)
                .forEach(row -> sha.update(row.formatCSV(false).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(sha.digest());
    }

    @Test
    void everyIncidentLiesInsideItsGridAndItsGridInsideItsCommunity() throws Exception {
        WKTReader reader = new WKTReader();
        Map<UUID, Geometry> boundaries = new HashMap<>();
        Map<UUID, String> gridArea = new HashMap<>();
        for (var grid : first.dsl().select(GRID.ID, GRID.BOUNDARY_WKT, GRID.AREA_CODE).from(GRID).fetch()) {
            boundaries.put(grid.value1(), reader.read(grid.value2()));
            gridArea.put(grid.value1(), grid.value3());
        }
        GeometryFactory factory = new GeometryFactory();
        var incidents = first.dsl().select(INCIDENT.GRID_ID, INCIDENT.LONGITUDE, INCIDENT.LATITUDE, INCIDENT.AREA_CODE)
                .from(INCIDENT).fetch();
        for (var incident : incidents) {
            Geometry grid = boundaries.get(incident.value1());
            assertThat(grid.covers(factory.createPoint(new Coordinate(incident.value2(), incident.value3())))).isTrue();
            assertThat(incident.value4()).isEqualTo(gridArea.get(incident.value1()));
        }
    }

    @Test
    void gridsOfOneCommunityTileItWithoutOverlapping() throws Exception {
        WKTReader reader = new WKTReader();
        var comprehensive = first.dsl().select(GRID.AREA_CODE, GRID.BOUNDARY_WKT).from(GRID)
                .where(GRID.LEVEL.eq("COMPREHENSIVE")).orderBy(GRID.CODE).limit(400).fetch();
        Map<String, List<Geometry>> byCommunity = new HashMap<>();
        for (var row : comprehensive) {
            byCommunity.computeIfAbsent(row.value1(), key -> new java.util.ArrayList<>()).add(reader.read(row.value2()));
        }
        for (List<Geometry> grids : byCommunity.values()) {
            for (int i = 0; i < grids.size(); i++) {
                assertThat(grids.get(i).isValid()).isTrue();
                for (int j = i + 1; j < grids.size(); j++) {
                    double shared = grids.get(i).intersection(grids.get(j)).getArea();
                    assertThat(shared).isLessThan(grids.get(i).getArea() * 1e-6);
                }
            }
        }
    }

    @Test
    void oldIncidentsAreAlmostAllClosedAndRecentOnesSpreadOverTheLoop() {
        DSLContext dsl = first.dsl();
        OffsetDateTime twoMonthsAgo = TODAY.minusDays(60).atStartOfDay().atOffset(java.time.ZoneOffset.ofHours(8));
        int old = dsl.fetchCount(INCIDENT, INCIDENT.REPORTED_AT.lt(twoMonthsAgo));
        int oldFinished = dsl.fetchCount(INCIDENT, INCIDENT.REPORTED_AT.lt(twoMonthsAgo).and(INCIDENT.STATUS.in("CLOSED", "DECLINED")));
        assertThat((double) oldFinished / old).isGreaterThanOrEqualTo(0.97);
        assertThat(dsl.fetchCount(INCIDENT, INCIDENT.STATUS.eq("DECLINED"))).isPositive();
        assertThat(dsl.selectDistinct(INCIDENT.STATUS).from(INCIDENT).fetch(INCIDENT.STATUS)).hasSizeGreaterThanOrEqualTo(5);
        // Every incident's history starts with its report and ends in its current status.
        var lastEvents = dsl.select(INCIDENT.STATUS, INCIDENT_EVENT.TO_STATUS)
                .from(INCIDENT).join(INCIDENT_EVENT).on(INCIDENT_EVENT.INCIDENT_ID.eq(INCIDENT.ID))
                .where(INCIDENT_EVENT.OCCURRED_AT.eq(org.jooq.impl.DSL.select(org.jooq.impl.DSL.max(INCIDENT_EVENT.as("e").OCCURRED_AT))
                        .from(INCIDENT_EVENT.as("e")).where(INCIDENT_EVENT.as("e").INCIDENT_ID.eq(INCIDENT.ID))))
                .limit(500).fetch();
        assertThat(lastEvents).allSatisfy(row -> assertThat(row.value2()).isEqualTo(row.value1()));
    }

    @Test
    void partiesCarryValidIdNumbersAndCreditCodes() {
        var parties = first.dsl().select(DISPUTE_PARTY.KIND, DISPUTE_PARTY.ID_NUMBER).from(DISPUTE_PARTY).fetch();
        assertThat(parties).hasSizeGreaterThanOrEqualTo(600);
        assertThat(parties).allSatisfy(party -> {
            if ("PERSON".equals(party.value1())) {
                assertThat(ResidentIdNumber.hasValidCheckCharacter(party.value2())).as(party.value2()).isTrue();
            } else {
                assertThat(CreditCode.hasValidCheckCharacter(party.value2())).as(party.value2()).isTrue();
            }
        });
    }

    @Test
    void noMediatorOrRoomIsBookedTwiceAtOnce() {
        var sessions = first.dsl().select(MEDIATION_SESSION.MEDIATOR_CODE, MEDIATION_SESSION.ROOM_CODE, MEDIATION_SESSION.STARTS_AT)
                .from(MEDIATION_SESSION).fetch();
        assertThat(sessions).isNotEmpty();
        assertThat(sessions.stream().map(s -> s.value1() + s.value3().toInstant()).distinct().count()).isEqualTo(sessions.size());
        assertThat(sessions.stream().map(s -> s.value2() + s.value3().toInstant()).distinct().count()).isEqualTo(sessions.size());
    }

    @Test
    void refusesADatabaseThatAlreadyHasIncidents() {
        assertThatThrownBy(() -> new DemoDistrictGenerator(first.dsl()).generate(OPTIONS, Progress.NONE))
                .isInstanceOf(DemoException.class).hasMessageContaining("empty database");
    }

    @Test
    void cancellingKeepsWhatWasWrittenAndStops() {
        try (Database cancelled = TestDatabases.fresh(folder.resolve("cancelled"))) {
            Progress cancelAfterFirstBatch = new Progress() {
                private boolean incidentsStarted;

                @Override
                public void step(long done, long total, String message) {
                    incidentsStarted |= message.equals("事件");
                }

                @Override
                public boolean cancelled() {
                    return incidentsStarted;
                }
            };
            assertThatThrownBy(() -> new DemoDistrictGenerator(cancelled.dsl())
                    .generate(OPTIONS.withIncidents(10_000), cancelAfterFirstBatch))
                    .isInstanceOf(Progress.CancelledException.class);
            assertThat(cancelled.dsl().fetchCount(INCIDENT)).isEqualTo(2_000);
            assertThat(cancelled.dsl().fetchCount(ADMIN_AREA)).isEqualTo(431);
        }
    }
}
