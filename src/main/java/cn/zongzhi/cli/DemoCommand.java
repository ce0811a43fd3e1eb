package cn.zongzhi.cli;

import cn.zongzhi.common.Progress;
import cn.zongzhi.db.Database;
import cn.zongzhi.demo.DemoDistrictGenerator;
import cn.zongzhi.demo.DemoException;
import cn.zongzhi.demo.DemoOptions;
import cn.zongzhi.demo.DemoSummary;
import cn.zongzhi.office.InstallationService;
import cn.zongzhi.common.AppConfig;
import cn.zongzhi.common.AppPaths;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "demo", description = {
        "Fill an empty database with the demo district: Baiyun, Guangzhou (real division codes;",
        "grids, people, incidents and disputes are synthetic and marked as demo data)."})
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--incidents", paramLabel = "N", defaultValue = "20000", description = "incidents over the past year (default ${DEFAULT-VALUE}; up to 5,000,000)")
    int incidents;

    @Option(names = "--disputes", paramLabel = "M", defaultValue = "500", description = "disputes over the past year (default ${DEFAULT-VALUE})")
    int disputes;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "20261123", description = "random seed; the same seed gives the same data (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--now", paramLabel = "INSTANT", description = "the moment the demo year ends, e.g. 2026-11-23T09:00:00Z (default: now)")
    Instant now;

    @Override
    public Integer call() {
        DemoOptions options;
        try {
            options = new DemoOptions(seed, incidents, disputes, now != null ? now : Instant.now(), "440111-DEMO");
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        try (Database database = Database.open(DatabaseOption.resolve(main))) {
            var installation = new InstallationService(database.dsl(), AppConfig.load(AppPaths.dataFolder()), Clock.systemDefaultZone())
                    .ensureInstallation();
            options = options.withOfficeCode(installation.officeCode());
            DemoSummary summary = new DemoDistrictGenerator(database.dsl()).generate(options, new Progress() {
                private long lastPrinted;

                @Override
                public void step(long done, long total, String message) {
                    long now = System.currentTimeMillis();
                    if (now - lastPrinted > 2_000 || done == total) {
                        err.printf("%s %d/%d%n", message, done, total);
                        err.flush();
                        lastPrinted = now;
                    }
                }

                @Override
                public boolean cancelled() {
                    return false;
                }
            });
            var out = spec.commandLine().getOut();
            out.printf("demo district: %d areas, %d comprehensive grids, %d micro grids, %d grid staff, %d departments, "
                            + "%d categories, %d mediators, %d rooms, %d incidents, %d disputes in %.1f s%n",
                    summary.areas(), summary.comprehensiveGrids(), summary.microGrids(), summary.gridStaff(),
                    summary.departments(), summary.categories(), summary.mediators(), summary.rooms(), summary.incidents(),
                    summary.disputes(), summary.millis() / 1000.0);
            out.println(Compaction.describe(database.closeCompacted()));
            out.flush();
            return 0;
        } catch (DemoException e) {
            throw new UserError(e.getMessage());
        }
    }
}
