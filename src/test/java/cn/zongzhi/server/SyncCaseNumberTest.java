package cn.zongzhi.server;

import cn.zongzhi.MutableClock;
import cn.zongzhi.incidents.StoredIncident;
import cn.zongzhi.incidents.IncidentRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.SYNC_OUTBOX;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offices number their incidents on their own, and every office's default prefix is the same: two towns both give
 * out BY20261123-000001 on the same morning. The city's console pulls both, holds one of its own under that number,
 * and must neither stop its feed at the unique index nor later hand out a number a pulled incident has.
 * The collision is in the console's database; the server keeps case numbers as plain text (H2 stands for both).
 */
class SyncCaseNumberTest {
    private static final Instant MORNING = Instant.parse("2026-11-23T01:00:00Z");

    @TempDir
    Path folder;

    @Test
    void theSameNumberFromTwoTownsReachesTheCityUnderTheirOfficesAndTheCitysNextNumberIsFree() throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (ServerDatabase serverDb = ServerDatabases.fresh("h2", folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            Enrollments enrollments = new Enrollments(serverDb, clock);
            try (SyncTestConsole jingtai = SyncTestConsole.enrolled(folder, enrollments, server, clock, "TOWN-440111004",
                    "景泰街道综治中心", "TOWN", "440111004", "440111004001", "BY");
                 SyncTestConsole sanyuanli = SyncTestConsole.enrolled(folder, enrollments, server, clock, "TOWN-440111005",
                         "三元里街道综治中心", "TOWN", "440111005", "440111005001", "BY");
                 SyncTestConsole city = SyncTestConsole.city(folder, enrollments, server, clock)) {

                StoredIncident atTheCity = city.report("市民来电：占道经营");
                StoredIncident lamp = jingtai.report("路灯不亮");
                StoredIncident rubbish = sanyuanli.report("垃圾堆积");
                StoredIncident secondLamp = jingtai.report("第二盏路灯不亮");
                assertThat(atTheCity.caseNo()).isEqualTo(lamp.caseNo()).isEqualTo(rubbish.caseNo()).isEqualTo("BY20261123-000001");
                assertThat(secondLamp.caseNo()).isEqualTo("BY20261123-000002");

                jingtai.round();
                sanyuanli.round();
                clock.advance(Duration.ofMinutes(1));
                var result = city.round();

                assertThat(result.pulled()).as("the whole feed applied").isGreaterThanOrEqualTo(3);
                assertThat(caseNo(city, atTheCity)).as("the city's own keeps its number").isEqualTo("BY20261123-000001");
                assertThat(caseNo(city, lamp)).isEqualTo("BY20261123-000001/TOWN-440111004");
                assertThat(caseNo(city, rubbish)).isEqualTo("BY20261123-000001/TOWN-440111005");
                assertThat(caseNo(city, secondLamp)).as("a free number is kept as it is").isEqualTo("BY20261123-000002");

                // The city's counter stands at 1; 2 came from 景泰 since, so its next incident is 3.
                StoredIncident next = city.report("市民来电：噪音扰民");
                assertThat(next.caseNo()).isEqualTo("BY20261123-000003");

                // Each town keeps its own numbers and gets nothing it did not ask for; every mutation has its answer.
                city.round();
                jingtai.round();
                sanyuanli.round();
                assertThat(caseNo(jingtai, lamp)).isEqualTo("BY20261123-000001");
                assertThat(caseNo(sanyuanli, rubbish)).isEqualTo("BY20261123-000001");
                assertThat(city.database.dsl().fetchCount(INCIDENT)).isEqualTo(5);
                for (SyncTestConsole console : new SyncTestConsole[] {jingtai, sanyuanli, city}) {
                    assertThat(console.database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.isNull())).isZero();
                    assertThat(console.database.dsl().fetchCount(SYNC_OUTBOX, SYNC_OUTBOX.OUTCOME.ne("APPLIED"))).isZero();
                }
            }
        }
    }

    private static String caseNo(SyncTestConsole console, StoredIncident incident) {
        return new IncidentRepository(console.database.dsl()).find(incident.id()).orElseThrow().caseNo();
    }
}
