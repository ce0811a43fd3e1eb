package cn.zongzhi.incidents;

import cn.zongzhi.audit.AuditRepository;
import cn.zongzhi.auth.Access;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Permission;
import cn.zongzhi.common.Masking;
import cn.zongzhi.common.Progress;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.jooq.DSLContext;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the incidents of a filter to CSV or XLSX (by the file's ending) with the import's canonical header, one row
 * per incident, streamed so that a million rows never sit in memory. Written to a temporary file first and
 * moved into place, so a cancelled or failed export never leaves half a file under the chosen name.
 */
public final class IncidentExportService {
    /** Exactly the import's canonical header, so an export can be imported elsewhere as it is. */
    static final List<String> HEADER = List.of("external_id", "channel", "category_code", "title", "description",
            "address", "longitude", "latitude", "reported_at", "reporter_name", "reporter_phone", "status", "department",
            "due_at", "closed_at");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int PROGRESS_EVERY = 5_000;

    private final DSLContext dsl;
    private final ZoneId zone;
    private final Clock clock;

    public IncidentExportService(DSLContext dsl, ZoneId zone) {
        this(dsl, zone, Clock.systemUTC());
    }

    public IncidentExportService(DSLContext dsl, ZoneId zone, Clock clock) {
        this.dsl = dsl;
        this.zone = zone;
        this.clock = clock;
    }

    /**
     * An export asked for at the console: only by an account that may move incidents in bulk (INCIDENT_TRANSFER),
     * only of the incidents within the account's area, whatever the filter names; the reporter's name and phone
     * masked for an account that may not see them (a supervisor works from masked records); and written to the
     * audit log with the file's name and the count, never the values. A file of personal data leaves the office
     * here, so the rules of the screen hold for it as they do for a reveal.
     */
    public int export(IncidentFilter filter, Operator operator, Path target, Progress progress) {
        Access.require(operator, Permission.INCIDENT_TRANSFER);
        IncidentFilter scoped = IncidentService.scoped(filter, operator);
        boolean masked = !operator.role().allows(Permission.PERSONAL_DATA_REVEAL);
        int written = write(scoped, target, progress, masked);
        dsl.transaction(configuration -> new AuditRepository(configuration.dsl()).append(new AuditRepository.AuditEntry(
                OffsetDateTime.now(clock), operator.id(), operator.displayName(), "EXPORT", "incident", null,
                written + " incidents to " + target.getFileName() + (masked ? ", reporters masked" : ""))));
        return written;
    }

    /** The command line's export: whoever can run it holds the database file itself, so nothing is masked. */
    public int export(IncidentFilter filter, Path target, Progress progress) {
        return write(filter, target, progress, false);
    }

    /** @param filter null: no incident (a filter outside the account's area), the header alone */
    private int write(IncidentFilter filter, Path target, Progress progress, boolean masked) {
        String name = target.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean xlsx = name.endsWith(".xlsx");
        if (!xlsx && !name.endsWith(".csv")) {
            throw new IncidentImportException("the export file must end in .csv or .xlsx: " + target.getFileName());
        }
        IncidentQueueRepository incidents = new IncidentQueueRepository(dsl);
        int total = filter == null ? 0 : incidents.count(filter);
        Path temporary = null;
        try {
            Path folder = target.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            temporary = Files.createTempFile(folder, ".export-", xlsx ? ".xlsx" : ".csv");
            int written = xlsx ? writeXlsx(incidents, filter, temporary, total, progress, masked)
                    : writeCsv(incidents, filter, temporary, total, progress, masked);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the move already took it, or the folder vanished; nothing to clean up
                }
            }
        }
    }

    private int writeCsv(IncidentQueueRepository incidents, IncidentFilter filter, Path file, int total, Progress progress,
                         boolean masked) throws IOException {
        int[] count = {0};
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            // Excel opens UTF-8 CSV as Chinese text only when the file starts with a byte order mark.
            writer.write('\uFEFF');
            CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new)).get());
            forEach(incidents, filter, row -> {
                try {
                    printer.printRecord(cells(row, masked));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                step(++count[0], total, progress);
            });
            printer.flush();
        }
        return count[0];
    }

    private int writeXlsx(IncidentQueueRepository incidents, IncidentFilter filter, Path file, int total, Progress progress,
                          boolean masked) throws IOException {
        int[] count = {0};
        try (OutputStream out = Files.newOutputStream(file)) {
            Workbook workbook = new Workbook(out, "Zongzhi Console", "1.0");
            Worksheet sheet = workbook.newWorksheet("incidents");
            for (int column = 0; column < HEADER.size(); column++) {
                sheet.value(0, column, HEADER.get(column));
            }
            forEach(incidents, filter, row -> {
                int line = ++count[0];
                List<Object> cells = cells(row, masked);
                for (int column = 0; column < cells.size(); column++) {
                    Object cell = cells.get(column);
                    if (cell instanceof Double number) {
                        sheet.value(line, column, number);
                    } else if (cell != null) {
                        sheet.value(line, column, cell.toString());
                    }
                }
                if (line % 1_000 == 0) {
                    try {
                        sheet.flush();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                step(line, total, progress);
            });
            workbook.finish();
        }
        return count[0];
    }

    private static void forEach(IncidentQueueRepository incidents, IncidentFilter filter,
                                java.util.function.Consumer<IncidentQueueRepository.ExportRow> sink) {
        if (filter != null) {
            incidents.forEachForExport(filter, sink);
        }
    }

    private List<Object> cells(IncidentQueueRepository.ExportRow row, boolean masked) {
        List<Object> cells = new ArrayList<>(HEADER.size());
        // Our own incidents have no external id; their case number is the id another office will know them by.
        cells.add(row.externalId() != null ? row.externalId() : row.caseNo());
        cells.add(row.channel());
        cells.add(row.categoryCode());
        cells.add(row.title());
        cells.add(row.description());
        cells.add(row.address());
        cells.add(row.longitude());
        cells.add(row.latitude());
        cells.add(local(row.reportedAt()));
        cells.add(masked && row.reporterName() != null ? Masking.name(row.reporterName()) : row.reporterName());
        cells.add(masked && row.reporterPhone() != null ? Masking.phone(row.reporterPhone()) : row.reporterPhone());
        cells.add(row.status());
        cells.add(row.department());
        cells.add(local(row.dueAt()));
        cells.add(local(row.closedAt()));
        return cells;
    }

    private String local(Instant instant) {
        return instant == null ? null : LOCAL.format(instant.atZone(zone));
    }

    private static void step(int done, int total, Progress progress) {
        if (done % PROGRESS_EVERY == 0 || done == total) {
            progress.step(done, total, "export");
            progress.checkCancelled();
        }
    }
}
