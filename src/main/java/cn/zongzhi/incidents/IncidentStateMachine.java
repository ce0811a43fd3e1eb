package cn.zongzhi.incidents;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static cn.zongzhi.incidents.IncidentStatus.ACCEPTED;
import static cn.zongzhi.incidents.IncidentStatus.CLOSED;
import static cn.zongzhi.incidents.IncidentStatus.DECLINED;
import static cn.zongzhi.incidents.IncidentStatus.DISPATCHED;
import static cn.zongzhi.incidents.IncidentStatus.IN_PROGRESS;
import static cn.zongzhi.incidents.IncidentStatus.MERGED;
import static cn.zongzhi.incidents.IncidentStatus.REPORTED;
import static cn.zongzhi.incidents.IncidentStatus.RESOLVED;
import static cn.zongzhi.incidents.IncidentStatus.SUSPENDED;
import static cn.zongzhi.incidents.IncidentStatus.VERIFIED;

/**
 * The closed loop as a pure function: (state, action, satisfaction) → next state, or a refusal that says why.
 * The service layer calls it before every change, so no screen or import can skip a step.
 */
public final class IncidentStateMachine {
    /** A dissatisfied citizen sends a case back for rework this many times; after that it is escalated. */
    public static final int MAX_REWORK = 1;

    private static final Map<IncidentAction, Set<IncidentStatus>> ALLOWED_FROM = Map.ofEntries(
            Map.entry(IncidentAction.REPORT, EnumSet.noneOf(IncidentStatus.class)),
            Map.entry(IncidentAction.IMPORT, EnumSet.noneOf(IncidentStatus.class)),
            Map.entry(IncidentAction.ACCEPT, EnumSet.of(REPORTED)),
            Map.entry(IncidentAction.DECLINE, EnumSet.of(REPORTED)),
            Map.entry(IncidentAction.MERGE, EnumSet.of(REPORTED, ACCEPTED)),
            Map.entry(IncidentAction.DISPATCH, EnumSet.of(ACCEPTED)),
            Map.entry(IncidentAction.HANDLE_ON_SPOT, EnumSet.of(REPORTED, ACCEPTED)),
            Map.entry(IncidentAction.START, EnumSet.of(DISPATCHED)),
            Map.entry(IncidentAction.RETURN, EnumSet.of(DISPATCHED, IN_PROGRESS)),
            Map.entry(IncidentAction.REQUEST_EXTENSION, EnumSet.of(DISPATCHED, IN_PROGRESS)),
            Map.entry(IncidentAction.APPROVE_EXTENSION, EnumSet.of(DISPATCHED, IN_PROGRESS)),
            Map.entry(IncidentAction.REFUSE_EXTENSION, EnumSet.of(DISPATCHED, IN_PROGRESS)),
            Map.entry(IncidentAction.SUSPEND, EnumSet.of(IN_PROGRESS)),
            Map.entry(IncidentAction.RESUME, EnumSet.of(SUSPENDED)),
            Map.entry(IncidentAction.RESOLVE, EnumSet.of(IN_PROGRESS)),
            Map.entry(IncidentAction.VERIFY, EnumSet.of(RESOLVED)),
            Map.entry(IncidentAction.REJECT_VERIFICATION, EnumSet.of(RESOLVED)),
            Map.entry(IncidentAction.CLOSE, EnumSet.of(VERIFIED)),
            Map.entry(IncidentAction.URGE, EnumSet.of(ACCEPTED, DISPATCHED, IN_PROGRESS, SUSPENDED)),
            Map.entry(IncidentAction.SUPERVISE, EnumSet.of(ACCEPTED, DISPATCHED, IN_PROGRESS, SUSPENDED)),
            Map.entry(IncidentAction.ATTACH, EnumSet.of(REPORTED, ACCEPTED, DISPATCHED, IN_PROGRESS, SUSPENDED, RESOLVED, VERIFIED)),
            // Never a step of the loop: a correction goes through IncidentService.editFields and is only recorded.
            Map.entry(IncidentAction.EDIT, EnumSet.noneOf(IncidentStatus.class)),
            // Nor is a note (IncidentService.addNote): it may be written in any status, closed ones included.
            Map.entry(IncidentAction.NOTE, EnumSet.noneOf(IncidentStatus.class)));

