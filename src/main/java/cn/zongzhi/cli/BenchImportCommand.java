package cn.zongzhi.cli;

import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoOptions;
import cn.zongzhi.gridmap.GridLocator;
import cn.zongzhi.gridmap.GridLocators;
import cn.zongzhi.incidents.CatalogueRepository;
import cn.zongzhi.incidents.ImportMapping;
import cn.zongzhi.incidents.IncidentImportService;
import cn.zongzhi.incidents.IncidentImportSummary;
import cn.zongzhi.incidents.IncidentService;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Times {@code import incidents} on a synthetic file in the canonical columns, each run into a fresh demo district
 * (grids, catalogue, no incidents), against two bare baselines writing the same file into the same schema: JDBC
 * batches of the incident, its reporter and its report event with no checks, H2's own {@code CSVREAD} into
 * the incident table alone, and the same JDBC batches into tables stripped to their primary keys with every other
 * index and constraint built afterwards (the least H2 can spend on these rows with this schema).
 */
@Command(name = "import", description = "Benchmark importing incidents from CSV against bare JDBC batches and H2's CSVREAD.")
final class BenchImportCommand implements Callable<Integer> {
    private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final List<String> HEADER = List.of("external_id", "channel", "category_code", "title", "description",
            "address", "longitude", "latitude", "reported_at", "reporter_name", "reporter_phone", "status", "department",
            "due_at", "closed_at");

