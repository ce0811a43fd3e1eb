package cn.zongzhi.cli;

import cn.zongzhi.common.AppConfig;
import cn.zongzhi.common.AppPaths;
import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.incidents.IncidentExportService;
import cn.zongzhi.incidents.IncidentFilter;
import cn.zongzhi.incidents.IncidentImportException;
import cn.zongzhi.incidents.IncidentStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "export", description = "Export data from the database.", subcommands = {ExportCommand.Incidents.class, ExportCommand.CalendarExport.class, ExportCommand.DocumentExport.class})
final class ExportCommand {
    @ParentCommand
    Main main;

    @Command(name = "incidents", description = {
            "Export incidents to CSV or XLSX (by the file's ending) with the canonical import header, one row per incident."})
    static final class Incidents implements Callable<Integer> {
        @ParentCommand
        ExportCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "FILE.csv or FILE.xlsx")
        Path out;

        @Option(names = "--status", split = ",", paramLabel = "S", description = "only these statuses, e.g. CLOSED or REPORTED,ACCEPTED")
        List<String> statuses;

        @Option(names = "--area", paramLabel = "CODE", description = "only this area and what lies in it, e.g. 440111 or 440111004")
        String area;

        @Option(names = "--from", paramLabel = "DATE", description = "reported on or after this day (yyyy-MM-dd)")
        LocalDate from;

        @Option(names = "--to", paramLabel = "DATE", description = "reported on or before this day (yyyy-MM-dd)")
        LocalDate to;

        @Override
        public Integer call() {
            IncidentFilter filter = IncidentFilter.any();
            if (statuses != null && !statuses.isEmpty()) {
                Set<IncidentStatus> wanted = EnumSet.noneOf(IncidentStatus.class);
                for (String status : statuses) {
                    try {
                        wanted.add(IncidentStatus.valueOf(status.trim().toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw new UserError("--status " + status + " is not one of " + List.of(IncidentStatus.values()));
                    }
                }
                filter = filter.withStatuses(wanted);
            }
            if (area != null) {
                if (!area.matches("\\d{2,12}")) {
                    throw new UserError("--area " + area + " is not a statistical area code (2 to 12 digits)");
                }
                filter = filter.withAreaCodePrefix(area.replaceAll("(000)+$", ""));
            }
            if (from != null && to != null && to.isBefore(from)) {
                throw new UserError("--to " + to + " is before --from " + from);
            }
            AppConfig config = AppConfig.load(AppPaths.dataFolder());
            ZoneId zone = config.zone();
            filter = filter.withReported(from == null ? null : from.atStartOfDay(zone).toInstant(),
                    to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant());
            try (Database database = Database.open(DatabaseOption.resolve(parent.main))) {
                int written = new IncidentExportService(database.dsl(), zone).export(filter, out, Progress.NONE);
                spec.commandLine().getOut().printf("exported %d incidents to %s%n", written, out);
                spec.commandLine().getOut().flush();
                return 0;
            } catch (IncidentImportException e) {
                throw new UserError(e.getMessage());
            }
        }
    }

    @Command(name = "calendar", description = {
            "Export mediation sessions as iCalendar (RFC 5545) for other calendar programs: one mediator's, one room's,",
            "or all; times with their time zone. Default range: from 30 days ago to 90 days ahead."})
    static final class CalendarExport implements Callable<Integer> {
        @ParentCommand
        ExportCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "FILE.ics")
        java.nio.file.Path out;

        @Option(names = "--mediator", paramLabel = "CODE", description = "only this mediator's sessions")
        String mediator;

        @Option(names = "--room", paramLabel = "CODE", description = "only this room's sessions")
        String room;

        @Option(names = "--from", paramLabel = "DATE", description = "first day, e.g. 2026-11-01")
        java.time.LocalDate from;

        @Option(names = "--to", paramLabel = "DATE", description = "last day, included")
        java.time.LocalDate to;

        @Override
        public Integer call() {
            if (mediator != null && room != null) {
                throw new UserError("give --mediator or --room, not both");
            }
            java.time.ZoneId zone = cn.zongzhi.common.AppConfig.defaults().zone();
            java.time.LocalDate today = java.time.LocalDate.now(zone);
            java.time.LocalDate first = from != null ? from : today.minusDays(30);
            java.time.LocalDate last = to != null ? to : today.plusDays(90);
            if (last.isBefore(first)) {
                throw new UserError("--to " + last + " is before --from " + first);
            }
            java.nio.file.Path folder = out.toAbsolutePath().getParent();
            if (folder == null || !java.nio.file.Files.isDirectory(folder)) {
                throw new UserError("no such folder for " + out);
            }
            int written;
            String name;
            try (Database database = Database.open(DatabaseOption.resolve(parent.main))) {
                cn.zongzhi.mediation.SessionRepository sessions = new cn.zongzhi.mediation.SessionRepository(database.dsl());
                if (mediator != null && sessions.mediators().stream().noneMatch(m -> m.code().equals(mediator))) {
                    throw new UserError("no mediator with code " + mediator);
                }
                if (room != null && sessions.rooms().stream().noneMatch(r -> r.code().equals(room))) {
                    throw new UserError("no mediation room with code " + room);
                }
                name = mediator != null ? sessions.mediators().stream().filter(m -> m.code().equals(mediator)).findFirst()
                        .orElseThrow().name() + " 调解日程" : room != null ? sessions.rooms().stream()
                        .filter(r -> r.code().equals(room)).findFirst().orElseThrow().name() + " 使用安排" : "调解日程";
                var found = sessions.forResource(mediator, room, first.atStartOfDay(zone).toInstant(),
                        last.plusDays(1).atStartOfDay(zone).toInstant());
                written = new cn.zongzhi.mediation.SessionCalendarExport(zone).write(found, name, out);
            }
            var output = spec.commandLine().getOut();
            output.printf("calendar: %d sessions from %s to %s written to %s%n", written, first, last, out);
            output.flush();
            return 0;
        }
    }

