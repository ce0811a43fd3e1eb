package cn.zongzhi.server;

import cn.zongzhi.incidents.IncidentAction;
import cn.zongzhi.incidents.IncidentState;
import cn.zongzhi.incidents.IncidentStateMachine;
import cn.zongzhi.incidents.IncidentStatus;
import cn.zongzhi.incidents.Satisfaction;
import cn.zongzhi.incidents.TransitionRefused;
import cn.zongzhi.sync.protocol.OutcomeKind;

import java.util.EnumSet;
import java.util.Set;

/**
 * What the server does with a pushed workflow step, given its own state S and the client's from-status F and
 * to-status T (decision 0010). The rules are tried in order; the first that matches decides.
 *
 * <ol>
 *   <li>{@link Rule#ALREADY_THERE}: S = T and F ≠ T. The server reached the target another way: a no-op.</li>
 *   <li>{@link Rule#VALID_FROM_SERVER}: the state machine allows the action from S. Applied (merged when S ≠ F);
 *       the machine, which sees the rework count and pending extension, decides the resulting state.</li>
 *   <li>{@link Rule#REFUSED_IN_STEP}: S = F and the machine refuses. Nothing concurrent happened; the client
 *       broke its own workflow. Rejected.</li>
 *   <li>{@link Rule#CLOSURE_REQUEST}: S is in the dispatch branch (dispatched, in progress, suspended) and T ends the
 *       work (resolved, verified, closed, declined, merged). The city dispatched while the township finished it:
 *       the status stays as the city set it, the finish becomes a request and the dispatcher gets a task.</li>
 *   <li>{@link Rule#DIVERGED}: anything else. The status stays; both sides are kept in a conflict record.</li>
 * </ol>
 */
final class TransitionTable {
    static final Set<IncidentStatus> DISPATCH_BRANCH =
            EnumSet.of(IncidentStatus.DISPATCHED, IncidentStatus.IN_PROGRESS, IncidentStatus.SUSPENDED);
    static final Set<IncidentStatus> FINISHING = EnumSet.of(IncidentStatus.RESOLVED, IncidentStatus.VERIFIED,
            IncidentStatus.CLOSED, IncidentStatus.DECLINED, IncidentStatus.MERGED);

    enum Rule {
        ALREADY_THERE,
        VALID_FROM_SERVER,
        REFUSED_IN_STEP,
        CLOSURE_REQUEST,
        DIVERGED
    }

    /**
     * @param next    the server's state afterwards (unchanged unless {@link Rule#VALID_FROM_SERVER})
     * @param refusal the machine's reason when it refused, for the rejection's text
     */
    record Decision(Rule rule, IncidentState next, TransitionRefused.Reason refusal, boolean inStep) {
        /** The outcome the client is told: merged when the server had moved and the step still applied. */
        OutcomeKind outcome() {
            return switch (rule) {
                case ALREADY_THERE -> OutcomeKind.APPLIED;
                case VALID_FROM_SERVER -> inStep ? OutcomeKind.APPLIED : OutcomeKind.MERGED;
                case REFUSED_IN_STEP -> OutcomeKind.REJECTED;
                case CLOSURE_REQUEST, DIVERGED -> OutcomeKind.CONFLICT_RECORDED;
            };
        }
    }

    private TransitionTable() {
    }

    static Decision decide(IncidentState server, IncidentAction action, IncidentStatus from, IncidentStatus to,
                           Satisfaction satisfaction) {
        IncidentStatus current = server.status();
        boolean inStep = current == from;
        if (current == to && from != to) {
            return new Decision(Rule.ALREADY_THERE, server, null, inStep);
        }
        TransitionRefused.Reason refusal;
        try {
            return new Decision(Rule.VALID_FROM_SERVER, IncidentStateMachine.apply(server, action, satisfaction), null, inStep);
        } catch (TransitionRefused refused) {
            refusal = refused.reason();
        }
        if (inStep) {
            return new Decision(Rule.REFUSED_IN_STEP, server, refusal, true);
        }
        if (DISPATCH_BRANCH.contains(current) && FINISHING.contains(to)) {
            return new Decision(Rule.CLOSURE_REQUEST, server, refusal, false);
        }
        return new Decision(Rule.DIVERGED, server, refusal, false);
    }
}
