package cn.zongzhi.reports;

import cn.zongzhi.areas.AdminArea;
import cn.zongzhi.areas.AreaRepository;
import cn.zongzhi.calendar.WorkingCalendar;
import cn.zongzhi.calendar.WorkingHours;
import cn.zongzhi.common.Messages;
import cn.zongzhi.incidents.IncidentFilter;
import cn.zongzhi.mediation.MediationFigures;
import org.jooq.DSLContext;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The governance centre's figures for a window and an area subtree, township or city alike: counted in the
 * database, each with its formula, numerator and denominator, and the filter that lists the cases behind it.
 * No JavaFX; the command line, the reports and (later) the dashboard call it.
 */
public final class KpiService {
    private static final int RATE_SCALE = 4;
    private static final int HOURS_SCALE = 2;

    private final DSLContext dsl;
    private final Supplier<WorkingCalendar> calendar;
    private final WorkingHours hours;
    private final Messages messages;

    /** @param calendar the working-day calendar as it stands (it grows when a new year's holidays are imported) */
    public KpiService(DSLContext dsl, Supplier<WorkingCalendar> calendar, WorkingHours hours, Messages messages) {
        this.dsl = dsl;
        this.calendar = calendar;
        this.hours = hours;
        this.messages = messages;
    }

    /** The same figures read through another connection to the database (a recording one, in the bench). */
    public KpiService on(DSLContext other) {
        return new KpiService(other, calendar, hours, messages);
    }

    public KpiSet compute(KpiScope scope) {
        return compute(scope, mediationByType(scope));
    }

    /** The disputes of the scope by type, whose total the dispute figures are; the monthly report shows the rows. */
    MediationFigures.Table mediationByType(KpiScope scope) {
        return new MediationFigures(dsl, scope.zone())
                .figures(MediationFigures.Dimension.TYPE, scope.from(), scope.to(), scope.areaCodePrefix());
    }

    /** The figures with the disputes already grouped by type (the overview needs the table too: read once). */
    KpiSet compute(KpiScope scope, MediationFigures.Table mediation) {
        return compute(scope, mediation, null);
    }

    /**
     * @param handledElsewhere the day groups of the working-time figure when a pass that reads the same rows anyway
     *                         folds them (the overview's intake: {@link #handledCases}); null, or a supplier of
     *                         null, to read them here
     */
    KpiSet compute(KpiScope scope, MediationFigures.Table mediation, Supplier<KpiRepository.Handling> handledElsewhere) {
        List<Kpi> incidentKpis = List.of(Kpi.values()).stream().filter(kpi -> !kpi.aboutDisputes()).toList();
        Map<IncidentFilter, List<IncidentFilter>> byCohort = new LinkedHashMap<>();
        for (Kpi kpi : incidentKpis) {
            CasesBehind.Incidents cases = (CasesBehind.Incidents) casesBehind(kpi, scope);
            List<IncidentFilter> filters = byCohort.computeIfAbsent(KpiDefinitions.cohort(kpi, scope), cohort -> new ArrayList<>());
            filters.add(cases.counted());
            if (cases.outOf() != null) {
                filters.add(cases.outOf());
            }
        }
        KpiRepository repository = new KpiRepository(dsl);
        Map<IncidentFilter, Integer> counts = repository.counts(byCohort);
        List<KpiFigure> figures = new ArrayList<>();
        for (Kpi kpi : incidentKpis) {
            CasesBehind.Incidents cases = (CasesBehind.Incidents) casesBehind(kpi, scope);
            int counted = counts.get(cases.counted());
            Instant asOf = switch (kpi) {
                // Overdue is today's chase list, and a rating is the citizen's latest: both are read now.
                case OVERDUE, SATISFACTION_RATE -> scope.now();
                default -> scope.asOf();
            };
            if (kpi == Kpi.HANDLING_HOURS) {
                figures.add(handlingHours(repository, cases.counted(), counted, scope, handledElsewhere));
            } else if (cases.outOf() == null) {
                figures.add(figure(kpi, scope, asOf, BigDecimal.valueOf(counted), BigDecimal.valueOf(counted), null));
            } else {
                int outOf = counts.get(cases.outOf());
                figures.add(figure(kpi, scope, asOf, rate(counted, outOf), BigDecimal.valueOf(counted), BigDecimal.valueOf(outOf)));
            }
        }
        figures.addAll(disputeFigures(scope, mediation.total()));
        return new KpiSet(scope, areaName(scope), figures);
    }

    /** The queue filters (or dispute selection) that list the cases a figure counts and counts them out of. */
    public CasesBehind casesBehind(Kpi kpi, KpiScope scope) {
        return KpiDefinitions.casesBehind(kpi, scope);
    }

