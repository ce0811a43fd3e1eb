package cn.zongzhi.reports;

import cn.zongzhi.incidents.IncidentFilter;
import cn.zongzhi.incidents.LoopCriteria;
import cn.zongzhi.incidents.Satisfaction;

import java.util.EnumSet;
import java.util.List;

/**
 * Which incidents each figure counts, as queue filters: the figures are counted with exactly these filters, so
 * the queue lists the same cases. The definitions and why they were chosen: docs/decisions/0009-kpi-definitions.md.
 */
final class KpiDefinitions {
    /** Supervision levels (IncidentState.escalationLevel): 1 the community, 2 the street, 3 the district. */
    static final int COMMUNITY = 1;
    static final int STREET = 2;
    static final int DISTRICT = 3;

    private KpiDefinitions() {
    }

    /**
     * The cohort a figure's filters keep within (both what it counts and what it counts out of): the open now, the
     * overdue now, and for every other figure the incidents taken in during the window. The figures are counted
     * one cohort at a time over the cohort's rows alone.
     */
    static IncidentFilter cohort(Kpi kpi, KpiScope scope) {
        return switch (kpi) {
            case OPEN, OVERDUE -> ((CasesBehind.Incidents) casesBehind(kpi, scope)).counted();
            default -> ((CasesBehind.Incidents) casesBehind(Kpi.ACCEPTED, scope)).counted();
        };
    }

    static CasesBehind casesBehind(Kpi kpi, KpiScope scope) {
        if (kpi.aboutDisputes()) {
            return disputes(kpi, scope);
        }
        IncidentFilter takenIn = inArea(scope, LoopCriteria.any().takenIn(scope.start(), scope.end()));
        LoopCriteria closedCohort = LoopCriteria.any().takenIn(scope.start(), scope.end()).closedBefore(scope.asOf());
        IncidentFilter closed = inArea(scope, closedCohort);
        return switch (kpi) {
            case ACCEPTED -> new CasesBehind.Incidents(takenIn, null);
            case OPEN -> new CasesBehind.Incidents(inArea(scope, LoopCriteria.any().openAt(scope.asOf())), null);
            case OVERDUE -> new CasesBehind.Incidents(
                    IncidentFilter.any().withAreaCodePrefix(scope.areaCodePrefix()).withDueBefore(scope.now()), null);
            case CLOSURE_RATE -> new CasesBehind.Incidents(closed, takenIn);
            case ON_TIME_RATE -> new CasesBehind.Incidents(inArea(scope, closedCohort.resolvedByDeadline(true)),
                    inArea(scope, closedCohort.hasDeadline(true)));
            // The whole population of the average; the figure's numerator is their summed working time.
            // Not a case a department returned and the grid worker then handled: no department handled it.
            case HANDLING_HOURS -> new CasesBehind.Incidents(inArea(scope, byDepartment(closedCohort)),
                    inArea(scope, byDepartment(closedCohort)));
            case SATISFACTION_RATE -> {
                LoopCriteria cohort = LoopCriteria.any().takenIn(scope.start(), scope.end());
                yield new CasesBehind.Incidents(
                        inArea(scope, cohort.satisfactions(EnumSet.of(Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED))),
                        inArea(scope, cohort.satisfactions(EnumSet.allOf(Satisfaction.class))));
            }
            case REWORK_RATE -> new CasesBehind.Incidents(inArea(scope, closedCohort.reworked(true)), closed);
            case GRID_SHARE -> new CasesBehind.Incidents(inArea(scope, closedCohort.handledOnSpot(true)
                    .escalation(null, 0)), closed);
            case COMMUNITY_SHARE -> new CasesBehind.Incidents(inArea(scope, byDepartment(closedCohort)
                    .escalation(null, COMMUNITY)), closed);
            case STREET_SHARE -> new CasesBehind.Incidents(inArea(scope, closedCohort.escalation(STREET, STREET)), closed);
            case DISTRICT_SHARE -> new CasesBehind.Incidents(inArea(scope, closedCohort.escalation(DISTRICT, null)), closed);
            default -> throw new IllegalArgumentException("not an incident figure: " + kpi);
        };
    }

    /**
     * Resolved by the department it was dispatched to: dispatched, and not handled on the spot since (a case the
     * department returned, 退回, and the grid worker then handled keeps its dispatch time on the row).
     */
    private static LoopCriteria byDepartment(LoopCriteria loop) {
        return loop.dispatched(true).handledOnSpot(false);
    }

    private static CasesBehind disputes(Kpi kpi, KpiScope scope) {
        var registered = selection(scope, CasesBehind.DisputeSelection.Basis.REGISTERED);
        var concluded = selection(scope, CasesBehind.DisputeSelection.Basis.CONCLUDED);
        return switch (kpi) {
            case DISPUTES_ACCEPTED -> new CasesBehind.Disputes(registered, null);
            case MEDIATION_SUCCESS_RATE ->
                    new CasesBehind.Disputes(selection(scope, CasesBehind.DisputeSelection.Basis.AGREEMENT), concluded);
            case AGREED_AMOUNT -> new CasesBehind.Disputes(selection(scope, CasesBehind.DisputeSelection.Basis.AGREEMENT), null);
            case REFERRED_TO_COURT -> new CasesBehind.Disputes(selection(scope, CasesBehind.DisputeSelection.Basis.REFERRED), null);
            default -> throw new IllegalArgumentException("not a dispute figure: " + kpi);
        };
    }

    private static CasesBehind.DisputeSelection selection(KpiScope scope, CasesBehind.DisputeSelection.Basis basis) {
        return new CasesBehind.DisputeSelection(scope.areaCodePrefix(), scope.start(), scope.end(), basis);
    }

    private static IncidentFilter inArea(KpiScope scope, LoopCriteria loop) {
        return IncidentFilter.any().withAreaCodePrefix(scope.areaCodePrefix()).withLoop(loop);
    }
}