    private IncidentStateMachine() {
    }

    public static Set<IncidentAction> allowedActions(IncidentState state) {
        Set<IncidentAction> allowed = EnumSet.noneOf(IncidentAction.class);
        for (IncidentAction action : IncidentAction.values()) {
            if (refusal(state, action) == null) {
                allowed.add(action);
            }
        }
        return allowed;
    }

    /** The next state; throws {@link TransitionRefused} naming the reason when the action is not allowed. */
    public static IncidentState apply(IncidentState state, IncidentAction action, Satisfaction satisfaction) {
        TransitionRefused.Reason reason = refusal(state, action);
        if (reason != null) {
            throw new TransitionRefused(reason, state.status(), action);
        }
        if (action == IncidentAction.CLOSE && satisfaction == null) {
            throw new TransitionRefused(TransitionRefused.Reason.SATISFACTION_REQUIRED, state.status(), action);
        }
        return switch (action) {
            case ACCEPT, RETURN -> state.withStatus(ACCEPTED);
            case DECLINE -> state.withStatus(DECLINED);
            case MERGE -> state.withStatus(MERGED);
            case DISPATCH -> state.withStatus(DISPATCHED);
            case HANDLE_ON_SPOT -> state.withStatus(RESOLVED);
            case START, RESUME, REJECT_VERIFICATION -> state.withStatus(IN_PROGRESS);
            case SUSPEND -> state.withStatus(SUSPENDED);
            case RESOLVE -> state.withStatus(RESOLVED);
            case VERIFY -> state.withStatus(VERIFIED);
            case REQUEST_EXTENSION -> new IncidentState(state.status(), state.reworkCount(), true, state.escalationLevel());
            case APPROVE_EXTENSION, REFUSE_EXTENSION ->
                    new IncidentState(state.status(), state.reworkCount(), false, state.escalationLevel());
            case URGE, REPORT, IMPORT, ATTACH, EDIT, NOTE -> state;
            case SUPERVISE -> new IncidentState(state.status(), state.reworkCount(), state.extensionPending(),
                    state.escalationLevel() + 1);
            case CLOSE -> close(state, satisfaction);
        };
    }

    private static IncidentState close(IncidentState state, Satisfaction satisfaction) {
        if (satisfaction != Satisfaction.DISSATISFIED) {
            return state.withStatus(CLOSED);
        }
        if (state.reworkCount() < MAX_REWORK) {
            // 重办: back to the same department with a new deadline.
            return new IncidentState(DISPATCHED, state.reworkCount() + 1, false, state.escalationLevel());
        }
        // Reworked and still unsatisfied: back to the dispatcher one level up (督办).
        return new IncidentState(ACCEPTED, state.reworkCount(), false, state.escalationLevel() + 1);
    }

    static TransitionRefused.Reason refusal(IncidentState state, IncidentAction action) {
        if (state.status().isFinal()) {
            return TransitionRefused.Reason.FINAL_STATE;
        }
        if (!ALLOWED_FROM.get(action).contains(state.status())) {
            return TransitionRefused.Reason.NOT_FROM_THIS_STATE;
        }
        boolean deciding = action == IncidentAction.APPROVE_EXTENSION || action == IncidentAction.REFUSE_EXTENSION;
        if (deciding && !state.extensionPending()) {
            return TransitionRefused.Reason.NO_EXTENSION_PENDING;
        }
        if (action == IncidentAction.REQUEST_EXTENSION && state.extensionPending()) {
            return TransitionRefused.Reason.EXTENSION_ALREADY_PENDING;
        }
        return null;
    }
}