    /** The cohort the working-time figure's cases are read from: whoever folds them must read exactly it. */
    IncidentFilter handlingCohort(KpiScope scope) {
        return KpiDefinitions.cohort(Kpi.HANDLING_HOURS, scope);
    }

    /** The cases whose dispatch-to-resolution working time the average is of, all of {@link #handlingCohort}. */
    IncidentFilter handledCases(KpiScope scope) {
        return ((CasesBehind.Incidents) casesBehind(Kpi.HANDLING_HOURS, scope)).counted();
    }

    /** The working periods of a day the handling time is counted in. */
    List<WorkingHours.Period> workingPeriods() {
        return hours.periods();
    }

    private KpiFigure handlingHours(KpiRepository repository, IncidentFilter population, int cases, KpiScope scope,
                                    Supplier<KpiRepository.Handling> handledElsewhere) {
        ZoneOffset offset = fixedOffset(scope);
        WorkingTime working = new WorkingTime(calendar.get(), hours);
        KpiRepository.Handling days = handledElsewhere == null ? null : handledElsewhere.get();
        if (days == null) {
            days = repository.handlingDays(KpiDefinitions.cohort(Kpi.HANDLING_HOURS, scope), population, offset,
                    working.periods());
        }
        double seconds = working.sumSeconds(days.ends(), days.starts());
        BigDecimal totalHours = BigDecimal.valueOf(seconds / 3600).setScale(HOURS_SCALE, RoundingMode.HALF_UP);
        BigDecimal average = cases == 0 ? null
                : BigDecimal.valueOf(seconds / 3600 / cases).setScale(HOURS_SCALE, RoundingMode.HALF_UP);
        return figure(Kpi.HANDLING_HOURS, scope, scope.asOf(), average, totalHours, BigDecimal.valueOf(cases));
    }

    /**
     * The office's offset, which the database's day arithmetic assumes for every moment it groups. Zones that
     * still move their clocks (not Asia/Shanghai since 1991) are refused rather than counted wrong.
     */
    static ZoneOffset fixedOffset(KpiScope scope) {
        var rules = scope.zone().getRules();
        ZoneOffsetTransition last = rules.previousTransition(scope.end());
        ZoneOffsetTransition next = rules.nextTransition(scope.end());
        // Cases closed in the window were dispatched at most a few years before it.
        Instant earliest = scope.start().minus(java.time.Duration.ofDays(5 * 366));
        if (last != null && last.getInstant().isAfter(earliest) || next != null && next.getInstant().isBefore(scope.now())) {
            throw new IllegalStateException("the zone " + scope.zone() + " changes its offset around the window; "
                    + "working time is counted on a fixed offset");
        }
        return rules.getOffset(scope.end());
    }

    private List<KpiFigure> disputeFigures(KpiScope scope, MediationFigures.Row total) {
        Instant asOf = scope.asOf();
        return List.of(
                figure(Kpi.DISPUTES_ACCEPTED, scope, asOf, BigDecimal.valueOf(total.accepted()),
                        BigDecimal.valueOf(total.accepted()), null),
                figure(Kpi.MEDIATION_SUCCESS_RATE, scope, asOf,
                        total.successRate() == null ? null : total.successRate().setScale(RATE_SCALE, RoundingMode.HALF_UP),
                        BigDecimal.valueOf(total.agreements()), BigDecimal.valueOf(total.concluded())),
                figure(Kpi.AGREED_AMOUNT, scope, asOf, total.agreedAmount().setScale(2, RoundingMode.HALF_UP),
                        total.agreedAmount().setScale(2, RoundingMode.HALF_UP), null),
                figure(Kpi.REFERRED_TO_COURT, scope, asOf, BigDecimal.valueOf(total.referred()),
                        BigDecimal.valueOf(total.referred()), null));
    }

    private KpiFigure figure(Kpi kpi, KpiScope scope, Instant asOf, BigDecimal value, BigDecimal numerator,
                             BigDecimal denominator) {
        return new KpiFigure(kpi, kpi.label(messages), kpi.formula(messages), value, numerator, denominator,
                scope.from(), scope.to(), asOf);
    }

    private static BigDecimal rate(int numerator, int denominator) {
        return denominator == 0 ? null
                : BigDecimal.valueOf(numerator).divide(BigDecimal.valueOf(denominator), RATE_SCALE, RoundingMode.HALF_UP);
    }

    private String areaName(KpiScope scope) {
        if (scope.areaCodePrefix() == null) {
            return null;
        }
        return new AreaRepository(dsl).find(AdminArea.padded(scope.areaCodePrefix())).map(AdminArea::name).orElse(null);
    }
}
