package cn.zongzhi.sync;

import cn.zongzhi.MutableClock;
import cn.zongzhi.TestDatabases;
import cn.zongzhi.TestOperators;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import cn.zongzhi.db.Database;
import cn.zongzhi.common.Messages;
import cn.zongzhi.common.SameThreadRunner;
import cn.zongzhi.server.CityServer;
import cn.zongzhi.server.Enrollments;
import cn.zongzhi.server.ServerDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 下级单位 against a real city server: the city's administrator creates a township's office and reads its code,
 * which enrolls the township; another code is issued; typing mistakes are named before anything is sent; a
 * township's console and an unenrolled one are told why in words.
 */
class OfficesViewModelTest {
    private static final Instant MORNING = Instant.parse("2026-12-04T01:00:00Z");
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @TempDir
    Path folder;

    private final Messages messages = Messages.forLanguage("zh");

    @Test
    void theCitysAdministratorOpensATownshipAndATownshipIsToldItCannot() throws Exception {
        MutableClock clock = new MutableClock(MORNING);
        try (Database console = TestDatabases.fresh(folder.resolve("console"));
             ServerDatabase serverDb = ServerDatabase.h2(folder.resolve("server"));
             CityServer server = CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            String url = "http://127.0.0.1:" + server.port();
            Enrollments enrollments = new Enrollments(serverDb, clock);
            String cityToken = enrollments.enroll(enrollments.addOffice("CITY-440111", "白云区综治中心", "CITY", List.of("440111")),
                    UUID.randomUUID().toString()).token();
            Operator administrator = TestOperators.of(Role.ADMINISTRATOR);
            OfficesViewModel city = new OfficesViewModel(new OfficeAdministration(console.dsl(),
                    () -> Optional.of(new OfficeAdminClient(HttpClient.newHttpClient(), url, cityToken)), clock),
                    () -> administrator, new SameThreadRunner(), messages, SHANGHAI);

            city.refresh();
            assertThat(city.offices()).extracting(OfficesViewModel.OfficeRow::code).containsExactly("CITY-440111");
            assertThat(city.offices().get(0).level()).isEqualTo("市级");
            assertThat(city.offices().get(0).installations()).isEqualTo("1 台");

            city.create("TOWN 440111004", "景泰街道综治中心", "TOWN", "440111004");
            assertThat(city.messageProperty().get()).isEqualTo("单位代码：字母、数字和“-”，2 到 32 个字符。");
            city.create("TOWN-440111004", "景泰街道综治中心", "TOWN", "4401110040001");
            assertThat(city.messageProperty().get()).startsWith("请填写辖区的区划代码");
            assertThat(serverOffices(serverDb)).as("nothing sent").isEqualTo(1);

            city.create(" TOWN-440111004 ", "景泰街道综治中心", "TOWN", "440111004，440111005");
            assertThat(city.messageProperty().get())
                    .isEqualTo("已新建单位 TOWN-440111004。注册码只显示这一次，2026-12-11 09:00 前有效；请告知该单位管理员。");
            String code = city.issuedCodeProperty().get();
            assertThat(city.createdProperty().get()).as("the form empties itself").isEqualTo(1);
            assertThat(code).matches("[A-Z2-9]{4}(-[A-Z2-9]{4}){3}");
            assertThat(enrollments.enroll(code, UUID.randomUUID().toString()).areas()).containsExactly("440111004", "440111005");
            city.refresh();
            assertThat(city.offices()).extracting(OfficesViewModel.OfficeRow::code).containsExactly("CITY-440111", "TOWN-440111004");
            OfficesViewModel.OfficeRow town = city.offices().get(1);
            assertThat(town.level()).isEqualTo("镇街");
            assertThat(town.areas()).isEqualTo("440111004 440111005");
            assertThat(town.installations()).isEqualTo("1 台");

            city.newCode(town);
            assertThat(city.messageProperty().get()).startsWith("已为 TOWN-440111004 生成新注册码。");
            assertThat(city.issuedCodeProperty().get()).isNotEqualTo(code).matches("[A-Z2-9]{4}(-[A-Z2-9]{4}){3}");

            city.create("TOWN-440111004", "重复", "TOWN", "440111004");
            assertThat(city.messageProperty().get()).isEqualTo("未能完成：这个单位代码已经存在");
            assertThat(city.issuedCodeProperty().get()).as("no code shown for a refusal").isEmpty();
            city.create("TOWN-440112001", "别区街道", "TOWN", "440112001");
            assertThat(city.messageProperty().get()).isEqualTo("未能完成：辖区不在本中心管辖范围内");

            // The township's own console, and one not enrolled at all.
            String townToken = enrollments.enroll(enrollments.newCode("TOWN-440111004"), UUID.randomUUID().toString()).token();
            OfficesViewModel township = new OfficesViewModel(new OfficeAdministration(console.dsl(),
                    () -> Optional.of(new OfficeAdminClient(HttpClient.newHttpClient(), url, townToken)), clock),
                    () -> administrator, new SameThreadRunner(), messages, SHANGHAI);
            township.create("COMM-440111004001", "景泰社区", "COMMUNITY", "440111004001");
            assertThat(township.messageProperty().get()).isEqualTo("未能完成：只有市级综治中心可以开通下级单位");
            OfficesViewModel unenrolled = new OfficesViewModel(new OfficeAdministration(console.dsl(), Optional::empty, clock),
                    () -> administrator, new SameThreadRunner(), messages, SHANGHAI);
            unenrolled.refresh();
            assertThat(unenrolled.messageProperty().get()).isEqualTo("未能完成：本机尚未注册到市级服务器。请先在「数据同步」页填写市级发的注册码；注册为市级综治中心的终端才能在这里开通下级单位。");

            // On the city's own console, an operator who is not an administrator may not.
            Operator seat = TestOperators.of(Role.SEAT_OPERATOR);
            OfficesViewModel seatView = new OfficesViewModel(new OfficeAdministration(console.dsl(),
                    () -> Optional.of(new OfficeAdminClient(HttpClient.newHttpClient(), url, cityToken)), clock),
                    () -> seat, new SameThreadRunner(), messages, SHANGHAI);
            seatView.create("TOWN-440111006", "松洲街道", "TOWN", "440111006");
            assertThat(seatView.messageProperty().get()).contains("无权");
            assertThat(serverOffices(serverDb)).isEqualTo(2);

            // What was done is in this console's audit log, without the codes.
            assertThat(console.dsl().fetch("select action, entity_id, detail from audit_log order by seq"))
                    .extracting(row -> row.get(0, String.class) + " " + row.get(1, String.class) + " " + row.get(2, String.class))
                    .containsExactly("OFFICE_CREATE TOWN-440111004 TOWN 440111004 440111005",
                            "OFFICE_CODE TOWN-440111004 new enrollment code");
        }
    }

    private static int serverOffices(ServerDatabase serverDb) {
        return serverDb.dsl().fetchCount(org.jooq.impl.DSL.table("office"));
    }
}
