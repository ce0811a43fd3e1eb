package cn.zongzhi.server;

import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
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
import cn.zongzhi.sync.HttpSyncTransport;
import cn.zongzhi.sync.SyncClient;
import cn.zongzhi.sync.SyncClientRepository;
import cn.zongzhi.sync.protocol.IncidentFields;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jooq.DSLContext;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * One console installation for sync tests: its own H2 file with the same reference data as every other, its
 * services, clock and sync client talking HTTP to a given port. It can be closed, copied (a backup) and reopened.
 */
final class SyncTestConsole implements AutoCloseable {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private final Path folder;
    private final String office;
    private final String area;
    private final String prefix;
    private final String token;
    private final String replica;
    private Clock clock;
    private HybridClock hlc;
    private int port;
    private UnaryOperator<DSLContext> syncDsl = UnaryOperator.identity();
    private UnaryOperator<cn.zongzhi.sync.SyncTransport> syncTransport = UnaryOperator.identity();
    Database database;
    IncidentService incidents;
    SyncClient sync;
    final Operator operator;

    SyncTestConsole(Path folder, String office, String area, String prefix, String token, String replica, int port,
                    Clock clock) {
        this(folder, office, area, prefix, token, replica, port, clock, true);
    }

    /**
     * An office added on the server and a console enrolled for it, in {@code folder}/{@code office}, whose new incidents
     * lie in {@code community}.
     */
    static SyncTestConsole enrolled(Path folder, Enrollments enrollments, CityServer server, Clock clock, String office,
                                    String name, String level, String jurisdiction, String community, String casePrefix) {
        String code = enrollments.addOffice(office, name, level, List.of(jurisdiction));
        String replica = UUID.randomUUID().toString();
        return new SyncTestConsole(folder.resolve(office), office, community, casePrefix, enrollments.enroll(code, replica).token(),
                replica, server.port(), clock);
    }

    /** The township most sync tests use: 景泰街道 (440111004), its incidents in 景泰社区, case numbers JT. */
    static SyncTestConsole jingtai(Path folder, Enrollments enrollments, CityServer server, Clock clock) {
        return enrolled(folder, enrollments, server, clock, "TOWN-440111004", "景泰街道综治中心", "TOWN", "440111004",
                "440111004001", "JT");
    }

    /** A second township beside it: 三元里街道 (440111005), case numbers SY. */
    static SyncTestConsole sanyuanli(Path folder, Enrollments enrollments, CityServer server, Clock clock) {
        return enrolled(folder, enrollments, server, clock, "TOWN-440111005", "三元里街道综治中心", "TOWN", "440111005",
                "440111005001", "SY");
    }

    /** The district's own center over both (440111), its incidents in 三元里社区, case numbers BY. */
    static SyncTestConsole city(Path folder, Enrollments enrollments, CityServer server, Clock clock) {
        return enrolled(folder, enrollments, server, clock, "CITY-440111", "白云区综治中心", "CITY", "440111", "440111005001", "BY");
    }

    /** Another seat of an office added already: a console of its own, enrolled with a new code for the same office. */
    static SyncTestConsole anotherSeat(Path folder, Enrollments enrollments, CityServer server, Clock clock, String office,
                                       String community, String casePrefix) {
        String replica = UUID.randomUUID().toString();
        return new SyncTestConsole(folder.resolve(office + "-another-seat"), office, community, casePrefix,
                enrollments.enroll(enrollments.newCode(office), replica).token(), replica, server.port(), clock);
    }

    /** A console whose database exists already (made by an earlier instance, then used by another process). */
    static SyncTestConsole reopen(Path folder, String office, String area, String prefix, String token, String replica,
                                  int port, Clock clock) {
        return new SyncTestConsole(folder, office, area, prefix, token, replica, port, clock, false);
    }

    private SyncTestConsole(Path folder, String office, String area, String prefix, String token, String replica, int port,
                            Clock clock, boolean fresh) {
        this.folder = folder;
        this.office = office;
        this.area = area;
        this.prefix = prefix;
        this.token = token;
        this.replica = replica;
        this.port = port;
        this.clock = clock;
        this.hlc = new HybridClock(clock);
        this.operator = new Operator(UUID.randomUUID(), office + "-op", office + " 值班员", Role.ADMINISTRATOR, office, null);
        database = Database.open(folder.resolve("console"));
        if (!fresh) {
            wire();
            return;
        }
        database.dsl().execute("insert into admin_area(code, name, level) values ('440111004001', '景泰社区', 'COMMUNITY'), "
                + "('440111005001', '三元里社区', 'COMMUNITY')");
        database.dsl().execute("insert into department(code, name) values ('CG', '区城管局'), ('SW', '区水务局')");
        database.dsl().execute("""
                insert into incident_category(code, name, pinyin_initials, default_department_code, fallback_department_code,
                                              time_limit, time_limit_unit)
                values ('0101', '暴露垃圾', 'BLLJ', 'CG', 'CG', 3, 'WORKING_DAYS')""");
        wire();
    }

    private void wire() {
        DeadlineRule plainDays = (from, amount, unit) -> from.plus(Duration.ofDays(amount));
        incidents = new IncidentService(database.dsl(), plainDays, (lon, lat) -> new IncidentService.Location(area, null),
                hlc, clock, SHANGHAI, office, prefix);
        sync = new SyncClient(syncDsl.apply(database.dsl()), syncTransport.apply(transport()), hlc, clock, replica, area, 12);
    }

    /** This console's clock alone changes (e.g. a year ahead); the server keeps its own. */
    void useClock(Clock newClock) {
        clock = newClock;
        hlc = new HybridClock(newClock);
        wire();
    }

