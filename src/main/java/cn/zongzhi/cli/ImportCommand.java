package cn.zongzhi.cli;

import cn.zongzhi.areas.AreaImportException;
import cn.zongzhi.areas.AreaImportService;
import cn.zongzhi.areas.AreaImportSummary;
import cn.zongzhi.calendar.CalendarService;
import cn.zongzhi.calendar.HolidayFileException;
import cn.zongzhi.common.Progress;
import cn.zongzhi.common.RejectsFile;
import cn.zongzhi.db.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

@Command(name = "import", description = "Import reference data into the database.",
        subcommands = {ImportCommand.Areas.class, ImportCommand.Grids.class, ImportCommand.Holidays.class,
                ImportCommand.Incidents.class})
final class ImportCommand {
    @ParentCommand
    Main main;

    @Command(name = "areas", description = {
            "Import administrative divisions: china-division CSVs (provinces, cities, areas, streets, villages;",
            ".csv or .csv.gz) or a canonical code,name,parent_code,level CSV. Import parents before children.",
            "Rejected rows are listed with line and reason in FILE.rejects.csv."})
    static final class Areas implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        ImportCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw new UserError("no such file: " + file);
            }
            AreaImportSummary summary;
            try (Database database = Database.open(DatabaseOption.resolve(parent.main))) {
                summary = new AreaImportService(database.dsl()).importFile(file, Progress.NONE);
            } catch (AreaImportException e) {
                throw new UserError(file.getFileName() + ": " + e.getMessage());
            }
            Path rejectsFile = summary.rejects().isEmpty() ? null : RejectsFile.write(file, List.of("line", "code", "reason"),
                    summary.rejects().stream().map(reject -> List.<Object>of(reject.line(), reject.code(), reject.reason())).toList());
            var out = spec.commandLine().getOut();
            out.printf("areas: %d read, %d imported, %d updated, %d rejected%s%n", summary.read(), summary.inserted(),
                    summary.updated(), summary.rejects().size(),
                    summary.rejects().isEmpty() ? "" : " (see " + rejectsFile + ")");
            out.flush();
            return 0;
        }
    }

    @Command(name = "incidents", description = {
            "Import incidents from a CSV export: the canonical header (external_id, channel, category_code, title,",
            "description, address, longitude, latitude, reported_at, reporter_name, reporter_phone, status,",
            "department, due_at, closed_at) or its Chinese equivalent, or any columns through --mapping.",
            "Rejected rows are listed with line and reason in FILE.rejects.csv; a second import adds nothing."})
    static final class Incidents implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        ImportCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE")
        Path file;

        @CommandLine.Option(names = "--mapping", paramLabel = "FILE", description = "JSON mapping of another system's columns and words")
        Path mapping;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw new UserError("no such file: " + file);
            }
            if (mapping != null && !Files.isRegularFile(mapping)) {
                throw new UserError("no such mapping file: " + mapping);
            }
            long started = System.nanoTime();
            try (Database database = Database.open(DatabaseOption.resolve(parent.main))) {
                var installation = new cn.zongzhi.office.InstallationService(database.dsl(),
                        cn.zongzhi.common.AppConfig.load(cn.zongzhi.common.AppPaths.dataFolder()), java.time.Clock.systemDefaultZone())
                        .ensureInstallation();
                var locator = cn.zongzhi.gridmap.GridLocators.fromDatabase(database.dsl());
                var service = new cn.zongzhi.incidents.IncidentImportService(database.dsl(), (lon, lat) -> locator.locate(lon, lat)
                        .map(grid -> new cn.zongzhi.incidents.IncidentService.Location(grid.areaCode(), grid.id()))
                        .orElse(cn.zongzhi.incidents.IncidentService.Location.UNKNOWN),
                        installation.officeCode(), installation.casePrefixOr(
                                cn.zongzhi.common.AppConfig.load(cn.zongzhi.common.AppPaths.dataFolder()).get("office.casePrefix")));
                var rules = mapping == null ? cn.zongzhi.incidents.ImportMapping.none() : cn.zongzhi.incidents.ImportMapping.read(mapping);
                var summary = service.importFileChoosingWay(file, rules, Progress.NONE);
                Path rejectsFile = summary.rejects().isEmpty() ? null
                        : cn.zongzhi.incidents.IncidentImportService.writeRejects(file, summary.rejects());
                double seconds = (System.nanoTime() - started) / 1e9;
                var out = spec.commandLine().getOut();
                out.printf("incidents: %d read, %d imported, %d already present, %d rejected%s in %.1f s%n", summary.read(),
                        summary.imported(), summary.alreadyPresent(), summary.rejects().size(),
                        summary.rejects().isEmpty() ? "" : " (see " + rejectsFile + ")", seconds);
                if (summary.imported() > 0) {
                    out.println(Compaction.describe(database.closeCompacted()));
                }
                out.flush();
                return 0;
            } catch (cn.zongzhi.incidents.IncidentImportException e) {
                throw new UserError(file.getFileName() + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "holidays", description = {
            "Import a new year's holiday file in the holiday-cn JSON format (released each autumn)."})
    static final class Holidays implements java.util.concurrent.Callable<Integer> {
        @ParentCommand
        ImportCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw new UserError("no such file: " + file);
            }
            try (Database database = Database.open(DatabaseOption.resolve(parent.main))) {
                CalendarService calendar = new CalendarService(database.dsl());
                calendar.seedBundledIfEmpty();
                CalendarService.ImportSummary summary = calendar.importYearFile(file);
                spec.commandLine().getOut().printf("holidays: year %d, %d days imported%n", summary.year(), summary.days());
                spec.commandLine().getOut().flush();
                return 0;
            } catch (HolidayFileException e) {
                throw new UserError(e.getMessage());
            }
        }
    }

    @Command(name = "grids", description = {
            "Import area or grid outlines from a GeoJSON FeatureCollection (Polygon, MultiPolygon).",
            "Broken geometry, missing codes or names: rejected, listed in FILE.rejects.csv; the rest is kept.",
            "Overlaps and gaps between the features are reported. A code imported again is updated."})
    static final class Grids implements java.util.concurrent.Callable<Integer> {
        private static final int WARNINGS_SHOWN = 30;

        @ParentCommand
        ImportCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE.geojson")
        Path file;

        @CommandLine.Option(names = "--crs", paramLabel = "wgs84|gcj02", defaultValue = "wgs84",
                description = "coordinate system of the file (default wgs84; Chinese web maps export gcj02)")
        String crs;

        @CommandLine.Option(names = "--code-prop", paramLabel = "P", defaultValue = "code",
                description = "property holding the code (default code; adcode is tried when absent)")
        String codeProperty;

        @CommandLine.Option(names = "--name-prop", paramLabel = "P", defaultValue = "name",
                description = "property holding the name (default name)")
        String nameProperty;

        @CommandLine.Option(names = "--parent-prop", paramLabel = "P",
                description = "property holding the parent's code: an area for areas and grids, a grid for micro grids")
        String parentProperty;

        @CommandLine.Option(names = "--level", paramLabel = "district|town|community|grid|microgrid", defaultValue = "grid",
                description = "what the features are (default grid)")
        String level;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw new UserError("no such file: " + file);
            }
            cn.zongzhi.gridmap.CoordinateSystem system = cn.zongzhi.gridmap.CoordinateSystem.parse(crs);
            if (system == null) {
                throw new UserError("--crs must be wgs84 or gcj02, not " + crs);
            }
            cn.zongzhi.gridmap.FeatureKind kind = java.util.Arrays.stream(cn.zongzhi.gridmap.FeatureKind.values())
                    .filter(candidate -> candidate.word().equalsIgnoreCase(level.trim())).findFirst()
                    .orElseThrow(() -> new UserError("--level must be district, town, community, grid or microgrid, not " + level));
            cn.zongzhi.gridmap.GridImportService.Summary summary;
            try (Database database = Database.open(DatabaseOption.resolve(parent.main))) {
                summary = new cn.zongzhi.gridmap.GridImportService(new cn.zongzhi.gridmap.GridImportRepository(database.dsl()))
                        .importFile(file, new cn.zongzhi.gridmap.GridImportService.Options(kind, system, codeProperty,
                                nameProperty, parentProperty), Progress.NONE);
            } catch (cn.zongzhi.gridmap.GridImportException e) {
                throw new UserError(e.getMessage());
            }
            Path rejectsFile = summary.rejects().isEmpty() ? null : RejectsFile.write(file,
                    List.of("feature", "code", "problem", "detail"), summary.rejects().stream()
                            .map(reject -> List.<Object>of(reject.feature(), reject.code(), reject.problem(), reject.detail()))
                            .toList());
            var out = spec.commandLine().getOut();
            out.printf("%s: %d read, %d imported, %d updated, %d rejected, %d warnings%s%n", kind.word(), summary.read(),
                    summary.inserted(), summary.updated(), summary.rejects().size(), summary.warnings().size(),
                    rejectsFile == null ? "" : " (see " + rejectsFile + ")");
            summary.rejects().stream().limit(WARNINGS_SHOWN).forEach(reject -> out.printf("rejected\tfeature %d\t%s\t%s\t%s%n",
                    reject.feature(), reject.code(), reject.problem(), reject.detail()));
            summary.warnings().stream().limit(WARNINGS_SHOWN).forEach(warning -> out.printf("warning\t%s\t%s\t%s%n",
                    warning.code(), warning.problem(), warning.detail()));
            if (summary.warnings().size() > WARNINGS_SHOWN) {
                out.printf("… %d more warnings%n", summary.warnings().size() - WARNINGS_SHOWN);
            }
            out.flush();
            return 0;
        }
    }
}
