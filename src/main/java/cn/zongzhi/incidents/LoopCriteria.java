package cn.zongzhi.incidents;

import java.time.Instant;
import java.util.Set;

/**
 * Conditions on an incident's way through the closed loop: when it was taken in, whether it was finished by a
 * given moment, how it was handled. The reports' figures are counted with these conditions, so the queue can list
 * the very cases behind a figure. Every field narrows; null (or an empty set) means "any".
 *
 * @param takenInFrom      taken in (立案) at or after this instant: accepted then, or, for an incident that left
 *                         "reported" without an acceptance (handled on the spot, imported), reported then;
 *                         merged duplicates are never taken in (their parent is)
 * @param takenInTo        taken in before this instant
 * @param closedBefore     closed (结案) before this instant; a closed row without a closing time counts as closed
 *                         when it was reported
 * @param openAt           not finished at this instant: reported before it and not closed, merged or declined by then
 * @param dispatched       dispatched to a department (dispatched_at set), or never dispatched
 * @param handledOnSpot    handled on the spot by the grid worker (即巡即办, an event in its history) since its last
 *                         dispatch, if any: a case a department returned (退回) and the grid worker then handled is;
 *                         one handled on the spot and then sent to a department for rework (重办) is not; or not
 * @param hasDeadline      carries a due time, or none
 * @param resolvedByDeadline resolved no later than its due time, or after it (or not yet); both imply a due time
 * @param satisfactions    the citizen's latest rating is one of these
 * @param reworked         sent back for rework (重办) at least once, or never
 * @param escalationAtLeast supervised up the ladder at least this many levels (1 community, 2 street, 3 district)
 * @param escalationAtMost  at most this many levels
 */
public record LoopCriteria(Instant takenInFrom, Instant takenInTo, Instant closedBefore, Instant openAt,
                           Boolean dispatched, Boolean handledOnSpot, Boolean hasDeadline, Boolean resolvedByDeadline,
                           Set<Satisfaction> satisfactions, Boolean reworked, Integer escalationAtLeast,
                           Integer escalationAtMost) {

    public LoopCriteria {
        satisfactions = satisfactions == null ? Set.of() : Set.copyOf(satisfactions);
    }

    public static LoopCriteria any() {
        return new LoopCriteria(null, null, null, null, null, null, null, null, Set.of(), null, null, null);
    }

    public LoopCriteria takenIn(Instant from, Instant to) {
        return new LoopCriteria(from, to, closedBefore, openAt, dispatched, handledOnSpot, hasDeadline,
                resolvedByDeadline, satisfactions, reworked, escalationAtLeast, escalationAtMost);
    }

    public LoopCriteria closedBefore(Instant value) {
        return new LoopCriteria(takenInFrom, takenInTo, value, openAt, dispatched, handledOnSpot, hasDeadline,
                resolvedByDeadline, satisfactions, reworked, escalationAtLeast, escalationAtMost);
    }

    public LoopCriteria openAt(Instant value) {
        return new LoopCriteria(takenInFrom, takenInTo, closedBefore, value, dispatched, handledOnSpot, hasDeadline,
                resolvedByDeadline, satisfactions, reworked, escalationAtLeast, escalationAtMost);
    }

    public LoopCriteria dispatched(Boolean value) {
        return new LoopCriteria(takenInFrom, takenInTo, closedBefore, openAt, value, handledOnSpot, hasDeadline,
                resolvedByDeadline, satisfactions, reworked, escalationAtLeast, escalationAtMost);
    }

    public LoopCriteria handledOnSpot(Boolean value) {
        return new LoopCriteria(takenInFrom, takenInTo, closedBefore, openAt, dispatched, value, hasDeadline,
                resolvedByDeadline, satisfactions, reworked, escalationAtLeast, escalationAtMost);
    }

    public LoopCriteria hasDeadline(Boolean value) {
        return new LoopCriteria(takenInFrom, takenInTo, closedBefore, openAt, dispatched, handledOnSpot, value,
                resolvedByDeadline, satisfactions, reworked, escalationAtLeast, escalationAtMost);
    }

    public LoopCriteria resolvedByDeadline(Boolean value) {
        return new LoopCriteria(takenInFrom, takenInTo, closedBefore, openAt, dispatched, handledOnSpot, hasDeadline,
                value, satisfactions, reworked, escalationAtLeast, escalationAtMost);
    }

    public LoopCriteria satisfactions(Set<Satisfaction> value) {
        return new LoopCriteria(takenInFrom, takenInTo, closedBefore, openAt, dispatched, handledOnSpot, hasDeadline,
                resolvedByDeadline, value, reworked, escalationAtLeast, escalationAtMost);
    }

    public LoopCriteria reworked(Boolean value) {
        return new LoopCriteria(takenInFrom, takenInTo, closedBefore, openAt, dispatched, handledOnSpot, hasDeadline,
                resolvedByDeadline, satisfactions, value, escalationAtLeast, escalationAtMost);
    }

    public LoopCriteria escalation(Integer atLeast, Integer atMost) {
        return new LoopCriteria(takenInFrom, takenInTo, closedBefore, openAt, dispatched, handledOnSpot, hasDeadline,
                resolvedByDeadline, satisfactions, reworked, atLeast, atMost);
    }
}
