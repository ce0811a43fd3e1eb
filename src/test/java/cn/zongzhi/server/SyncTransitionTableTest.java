package cn.zongzhi.server;

import cn.zongzhi.incidents.IncidentAction;
import cn.zongzhi.incidents.IncidentState;
import cn.zongzhi.incidents.IncidentStateMachine;
import cn.zongzhi.incidents.IncidentStatus;
import cn.zongzhi.incidents.Satisfaction;
import cn.zongzhi.server.TransitionTable.Rule;
import cn.zongzhi.sync.protocol.OutcomeKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

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
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transition decision table of decision 0010, over every combination of server status × client from-status ×
 * client to-status (each with every action and both extension states), each checked against the rule the
 * table's text gives, plus the rows the design names as examples.
 */
class SyncTransitionTableTest {
    private static final Set<IncidentStatus> DISPATCH_BRANCH = EnumSet.of(DISPATCHED, IN_PROGRESS, SUSPENDED);
    private static final Set<IncidentStatus> ENDS_THE_WORK = EnumSet.of(RESOLVED, VERIFIED, CLOSED, DECLINED, MERGED);
    private static final Set<Rule> RULES_SEEN = ConcurrentHashMap.newKeySet();

    static Stream<Arguments> everyStatusTriple() {
        return Stream.of(IncidentStatus.values()).flatMap(server -> Stream.of(IncidentStatus.values())
                .flatMap(from -> Stream.of(IncidentStatus.values()).map(to -> Arguments.of(server, from, to))));
    }

    @ParameterizedTest(name = "server {0}, client {1} -> {2}")
    @MethodSource("everyStatusTriple")
    void everyCombinationFollowsTheTable(IncidentStatus server, IncidentStatus from, IncidentStatus to) {
        for (boolean extensionPending : new boolean[] {false, true}) {
            IncidentState state = new IncidentState(server, 0, extensionPending, 0);
            for (IncidentAction action : IncidentAction.values()) {
                // The client's to-status tells which rating it recorded when it closed.
                Satisfaction satisfaction = action != IncidentAction.CLOSE ? null
                        : to == CLOSED ? Satisfaction.SATISFIED : Satisfaction.DISSATISFIED;
                TransitionTable.Decision decision = TransitionTable.decide(state, action, from, to, satisfaction);
                String row = server + (extensionPending ? "+ext" : "") + " | " + from + " -" + action + "-> " + to;

                boolean machineAllows = IncidentStateMachine.allowedActions(state).contains(action);
                Rule expected;
                if (server == to && from != to) {
                    expected = Rule.ALREADY_THERE;
                } else if (machineAllows) {
                    expected = Rule.VALID_FROM_SERVER;
                } else if (server == from) {
                    expected = Rule.REFUSED_IN_STEP;
                } else if (DISPATCH_BRANCH.contains(server) && ENDS_THE_WORK.contains(to)) {
                    expected = Rule.CLOSURE_REQUEST;
                } else {
                    expected = Rule.DIVERGED;
                }
                assertThat(decision.rule()).as(row).isEqualTo(expected);
                RULES_SEEN.add(decision.rule());

                OutcomeKind outcome = switch (expected) {
                    case ALREADY_THERE -> OutcomeKind.APPLIED;
                    case VALID_FROM_SERVER -> server == from ? OutcomeKind.APPLIED : OutcomeKind.MERGED;
                    case REFUSED_IN_STEP -> OutcomeKind.REJECTED;
                    case CLOSURE_REQUEST, DIVERGED -> OutcomeKind.CONFLICT_RECORDED;
                };
                assertThat(decision.outcome()).as(row).isEqualTo(outcome);
                if (expected == Rule.VALID_FROM_SERVER) {
                    assertThat(decision.next()).as(row).isEqualTo(IncidentStateMachine.apply(state, action, satisfaction));
                } else {
                    assertThat(decision.next()).as(row + ": the server's status is kept").isEqualTo(state);
                }
            }
        }
    }

    @Test
    void theRowsTheDesignNames() {
        IncidentState dispatched = new IncidentState(DISPATCHED, 0, false, 0);
        assertThat(TransitionTable.decide(dispatched, IncidentAction.HANDLE_ON_SPOT, ACCEPTED, RESOLVED, null).rule())
                .as("the city dispatched while the township, offline, settled it on the spot").isEqualTo(Rule.CLOSURE_REQUEST);
        assertThat(TransitionTable.decide(new IncidentState(ACCEPTED, 0, false, 0), IncidentAction.ACCEPT, REPORTED, ACCEPTED, null)
                .rule()).as("both offices accepted it").isEqualTo(Rule.ALREADY_THERE);
        assertThat(TransitionTable.decide(new IncidentState(ACCEPTED, 0, false, 0), IncidentAction.DISPATCH, ACCEPTED, DISPATCHED,
                null).outcome()).as("in step").isEqualTo(OutcomeKind.APPLIED);
        assertThat(TransitionTable.decide(new IncidentState(IN_PROGRESS, 0, false, 0), IncidentAction.RETURN, DISPATCHED, ACCEPTED,
                null).outcome()).as("the department started meanwhile; returning is still allowed").isEqualTo(OutcomeKind.MERGED);
        assertThat(TransitionTable.decide(new IncidentState(REPORTED, 0, false, 0), IncidentAction.CLOSE, REPORTED, CLOSED,
                Satisfaction.SATISFIED).outcome()).as("a client that skipped the workflow").isEqualTo(OutcomeKind.REJECTED);
        assertThat(TransitionTable.decide(new IncidentState(CLOSED, 0, false, 0), IncidentAction.RESOLVE, IN_PROGRESS, RESOLVED,
                null).rule()).as("closed elsewhere meanwhile").isEqualTo(Rule.DIVERGED);
    }

    @AfterAll
    static void everyRuleIsReachable() {
        assertThat(RULES_SEEN).containsExactlyInAnyOrder(Rule.values());
    }
}
