package cn.zongzhi.reports;

import cn.zongzhi.common.Messages;
import cn.zongzhi.incidents.IncidentFilter;
import cn.zongzhi.mediation.MediationFigures;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** Assembles the monthly report of an area from the figures and their breakdowns; writing it is the writers' job. */
public final class MonthlyReportService {
    static final int GRIDS_SHOWN = 10;

    private final DSLContext dsl;
    private final KpiService kpis;
    private final Messages messages;
    private final Executor sideReads;

    /** Reads everything on the calling thread (the command line, tests). */
    public MonthlyReportService(DSLContext dsl, KpiService kpis, Messages messages) {
        this(dsl, kpis, messages, Runnable::run);
    }

    /**
     * @param sideReads runs the breakdowns' statements while the calling thread counts the figures, each on its own
     *                  connection; the two halves read different rows, so the refresh takes about the longer half
     *                  instead of the sum (docs/decisions/0012). Must not be the pool the caller runs on, or a
     *                  refresh could wait on itself.
     */
    public MonthlyReportService(DSLContext dsl, KpiService kpis, Messages messages, Executor sideReads) {
        this.dsl = dsl;
        this.kpis = kpis;
        this.messages = messages;
        this.sideReads = sideReads;
    }

    /** The figures' engine, for the cases behind a figure. */
    public KpiService kpis() {
        return kpis;
    }

    public MonthlyReport build(YearMonth month, String areaCode, ZoneId zone, Instant now) {
        return overview(new KpiScope(month.atDay(1), month.atEndOfMonth(), areaCode, zone, now));
    }

    /** The same content for any window (the dashboard's today, week, month or chosen days). */
    public MonthlyReport overview(KpiScope scope) {
        YearMonth month = YearMonth.from(scope.from());
        ZoneOffset offset = KpiService.fixedOffset(scope);
        CompletableFuture<Breakdowns> breakdowns = CompletableFuture.supplyAsync(() -> breakdowns(scope, offset), sideReads);
        MediationFigures.Table mediation = kpis.mediationByType(scope);
        // The working-time figure's cases are part of the intake the breakdowns read: folded there, not read twice.
        KpiSet figures = kpis.compute(scope, mediation, () -> joined(breakdowns).handling());
        Breakdowns read = joined(breakdowns);
        return new MonthlyReport(month, figures, read.days(), read.categories(), read.channels(), read.grids(), mediation);
    }

    private static Breakdowns joined(CompletableFuture<Breakdowns> breakdowns) {
        try {
            return breakdowns.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error failure) {
                throw failure;
            }
            throw e;
        }
    }

    private record Breakdowns(List<MonthlyReport.Day> days, List<MonthlyReport.Group> categories,
                              List<MonthlyReport.Group> channels, List<MonthlyReport.GridLoad> grids,
                              KpiRepository.Handling handling) {
    }

    /** Intake and closures per day, categories, channels and the busiest grids: no figure reads them. */
    private Breakdowns breakdowns(KpiScope scope, ZoneOffset offset) {
        MonthlyReportRepository repository = new MonthlyReportRepository(dsl);
        IncidentFilter takenIn = incidents(Kpi.CLOSURE_RATE, scope).outOf();
        IncidentFilter closed = incidents(Kpi.CLOSURE_RATE, scope).counted();
        // The working-time figure's cases folded from these rows, provided they are the rows its own pass would read.
        HandlingTally handling = takenIn.equals(kpis.handlingCohort(scope))
                ? new HandlingTally(offset, kpis.workingPeriods()) : null;
        MonthlyReportRepository.Intake intake = repository.intake(takenIn, closed,
                handling == null ? null : kpis.handledCases(scope), handling, offset);
        Map<LocalDate, Integer> closures = repository.closedPerDay(scope.areaCodePrefix(), scope.start(), scope.end(), offset);
        List<MonthlyReport.Day> days = new ArrayList<>();
        for (LocalDate day = scope.from(); !day.isAfter(scope.to()); day = day.plusDays(1)) {
            days.add(new MonthlyReport.Day(day, intake.days().getOrDefault(day, 0), closures.getOrDefault(day, 0)));
        }
        List<MonthlyReport.Group> categories = intake.categories().stream()
                .map(group -> group.key().isEmpty()
                        ? new MonthlyReport.Group("", messages.text("report.uncategorised"), group.takenIn(), group.closed())
                        : group)
                .toList();
        List<MonthlyReport.Group> channels = intake.channels().stream()
                .map(group -> new MonthlyReport.Group(group.key(), messages.text("incidents.channel." + group.key()),
                        group.takenIn(), group.closed()))
                .toList();
        List<MonthlyReport.GridLoad> grids = repository.busiestGrids(incidents(Kpi.OPEN, scope).counted(),
                incidents(Kpi.OVERDUE, scope).counted(), GRIDS_SHOWN);
        return new Breakdowns(days, categories, channels, grids, handling == null ? null : handling.result());
    }

    private CasesBehind.Incidents incidents(Kpi kpi, KpiScope scope) {
        return (CasesBehind.Incidents) kpis.casesBehind(kpi, scope);
    }
}