    @Command(name = "document", description = {
            "Print a mediation document of one case as PDF with the Chinese font embedded: acceptance (受理登记表),",
            "notice (权利义务告知书), agreement (调解协议书; only for a case closed with an agreement), follow-up (回访记录)."})
    static final class DocumentExport implements Callable<Integer> {
        @ParentCommand
        ExportCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--case", required = true, paramLabel = "CASE_NO")
        String caseNo;

        @Option(names = "--kind", required = true, paramLabel = "acceptance|notice|agreement|follow-up")
        String kind;

        @Option(names = "--out", required = true, paramLabel = "FILE.pdf")
        java.nio.file.Path out;

        @Override
        public Integer call() {
            cn.zongzhi.mediation.MediationDocuments.Kind document = cn.zongzhi.mediation.MediationDocuments.Kind.parse(kind);
            if (document == null) {
                throw new UserError("--kind must be acceptance, notice, agreement or follow-up, not " + kind);
            }
            java.nio.file.Path folder = out.toAbsolutePath().getParent();
            if (folder == null || !java.nio.file.Files.isDirectory(folder)) {
                throw new UserError("no such folder for " + out);
            }
            cn.zongzhi.common.AppConfig config = cn.zongzhi.common.AppConfig.defaults();
            try (Database database = Database.open(DatabaseOption.resolve(parent.main))) {
                var file = new cn.zongzhi.mediation.DisputeRepository(database.dsl()).caseFile(caseNo);
                if (file == null) {
                    throw new UserError("no dispute with case number " + caseNo);
                }
                new cn.zongzhi.mediation.MediationDocuments(config.get("office.name"), config.zone())
                        .write(document, file, java.time.LocalDate.now(config.zone()), out);
            } catch (cn.zongzhi.mediation.DisputeRefused refused) {
                throw new UserError(caseNo + " did not end in an agreement; there is no agreement to print");
            }
            var output = spec.commandLine().getOut();
            output.printf("%s of %s written to %s%n", document.title(), caseNo, out);
            output.flush();
            return 0;
        }
    }
}