    @ParentCommand
    BenchCommand bench;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--rows", defaultValue = "200000", description = "rows in the synthetic file (default ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--scratch", paramLabel = "DIR", description = "folder for the file and the scratch databases (default: a new temporary folder)")
    Path scratch;

    @Override
    public Integer call() throws IOException {
        Path folder = scratch != null ? Files.createDirectories(scratch) : Files.createTempDirectory("zongzhi-bench-import");
        Path file = folder.resolve("incidents-" + rows + ".csv");
        PrintWriter out = spec.commandLine().getOut();
        Instant now = Instant.parse("2026-11-23T01:00:00Z");
        out.printf("%,d rows, %,d bytes, in %s; heap max %d MB%n%n", rows, writeFile(file, now), file,
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
        out.printf("load average before: %.2f%n%n", loadAverage());
        out.println("| run | rows written | seconds | rows/s | CPU s (all threads) |");
        out.println("|---|---|---|---|---|");
        try (Database database = district(folder.resolve("app-console"), now)) {
            report(out, "import incidents, indexes kept (a file smaller than the table)", importWith(database, file, false));
        }
        try (Database database = district(folder.resolve("app-bulk"), now)) {
            report(out, "import incidents, indexes built at the end (a file at least as large as the table)", importWith(database, file, true));
        }
        try (Database database = district(folder.resolve("jdbc"), now)) {
            report(out, "bare JDBC batches: incident + reporter + report event, no checks", bareJdbc(database, file, now));
        }
        try (Database database = district(folder.resolve("csvread"), now)) {
            report(out, "H2 CSVREAD into the incident table alone", csvRead(database, file));
        }
        try (Database database = district(folder.resolve("keys-only"), now)) {
            long[] floor = withPrimaryKeysOnly(database, () -> bareJdbc(database, file, now));
            report(out, "the least H2 can do: the bare JDBC batches into tables holding only their primary keys, every"
                    + " other index and constraint built afterwards", floor);
            out.printf("|  … of which loading the rows | | %.2f | | |%n|  … of which building %d indexes and constraints | | %.2f | | |%n",
                    floor[3] / 1e9, floor[4], (floor[1] - floor[3]) / 1e9);
        }
        out.printf("%nload average after: %.2f%n", loadAverage());
        out.flush();
        return 0;
    }

    private static Database district(Path folder, Instant now) {
        Database database = Database.open(folder.resolve("db"));
        new DemoDistrictGenerator(database.dsl()).generate(DemoOptions.defaults(now).withIncidents(0).withDisputes(0), Progress.NONE);
        return database;
    }

    /**
     * CPU time of the whole process (writer, H2's background threads, GC, JIT): on a shared machine the seconds depend
     * on the load, while the CPU time says what the run itself cost.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void report(PrintWriter out, String run, long[] result) {
        double seconds = result[1] / 1e9;
        out.printf("| %s | %,d | %.2f | %,.0f | %.2f |%n", run, result[0], seconds, result[0] / seconds, result[2] / 1e9);
        out.flush();
    }

    private static long[] importWith(Database database, Path file, boolean deferIndexes) {
        GridLocator locator = GridLocators.fromDatabase(database.dsl());
        IncidentImportService service = new IncidentImportService(database.dsl(), (lon, lat) -> locator.locate(lon, lat)
                .map(grid -> new IncidentService.Location(grid.areaCode(), grid.id()))
                .orElse(IncidentService.Location.UNKNOWN), "BENCH", "BENCH");
        long cpu = processCpuNanos();
        long started = System.nanoTime();
        IncidentImportSummary summary = deferIndexes
                ? service.importFileInBulk(file, ImportMapping.none(), Progress.NONE)
                : service.importFile(file, ImportMapping.none(), Progress.NONE);
        long elapsed = System.nanoTime() - started;
        cpu = processCpuNanos() - cpu;
        if (!summary.rejects().isEmpty()) {
            throw new IllegalStateException(summary.rejects().size() + " synthetic rows rejected, first: " + summary.rejects().get(0));
        }
        return new long[] {summary.imported(), elapsed, cpu};
    }

    private static long[] bareJdbc(Database database, Path file, Instant now) {
        return database.dsl().connectionResult(connection -> {
            connection.setAutoCommit(false);
            long cpu = processCpuNanos();
            long started = System.nanoTime();
            long written = 0;
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                 PreparedStatement incident = connection.prepareStatement("insert into incident (id, case_no, external_id,"
                         + " channel, category_code, title, description, address, longitude, latitude, reported_at, reporter_name,"
                         + " reporter_phone, status, due_at, closed_at, origin_office, hlc) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'BENCH', ?)");
                 PreparedStatement reporter = connection.prepareStatement("insert into incident_reporter (id, incident_id,"
                         + " channel, reporter_name, reporter_phone, reported_at, origin_office, hlc) values (?, ?, ?, ?, ?, ?, 'BENCH', ?)");
                 PreparedStatement event = connection.prepareStatement("insert into incident_event (id, incident_id, action,"
                         + " to_status, occurred_at, origin_office, hlc) values (?, ?, 'REPORT', 'REPORTED', ?, 'BENCH', ?)")) {
                for (CSVRecord record : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
                    UUID id = UUID.randomUUID();
                    var reported = LocalDateTime.parse(record.get("reported_at"), CSV_TIME).atOffset(ZoneOffset.ofHours(8));
                    long hlc = reported.toInstant().toEpochMilli() << 16;
                    incident.setObject(1, id);
                    incident.setString(2, "JDBC-" + record.get("external_id"));
                    incident.setString(3, record.get("external_id"));
                    incident.setString(4, record.get("channel"));
                    incident.setString(5, record.get("category_code"));
                    incident.setString(6, record.get("title"));
                    incident.setString(7, record.get("description"));
                    incident.setString(8, record.get("address"));
                    incident.setDouble(9, Double.parseDouble(record.get("longitude")));
                    incident.setDouble(10, Double.parseDouble(record.get("latitude")));
                    incident.setObject(11, reported);
                    incident.setString(12, record.get("reporter_name"));
                    incident.setString(13, record.get("reporter_phone"));
                    incident.setString(14, record.get("status"));
                    incident.setObject(15, record.get("due_at").isEmpty() ? null
                            : LocalDateTime.parse(record.get("due_at"), CSV_TIME).atOffset(ZoneOffset.ofHours(8)));
                    incident.setObject(16, record.get("closed_at").isEmpty() ? null
                            : LocalDateTime.parse(record.get("closed_at"), CSV_TIME).atOffset(ZoneOffset.ofHours(8)));
                    incident.setLong(17, hlc);
                    incident.addBatch();
                    reporter.setObject(1, id);
                    reporter.setObject(2, id);
                    reporter.setString(3, record.get("channel"));
                    reporter.setString(4, record.get("reporter_name"));
                    reporter.setString(5, record.get("reporter_phone"));
                    reporter.setObject(6, reported);
                    reporter.setLong(7, hlc);
                    reporter.addBatch();
                    event.setObject(1, UUID.randomUUID());
                    event.setObject(2, id);
                    event.setObject(3, reported);
                    event.setLong(4, hlc);
                    event.addBatch();
                    if (++written % 1000 == 0) {
                        incident.executeBatch();
                        reporter.executeBatch();
                        event.executeBatch();
                        connection.commit();
                    }
                }
                incident.executeBatch();
                reporter.executeBatch();
                event.executeBatch();
                connection.commit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new long[] {written, System.nanoTime() - started, processCpuNanos() - cpu};
        });
    }

    /**
     * Runs the load with the three tables it writes stripped to their primary keys (every other index, unique and
     * foreign key dropped), then builds them all again from their catalogue definitions: the cost of the rows alone
     * plus one pass per index, which no way of writing these rows into H2 with this schema can undercut. Returns the
     * load's rows, the whole time, the CPU time, the load's own time and how many indexes and constraints were built.
     */
    private static long[] withPrimaryKeysOnly(Database database, java.util.function.Supplier<long[]> load) {
        String tables = "('INCIDENT', 'INCIDENT_REPORTER', 'INCIDENT_EVENT')";
        List<String> rebuild = new java.util.ArrayList<>();
        database.dsl().connection(connection -> {
            try (Statement statement = connection.createStatement()) {
                // Foreign keys first (they hold indexes), then uniques, then the plain indexes; built again the other
                // way round, so that a foreign key finds its index already there as the migrations left it.
                List<String[]> foreignKeys = rows(statement, "select rc.constraint_name, k.table_name,"
                        + " listagg(k.column_name, ', ') within group (order by k.ordinal_position),"
                        + " (select max(u.table_name) from information_schema.key_column_usage u where u.constraint_name = rc.unique_constraint_name),"
                        + " (select listagg(u.column_name, ', ') within group (order by u.ordinal_position) from information_schema.key_column_usage u"
                        + " where u.constraint_name = rc.unique_constraint_name), rc.delete_rule"
                        + " from information_schema.referential_constraints rc join information_schema.key_column_usage k on k.constraint_name = rc.constraint_name"
                        + " where k.table_name in " + tables + " group by rc.constraint_name, k.table_name, rc.unique_constraint_name, rc.delete_rule", 6);
                for (String[] key : foreignKeys) {
                    statement.execute("alter table " + key[1] + " drop constraint " + key[0]);
                    rebuild.add("alter table " + key[1] + " add constraint " + key[0] + " foreign key (" + key[2] + ") references "
                            + key[3] + " (" + key[4] + ")" + ("CASCADE".equals(key[5]) ? " on delete cascade" : ""));
                }
                List<String[]> uniques = rows(statement, "select tc.constraint_name, tc.table_name,"
                        + " listagg(k.column_name, ', ') within group (order by k.ordinal_position) from information_schema.table_constraints tc"
                        + " join information_schema.key_column_usage k on k.constraint_name = tc.constraint_name"
                        + " where tc.constraint_type = 'UNIQUE' and tc.table_name in " + tables + " group by tc.constraint_name, tc.table_name", 3);
                for (String[] unique : uniques) {
                    statement.execute("alter table " + unique[1] + " drop constraint " + unique[0]);
                    rebuild.add(0, "alter table " + unique[1] + " add constraint " + unique[0] + " unique (" + unique[2] + ")");
                }
                List<String[]> indexes = rows(statement, "select i.index_name, i.table_name, i.index_type_name,"
                        + " listagg(k.column_name, ', ') within group (order by k.ordinal_position) from information_schema.indexes i"
                        + " join information_schema.index_columns k on k.index_name = i.index_name and k.table_name = i.table_name"
                        + " where i.table_schema = current_schema and i.table_name in " + tables + " and i.index_type_name <> 'PRIMARY KEY'"
                        + " group by i.index_name, i.table_name, i.index_type_name", 4);
                for (String[] index : indexes) {
                    statement.execute("drop index " + index[0]);
                    rebuild.add(0, "create " + (index[2].startsWith("UNIQUE") ? "unique " : "") + "index " + index[0] + " on "
                            + index[1] + " (" + index[3] + ")");
                }
            }
        });
        long cpu = processCpuNanos();
        long started = System.nanoTime();
        long[] loaded = load.get();
        database.dsl().connection(connection -> {
            try (Statement statement = connection.createStatement()) {
                for (String ddl : rebuild) {
                    statement.execute(ddl);
                }
            }
        });
        return new long[] {loaded[0], System.nanoTime() - started, processCpuNanos() - cpu, loaded[1], rebuild.size()};
    }

    private static List<String[]> rows(Statement statement, String sql, int columns) throws java.sql.SQLException {
        List<String[]> rows = new java.util.ArrayList<>();
        try (var result = statement.executeQuery(sql)) {
            while (result.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = result.getString(i + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static long[] csvRead(Database database, Path file) {
        String path = file.toAbsolutePath().toString().replace("'", "''");
        String time = "parsedatetime(%s, 'yyyy-MM-dd HH:mm:ss', 'en', 'GMT+8')";
        String sql = "insert into incident (id, case_no, external_id, channel, category_code, title, description, address,"
                + " longitude, latitude, reported_at, reporter_name, reporter_phone, status, due_at, closed_at, origin_office, hlc)"
                + " select random_uuid(), 'CSV-' || external_id, external_id, channel, category_code, title, description, address,"
                + " cast(longitude as double precision), cast(latitude as double precision), " + time.formatted("reported_at") + ","
                + " reporter_name, reporter_phone, status,"
                + " case when due_at = '' then null else " + time.formatted("due_at") + " end,"
                + " case when closed_at = '' then null else " + time.formatted("closed_at") + " end, 'BENCH', 0"
                + " from csvread('" + path + "', null, 'charset=UTF-8')";
        return database.dsl().connectionResult(connection -> {
            long cpu = processCpuNanos();
            long started = System.nanoTime();
            try (Statement statement = connection.createStatement()) {
                int written = statement.executeUpdate(sql);
                return new long[] {written, System.nanoTime() - started, processCpuNanos() - cpu};
            }
        });
    }

    /** A seeded file of plausible rows inside the demo district; returns its size in bytes. */
    private long writeFile(Path file, Instant now) throws IOException {
        List<String> categories;
        try (Database scratchCatalogue = district(file.getParent().resolve("catalogue"), now)) {
            categories = new CatalogueRepository(scratchCatalogue.dsl()).categoryCodes().stream().sorted().toList();
        }
        String[] channels = {"GRID_APP", "HOTLINE_12345", "NON_POLICE_110", "URBAN_MANAGEMENT", "WALK_IN", "WECHAT"};
        String[] statuses = {"REPORTED", "ACCEPTED", "DISPATCHED", "IN_PROGRESS", "RESOLVED", "CLOSED", "CLOSED", "CLOSED"};
        String[] subjects = {"占道经营", "垃圾堆放", "噪音扰民", "道路破损", "违章搭建", "油烟污染", "井盖缺失", "路灯不亮"};
        SplittableRandom random = new SplittableRandom(20_261_202L);
        LocalDateTime start = LocalDateTime.of(2025, 11, 23, 0, 0);
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new)).get())) {
            for (int i = 0; i < rows; i++) {
                LocalDateTime reported = start.plusSeconds(random.nextLong(365L * 86_400));
                String status = statuses[random.nextInt(statuses.length)];
                String subject = subjects[random.nextInt(subjects.length)];
                printer.printRecord("BENCH-" + i, channels[random.nextInt(channels.length)],
                        categories.get(random.nextInt(categories.size())),
                        subject + "（" + (i % 997) + "号）", "群众反映" + subject + "，已持续多日，请尽快处理。现场位于主干道旁，影响通行。",
                        "白云区某街道" + (1 + random.nextInt(300)) + "号",
                        String.format("%.6f", 113.25 + random.nextDouble() * 0.14),
                        String.format("%.6f", 23.20 + random.nextDouble() * 0.16),
                        CSV_TIME.format(reported), "市民" + (i % 1000), "13" + String.format("%09d", random.nextInt(1_000_000_000)),
                        status, "", status.equals("REPORTED") ? "" : CSV_TIME.format(reported.plusDays(5)),
                        status.equals("CLOSED") ? CSV_TIME.format(reported.plusDays(3)) : "");
            }
        }
        return Files.size(file);
    }
}
