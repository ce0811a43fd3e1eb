package cn.zongzhi.sync;

import cn.zongzhi.MutableClock;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import cn.zongzhi.common.AppConfig;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.db.Database;
import cn.zongzhi.incidents.ActionInput;
import cn.zongzhi.incidents.Channel;
import cn.zongzhi.incidents.DeadlineRule;
import cn.zongzhi.incidents.IncidentAction;
import cn.zongzhi.incidents.IncidentService;
import cn.zongzhi.incidents.NewIncident;
import cn.zongzhi.incidents.RiskLevel;
import cn.zongzhi.incidents.StoredIncident;
import cn.zongzhi.office.InstallationService;
import cn.zongzhi.server.CityServer;
import cn.zongzhi.server.Enrollments;
import cn.zongzhi.server.ServerDatabase;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * A township and the city working on the same incidents through a real city server on loopback (embedded H2),
 * leaving the township's database with what the sync screen shows: one creation the city refused (its place is
 * outside the township's jurisdiction), a diverged status and a closure request from the township's steps on an
 * incident the city had dispatched meanwhile, and the dispatcher's task. The server keeps running for the
 * township's console; the township's database is closed, ready for it.
 */
public final class SyncScenario implements AutoCloseable {
    public static final String TOWN = "TOWN-440111004";
    public static final String CITY = "CITY-440111";
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    public final MutableClock clock;
    public final ServerDatabase serverDatabase;
    public final CityServer server;
    public final Path townDatabase;
    public StoredIncident contested;
    public StoredIncident outside;

    private SyncScenario(Path folder, Path townDatabase) {
        this.clock = new MutableClock(Instant.now().minus(Duration.ofHours(1)));
        this.townDatabase = townDatabase;
        this.serverDatabase = ServerDatabase.h2(folder.resolve("server"));
        this.server = CityServer.start(serverDatabase, new CityServer.Listen("127.0.0.1", 0, null, null), clock);
    }

    /** Runs the day's work and the rounds; the township's database ends at {@code townDatabase}, closed. */
    public static SyncScenario run(Path folder, Path townDatabase) {
        SyncScenario scenario = new SyncScenario(folder, townDatabase);
        try {
            scenario.play(folder);
            return scenario;
        } catch (RuntimeException e) {
            scenario.close();
            throw e;
        }
    }

    public String serverUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    private void play(Path folder) {
        Enrollments enrollments = new Enrollments(serverDatabase, clock);
        String townCode = enrollments.addOffice(TOWN, "景泰街道综治中心", "TOWN", List.of("440111004"));
        String cityCode = enrollments.addOffice(CITY, "白云区综治中心", "CITY", List.of("440111"));
        try (Side town = new Side(townDatabase, TOWN, "JT", townCode);
             Side city = new Side(folder.resolve("city").resolve("zongzhi"), CITY, "BY", cityCode)) {
            contested = town.report("小区门口垃圾堆积", 113.27);
            town.report("路灯不亮", 113.27);
            // Its place lies in the neighbouring street, outside the township's jurisdiction: the city refuses it.
            outside = town.report("三元里路面塌陷", 113.40);
            town.round();
            city.round();

            // Both offline: the city accepts and dispatches; the township, not knowing, accepts and handles it.
            clock.advance(Duration.ofMinutes(10));
            city.act(contested.id(), IncidentAction.ACCEPT, ActionInput.none());
            city.act(contested.id(), IncidentAction.DISPATCH, ActionInput.dispatchTo("CG"));
            town.act(contested.id(), IncidentAction.ACCEPT, ActionInput.none());
            town.act(contested.id(), IncidentAction.HANDLE_ON_SPOT, ActionInput.note("现场已清理"));
            clock.advance(Duration.ofMinutes(10));
            city.round();
            town.round();
            town.round();
        }
    }

    /** One installation: its database, services and sync client. */
    private final class Side implements AutoCloseable {
        final Database database;
        final IncidentService incidents;
        final SyncClient sync;
        final Operator operator;

        Side(Path databasePath, String office, String prefix, String enrollmentCode) {
            database = Database.open(databasePath);
            database.dsl().execute("insert into admin_area(code, name, level) values ('440111004001', '景泰社区', 'COMMUNITY'), "
                    + "('440111005001', '三元里社区', 'COMMUNITY')");
            database.dsl().execute("insert into department(code, name) values ('CG', '区城管局'), ('SW', '区水务局')");
            database.dsl().execute("""
                    insert into incident_category(code, name, pinyin_initials, default_department_code, fallback_department_code,
                                                  time_limit, time_limit_unit)
                    values ('0101', '暴露垃圾', 'BLLJ', 'CG', 'CG', 3, 'WORKING_DAYS')""");
            new InstallationService(database.dsl(), AppConfig.defaults(), clock).ensureInstallation();
            HttpClient http = HttpClient.newHttpClient();
            new EnrollmentClient(http, clock).enroll(serverUrl(), enrollmentCode, new SyncCredentialRepository(database.dsl()));
            DeadlineRule plainDays = (from, amount, unit) -> from.plus(Duration.ofDays(amount));
            HybridClock hlc = new HybridClock(clock);
            incidents = new IncidentService(database.dsl(), plainDays,
                    (lon, lat) -> new IncidentService.Location(lon > 113.3 ? "440111005001" : "440111004001", null),
                    hlc, clock, SHANGHAI, office, prefix);
            operator = new Operator(UUID.randomUUID(), office + "-op", office + " 值班员", Role.ADMINISTRATOR, office, null);
            sync = SyncClients.fromEnrollment(database.dsl(), http, hlc, clock, null, office.equals(CITY) ? "440111" : "440111004")
                    .orElseThrow();
        }

        StoredIncident report(String title, double longitude) {
            return incidents.register(new NewIncident(Channel.HOTLINE_12345, "王先生", "13800001234", "0101", title,
                    "已三天无人处理", "白云区某小区", longitude, 23.17, RiskLevel.YELLOW), operator);
        }

        void act(UUID id, IncidentAction action, ActionInput input) {
            incidents.act(id, action, input, operator);
        }

        void round() {
            sync.round(() -> false);
        }

        @Override
        public void close() {
            database.close();
        }
    }

    @Override
    public void close() {
        server.close();
        serverDatabase.close();
    }
}
