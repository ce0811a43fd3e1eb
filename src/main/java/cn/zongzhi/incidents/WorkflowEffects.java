package cn.zongzhi.incidents;

import java.time.Instant;

/**
 * What a workflow step writes besides the state: the department, the deadline, a pending extension's date, the
 * moments of acceptance, dispatch, resolution and closure, the rating and the result note. One function, used by
 * the console when an operator acts and by the city server when the step arrives through sync, so both keep the
 * same record of the same step.
 *
 * <p>{@code departmentCode}, {@code dueAt} and {@code requestedDueAt} are the values after the step; the other
 * fields are null when the step leaves them as they were.
 */
public record WorkflowEffects(String departmentCode, Instant dueAt, Instant requestedDueAt, Instant acceptedAt,
                              Instant dispatchedAt, Instant resolvedAt, Instant closedAt, Satisfaction satisfaction,
                              String resultNote) {

    /** The record before the step, as far as a step reads it. */
    public record Before(String departmentCode, Instant dueAt, Instant requestedDueAt) {
    }

    /**
     * One step as taken.
     *
     * @param next           the state the state machine reached (a dissatisfied closure may lead to rework)
     * @param departmentCode the department chosen when dispatching; null keeps the current one
     * @param startedDueAt   the deadline a dispatch (or a rework's new dispatch) starts, computed by whoever took
     *                       the step on the working-day calendar; null when the category has no time limit
     * @param requestedDueAt the date an extension request asks for
     * @param note           the reason or result note
     */
    public record Step(IncidentAction action, IncidentState next, Instant at, String departmentCode,
                       Instant startedDueAt, Instant requestedDueAt, Satisfaction satisfaction, String note) {
    }

    public static WorkflowEffects of(Before before, Step step) {
        String department = before.departmentCode();
        Instant due = before.dueAt();
        Instant requestedDue = before.requestedDueAt();
        Instant accepted = null;
        Instant dispatched = null;
        Instant resolved = null;
        Instant closed = null;
        String result = null;
        switch (step.action()) {
            case ACCEPT -> accepted = step.at();
            case DISPATCH -> {
                department = step.departmentCode() != null ? step.departmentCode() : department;
                dispatched = step.at();
                due = step.startedDueAt();
            }
            case RETURN -> due = null;
            case HANDLE_ON_SPOT, RESOLVE -> {
                resolved = step.at();
                result = step.note();
            }
            case REQUEST_EXTENSION -> requestedDue = step.requestedDueAt();
            case APPROVE_EXTENSION -> {
                // The clock moves only now, when the extension is approved.
                due = before.requestedDueAt();
                requestedDue = null;
            }
            case REFUSE_EXTENSION -> requestedDue = null;
            case CLOSE -> {
                if (step.next().status() == IncidentStatus.CLOSED) {
                    closed = step.at();
                } else if (step.next().status() == IncidentStatus.DISPATCHED) {
                    // Rework: the same department gets a fresh deadline.
                    dispatched = step.at();
                    due = step.startedDueAt();
                } else {
                    due = null;
                }
            }
            default -> {
            }
        }
        return new WorkflowEffects(department, due, requestedDue, accepted, dispatched, resolved, closed,
                step.action() == IncidentAction.CLOSE ? step.satisfaction() : null, result);
    }

    /** True when the step starts a deadline (dispatch, or a rework sent back to the department). */
    public static boolean startsDeadline(IncidentAction action, IncidentState next) {
        return action == IncidentAction.DISPATCH
                || action == IncidentAction.CLOSE && next.status() == IncidentStatus.DISPATCHED;
    }
}