    /** Sync through another port (a proxy, or a restarted server). */
    void talkTo(int newPort) {
        port = newPort;
        wire();
    }

    /** Sync with a database handle that may misbehave (e.g. fail midway through applying a page). */
    void syncThrough(UnaryOperator<DSLContext> wrapper) {
        syncDsl = wrapper;
        wire();
    }

    /** Sync through a connection that watches or alters what passes (e.g. drops answers). */
    void syncVia(UnaryOperator<cn.zongzhi.sync.SyncTransport> wrapper) {
        syncTransport = wrapper;
        wire();
    }

    /** This console's connection to the server, for calls outside a round (publishing reference data). */
    HttpSyncTransport transport() {
        return new HttpSyncTransport(HttpClient.newHttpClient(), "http://127.0.0.1:" + port, token, Duration.ofSeconds(20));
    }

    SyncClient.RoundResult round() {
        return sync.round(() -> false);
    }

    StoredIncident report(String title) {
        return incidents.register(new NewIncident(Channel.HOTLINE_12345, "王先生", "13800001234", "0101", title,
                "已三天无人清运", "白云区景泰街道某小区", 113.27, 23.17, RiskLevel.YELLOW), operator);
    }

    void act(UUID id, IncidentAction action, ActionInput input) {
        incidents.act(id, action, input, operator);
    }

    SyncClientRepository repository() {
        return new SyncClientRepository(database.dsl());
    }

    /** Copies the closed database's files to {@code backup} (as a nightly backup would) and opens it again. */
    void backUpTo(Path backup) throws IOException {
        database.close();
        copyFiles(folder, backup);
        database = Database.open(folder.resolve("console"));
        wire();
    }

    /** Replaces the database with the copy in {@code backup}, as restoring yesterday's backup does. */
    void restoreFrom(Path backup) throws IOException {
        database.close();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(path -> path.getFileName().toString().startsWith("console")).toList()) {
                Files.delete(file);
            }
        }
        copyFiles(backup, folder);
        database = Database.open(folder.resolve("console"));
        wire();
    }

    private static void copyFiles(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(path -> path.getFileName().toString().startsWith("console")).toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Every incident of this console, keyed by id, in the form the server's snapshot is compared in. */
    Map<UUID, Map<String, String>> incidentsAsSynced() {
        Map<UUID, Map<String, String>> all = new TreeMap<>();
        for (UUID id : repository().syncedIncidentIds()) {
            all.put(id, comparable(repository().incidentSnapshot(id).orElseThrow()));
        }
        return all;
    }

    /** This office's mediation desk (registering, outcomes, follow-ups) on this console's clock. */
    cn.zongzhi.mediation.DisputeService disputeDesk() {
        return new cn.zongzhi.mediation.DisputeService(database.dsl(), hlc, clock, SHANGHAI, office, prefix, operator);
    }

    /** This office's mediation calendar (booking, minutes). */
    cn.zongzhi.mediation.SessionScheduler mediationCalendar() {
        return new cn.zongzhi.mediation.SessionScheduler(database.dsl(),
                () -> new cn.zongzhi.calendar.CalendarService(database.dsl()).calendar(),
                cn.zongzhi.calendar.WorkingHours.standard(), SHANGHAI, hlc, office, operator);
    }

    /** Every mediation case of this console as it would travel, keyed by id (the owner as the server names it). */
    Map<UUID, ObjectNode> casesAsSynced(Map<UUID, String> owners) {
        Map<UUID, ObjectNode> all = new TreeMap<>();
        var cases = new cn.zongzhi.sync.MediationCaseSyncRepository(database.dsl());
        for (UUID id : database.dsl().select(cn.zongzhi.db.jooq.Tables.DISPUTE.ID).from(cn.zongzhi.db.jooq.Tables.DISPUTE)
                .fetch(cn.zongzhi.db.jooq.Tables.DISPUTE.ID)) {
            ObjectNode snapshot = cases.caseSnapshot(id).orElseThrow();
            snapshot.put("originOffice", owners.get(id));
            all.put(id, snapshot);
        }
        return all;
    }

    /** The server's mediation cases in the same form. */
    static Map<UUID, ObjectNode> serverCases(ServerDatabase server) {
        Map<UUID, ObjectNode> all = new TreeMap<>();
        for (var row : server.dsl().fetch("select id, data from mediation_case")) {
            try {
                all.put(UUID.fromString(row.get(0, String.class)),
                        (ObjectNode) cn.zongzhi.sync.protocol.SyncJson.MAPPER.readTree(row.get(1, String.class)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return all;
    }

    /** The server's incidents in the same form. */
    static Map<UUID, Map<String, String>> serverIncidents(ServerDatabase server) {
        Map<UUID, Map<String, String>> all = new TreeMap<>();
        SyncRepository repository = new SyncRepository(server.dsl());
        for (String id : server.dsl().fetch("select id from incident").getValues(0, String.class)) {
            all.put(UUID.fromString(id), comparable(SyncService.snapshot(repository.incident(id).orElseThrow())));
        }
        return all;
    }

    /** The synced fields and workflow counters as text, for comparing a console's row with the server's copy. */
    static Map<String, String> comparable(ObjectNode snapshot) {
        Map<String, String> values = new TreeMap<>();
        for (IncidentFields spec : IncidentFields.values()) {
            var value = snapshot.get(spec.wireName);
            values.put(spec.wireName, value == null || value.isNull() ? null
                    : spec.type == IncidentFields.Type.INSTANT ? Instant.parse(value.asText()).toString() : value.asText());
        }
        for (String counter : List.of("status", "reworkCount", "extensionPending", "escalationLevel")) {
            values.put(counter, snapshot.get(counter).asText());
        }
        return values;
    }

    @Override
    public void close() {
        database.close();
    }
}
