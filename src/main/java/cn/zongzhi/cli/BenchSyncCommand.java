package cn.zongzhi.cli;

import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import cn.zongzhi.common.HybridClock;
import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import cn.zongzhi.incidents.ActionInput;
import cn.zongzhi.incidents.IncidentAction;
import cn.zongzhi.incidents.IncidentService;
import cn.zongzhi.server.CityServer;
import cn.zongzhi.server.Enrollments;
import cn.zongzhi.server.ServerDatabase;
import cn.zongzhi.sync.HttpSyncTransport;
import cn.zongzhi.sync.SyncClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Times sync on loopback: the first sync of an office holding N incidents (queue, push, pull), incremental rounds
 * of a given number of changes, and the server's ingest rate against bare JDBC batch inserts of the same rows into
 * the server's incident table, in the same run. The server runs in this process on H2 (the default) or on the
 * PostgreSQL given with --server-db-url, or as its own process (--server), as it is deployed.
 */
@Command(name = "sync", description = "Benchmark sync on loopback: first sync of an office, incremental rounds, ingest vs bare JDBC.")
final class BenchSyncCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--incidents", defaultValue = "100000", description = "incidents the office holds (default ${DEFAULT-VALUE})")
    int incidents;

    @Option(names = "--changes", defaultValue = "100", description = "changes per incremental round (default ${DEFAULT-VALUE})")
    int changes;

    @Option(names = "--rounds", defaultValue = "10", description = "incremental rounds timed (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--disputes", paramLabel = "N", defaultValue = "0",
            description = "mediation cases in the office's database, sent in the first sync too (default ${DEFAULT-VALUE})")
    int disputes;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "" + DemoOptions.DEFAULT_SEED,
            description = "seed of the generated office (default ${DEFAULT-VALUE}); another seed gives other ids, e.g. for an"
                    + " office that warms a server up before a timed run against it")
    long seed;

    @Option(names = "--scratch", paramLabel = "DIR", description = "folder for the scratch databases (default: a new temporary folder)")
    Path scratch;

    @Option(names = "--office-copy", paramLabel = "ZIP",
            description = "a copy of the office's database: made here (H2 BACKUP) after generating when the file does not exist,"
                    + " used instead of generating when it does, so repeated runs time sync alone")
    Path officeCopy;

    @Option(names = "--server-db-url", paramLabel = "JDBC_URL", description = "the server on this PostgreSQL (an empty database) instead of H2")
    String serverDatabaseUrl;

    @Option(names = "--server", paramLabel = "URL",
            description = "a city server running as its own process (zongzhi serve), as deployed, instead of one in this process;"
                    + " needs --enrollment-code for an office whose area is the demo district's")
    String serverUrl;

    @Option(names = "--enrollment-code", paramLabel = "CODE", description = "with --server: the code zongzhi office add printed")
    String enrollmentCode;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path folder = scratch != null ? Files.createDirectories(scratch) : Files.createTempDirectory("zongzhi-bench-sync");
        Instant now = Instant.parse("2026-11-23T01:00:00Z");
        Clock clock = Clock.systemUTC();
        long generating = System.nanoTime();
        boolean fromCopy = officeCopy != null && Files.exists(officeCopy);
        if (fromCopy) {
            unzip(officeCopy, Files.createDirectories(folder.resolve("console")));
        }
        boolean external = serverUrl != null;
        if (external && enrollmentCode == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--server needs --enrollment-code");
        }
        if (!fromCopy) {
            // Made as the demo and import commands leave an office: the file compacted when the command ends.
            try (Database made = Database.open(folder.resolve("console").resolve("db"))) {
                makeOffice(made, now);
                out.println(Compaction.describe(made.closeCompacted()));
            }
        }
        // With --server the server is another process (null resources are skipped when the block closes).
        try (Database console = Database.open(folder.resolve("console").resolve("db"));
             ServerDatabase serverDb = external ? null : ServerDatabase.open(serverDatabaseUrl, folder.resolve("server"));
             CityServer server = external ? null : CityServer.start(serverDb, new CityServer.Listen("127.0.0.1", 0, null, null), clock)) {
            String district = console.dsl().connectionResult(connection -> {
                try (Statement statement = connection.createStatement();
                     ResultSet row = statement.executeQuery("select min(substring(area_code, 1, 6)) from incident")) {
                    row.next();
                    return row.getString(1);
                }
            });
            if (!fromCopy && officeCopy != null) {
                String target = officeCopy.toAbsolutePath().toString().replace("'", "''");
                console.dsl().execute("backup to '" + target + "'");
            }
            out.printf("office with %,d incidents and %,d mediation cases %s in %.1f s; server on %s; heap max %d MB%n%n",
                    incidents, disputes, fromCopy ? "restored from " + officeCopy : "made",
                    (System.nanoTime() - generating) / 1e9, external ? "its own process at " + serverUrl : serverDb.kind() + " in this process",
                    Runtime.getRuntime().maxMemory() / (1024 * 1024));
            if (fromCopy) {
                incidents = ((Number) console.dsl().fetchValue("select count(*) from incident")).intValue();
            }

            String base;
            String token;
            String replica;
            String office;
            if (external) {
                // As an installation enrolls: its own replica id, the credential kept in its database. The
                // generated office has no installation row (a first start writes it): one is made here.
                var installation = new cn.zongzhi.office.InstallationRepository(console.dsl());
                if (installation.find().isEmpty()) {
                    installation.create(UUID.randomUUID(), "BENCH-" + district, "基准办公室", "DISTRICT", district + "000000",
                            java.time.OffsetDateTime.now(clock));
                }
                var credentials = new cn.zongzhi.sync.SyncCredentialRepository(console.dsl());
                var credential = new cn.zongzhi.sync.EnrollmentClient(HttpClient.newHttpClient(), clock)
                        .enroll(serverUrl, enrollmentCode, credentials);
                base = credential.serverUrl();
                token = credential.token();
                replica = credentials.replicaId();
                office = credential.officeCode();
            } else {
                Enrollments enrollments = new Enrollments(serverDb, clock);
                replica = UUID.randomUUID().toString();
                office = "BENCH-" + district;
                token = enrollments.enroll(enrollments.addOffice(office, "基准办公室", "DISTRICT", List.of(district)), replica).token();
                base = "http://127.0.0.1:" + server.port();
            }
            HybridClock hlc = new HybridClock(clock);
            SyncClient client = new SyncClient(console.dsl(), new HttpSyncTransport(HttpClient.newHttpClient(), base, token,
                    Duration.ofMinutes(5)), hlc, clock, replica, district + "000000", 12);

            long first = System.nanoTime();
            SyncClient.RoundResult round = client.round(() -> false);
            double firstSeconds = (System.nanoTime() - first) / 1e9;
            out.println("| run | records | seconds | records/s |");
            out.println("|---|---|---|---|");
            out.printf("| first sync, whole round (%s) | %,d | %.1f | %,.0f |%n", round.summary(), round.pushed(), firstSeconds,
                    round.pushed() / firstSeconds);
            out.printf("| of which: queue the office's records as creations (local, beside the push) | %,d | %.1f | %,.0f |%n", round.queued(),
                    round.phases().queueMillis() / 1e3, round.queued() / (round.phases().queueMillis() / 1e3));
            out.printf("| of which: push to the server (the server's ingest), from the queue's start | %,d | %.1f | %,.0f |%n", round.pushed(),
                    round.phases().pushMillis() / 1e3, round.pushed() / (round.phases().pushMillis() / 1e3));
            out.printf("| of which: pull the changes back | %,d | %.1f | %,.0f |%n", round.pulled(),
                    round.phases().pullMillis() / 1e3, round.pulled() / (round.phases().pullMillis() / 1e3));
            long[] bare = bareInserts(serverDatabaseUrl, folder.resolve("bare-server"), console);
            out.printf("| bare JDBC batches of the same rows into the server's incident table | %,d | %.1f | %,.0f |%n", bare[0],
                    bare[1] / 1e9, bare[0] / (bare[1] / 1e9));

            IncidentService service = new IncidentService(console.dsl(), (from, amount, unit) -> from.plus(Duration.ofDays(amount)),
                    (lon, lat) -> IncidentService.Location.UNKNOWN, hlc, clock, ZoneId.of("Asia/Shanghai"), office, "BN");
            Operator operator = new Operator(UUID.randomUUID(), "bench", "基准", Role.ADMINISTRATOR, office, null);
            List<UUID> reported = reportedIncidents(console, changes * rounds);
            if (reported.size() < changes * rounds) {
                out.printf("%nonly %d incidents still reported: fewer incremental rounds%n", reported.size());
            }
            long[] millis = new long[Math.min(rounds, reported.size() / Math.max(1, changes))];
            long[][] phases = new long[4][millis.length];
            for (int r = 0; r < millis.length; r++) {
                for (UUID id : reported.subList(r * changes, (r + 1) * changes)) {
                    service.act(id, IncidentAction.ACCEPT, ActionInput.none(), operator);
                }
                long start = System.nanoTime();
                SyncClient.RoundResult incremental = client.round(() -> false);
                millis[r] = (System.nanoTime() - start) / 1_000_000;
                phases[0][r] = incremental.phases().helloMillis();
                phases[1][r] = incremental.phases().queueMillis();
                phases[2][r] = incremental.phases().pushMillis();
                phases[3][r] = incremental.phases().pullMillis();
                if (incremental.applied() != changes) {
                    out.printf("round %d: %s%n", r, incremental.summary());
                }
            }
            // In the order run, before sorting: shows whether the slow round is the first after the first sync.
            out.printf("%nincremental rounds in the order run (ms): %s%n", Arrays.toString(millis));
            if (millis.length > 0) {
                out.printf("the first of them: hello %d ms, queue %d ms, push %d ms, pull %d ms%n",
                        phases[0][0], phases[1][0], phases[2][0], phases[3][0]);
            }
            Arrays.sort(millis);
            if (millis.length > 0) {
                out.printf("%nincremental round with %d changes, %d rounds: p50 %d ms, max %d ms%n", changes, millis.length,
                        millis[millis.length / 2], millis[millis.length - 1]);
                for (long[] phase : phases) {
                    Arrays.sort(phase);
                }
                out.printf("of which (p50 of each part): hello %d ms, queue %d ms, push %d ms, pull %d ms%n",
                        phases[0][millis.length / 2], phases[1][millis.length / 2], phases[2][millis.length / 2],
                        phases[3][millis.length / 2]);
            }
            out.flush();
        }
        return 0;
    }

    /** The office's records: the demo district, taken as real records (demo rows never leave a console). */
    private void makeOffice(Database console, Instant now) {
        new DemoDistrictGenerator(console.dsl()).generate(DemoOptions.defaults(now).withSeed(seed).withIncidents(incidents).withDisputes(disputes),
                Progress.NONE);
        console.dsl().connection(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("update incident set demo = false");
                statement.executeUpdate("insert into incident_sync (incident_id, state) select id, 'LOCAL' from incident");
                // Cases as the desk leaves them: changed here, waiting for their first snapshot.
                statement.executeUpdate("update dispute set demo = false, sync_state = 'PENDING'");
                // The generator closes nearly every incident; the incremental rounds accept incidents, so that
                // many are put back to reported first (whole, like any office's open intake).
                statement.executeUpdate("update incident set status = 'REPORTED', accepted_at = null,"
                        + " dispatched_at = null, due_at = null, requested_due_at = null, resolved_at = null,"
                        + " closed_at = null, satisfaction = null, result_note = null, department_code = null"
                        + " where id in (select id from incident where status = 'CLOSED' order by id limit "
                        + Math.max(0, changes * rounds) + ")");
            }
        });
    }

    /** Restores an H2 {@code BACKUP TO} archive (the database files) into {@code folder}. */
    private static void unzip(Path archive, Path folder) throws java.io.IOException {
        try (var zip = new java.util.zip.ZipInputStream(Files.newInputStream(archive))) {
            for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = folder.resolve(entry.getName()).normalize();
                if (!target.startsWith(folder) || entry.isDirectory()) {
                    continue;
                }
                Files.copy(zip, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static List<UUID> reportedIncidents(Database console, int limit) {
        return console.dsl().connectionResult(connection -> {
            List<UUID> ids = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "select id from incident where status = 'REPORTED' order by id limit ?")) {
                statement.setInt(1, limit);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getObject(1, UUID.class));
                    }
                }
            }
            return ids;
        });
    }

    /**
     * The baseline: the same incidents written straight into a fresh server database's incident table with JDBC
     * batches of 1,000, no checks, no outcomes, no change log.
     */
    private static long[] bareInserts(String serverUrl, Path folder, Database console) {
        // H2: a fresh server database of its own; PostgreSQL: a table shaped like the server's in the same database.
        try (ServerDatabase bare = serverUrl != null ? ServerDatabase.open(serverUrl, folder) : ServerDatabase.h2(folder)) {
            return bare.dsl().connectionResult(target -> console.dsl().connectionResult(source -> copy(serverUrl, source, target)));
        }
    }

    private static long[] copy(String serverUrl, Connection source, Connection target) throws Exception {
        try (Statement read = source.createStatement()) {
            target.setAutoCommit(false);
            String table = serverUrl != null ? "bench_bare_incident" : "incident";
            if (serverUrl != null) {
                try (Statement ddl = target.createStatement()) {
                    ddl.execute("drop table if exists bench_bare_incident");
                    ddl.execute("create table bench_bare_incident (like incident including all)");
                }
                target.commit();
            }
            long count = 0;
            long start = System.nanoTime();
            try (ResultSet rows = read.executeQuery("select id, case_no, origin_office, area_code, title, description, address,"
                    + " longitude, latitude, category_code, risk_level, reporter_name, reporter_phone, department_code,"
                    + " reported_at, status, hlc, channel from incident");
                 PreparedStatement insert = target.prepareStatement("insert into " + table + " (id, case_no, origin_office,"
                         + " area_code, title, description, address, longitude, latitude, category_code, risk_level,"
                         + " reporter_name, reporter_phone, department_code, reported_at, status, version, field_versions,"
                         + " hlc, channel, created_at, updated_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1,'{}',?,?,?,?)")) {
                Timestamp written = Timestamp.from(Instant.now());
                while (rows.next()) {
                    insert.setString(1, rows.getObject(1).toString());
                    for (int column = 2; column <= 7; column++) {
                        insert.setString(column, rows.getString(column));
                    }
                    insert.setObject(8, rows.getObject(8));
                    insert.setObject(9, rows.getObject(9));
                    for (int column = 10; column <= 14; column++) {
                        insert.setString(column, rows.getString(column));
                    }
                    insert.setTimestamp(15, rows.getTimestamp(15));
                    insert.setString(16, rows.getString(16));
                    insert.setLong(17, rows.getLong(17));
                    insert.setString(18, rows.getString(18));
                    insert.setTimestamp(19, written);
                    insert.setTimestamp(20, written);
                    insert.addBatch();
                    if (++count % 1000 == 0) {
                        insert.executeBatch();
                        target.commit();
                    }
                }
                insert.executeBatch();
                target.commit();
            }
            return new long[] {count, System.nanoTime() - start};
        }
    }
}
