package cn.zongzhi.incidents;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every (state × action) pair against a table written out by hand from the closed loop in domain.md,
 * independently of the implementation's own table.
 */
class IncidentStateMachineTest {
    // Columns: the actions in this order. Cells: the next status, "=" for the same status, "-" for refused.
    private static final IncidentAction[] COLUMNS = {
            IncidentAction.ACCEPT, IncidentAction.DECLINE, IncidentAction.MERGE, IncidentAction.DISPATCH,
            IncidentAction.HANDLE_ON_SPOT, IncidentAction.START, IncidentAction.RETURN, IncidentAction.REQUEST_EXTENSION,
            IncidentAction.SUSPEND, IncidentAction.RESUME, IncidentAction.RESOLVE, IncidentAction.VERIFY,
            IncidentAction.REJECT_VERIFICATION, IncidentAction.URGE, IncidentAction.SUPERVISE};
    private static final String[] TABLE = {
            //             ACCEPT   DECLINE  MERGE  DISPATCH    ON_SPOT   START        RETURN    REQ_EXT SUSPEND    RESUME       RESOLVE   VERIFY    REJECT_VER   URGE SUPERVISE
            "REPORTED      ACCEPTED DECLINED MERGED -           RESOLVED  -            -         -       -          -            -         -         -            -    -",
            "ACCEPTED      -        -        MERGED DISPATCHED  RESOLVED  -            -         -       -          -            -         -         -            =    =",
            "DECLINED      -        -        -      -           -         -            -         -       -          -            -         -         -            -    -",
            "MERGED        -        -        -      -           -         -            -         -       -          -            -         -         -            -    -",
            "DISPATCHED    -        -        -      -           -         IN_PROGRESS  ACCEPTED  =       -          -            -         -         -            =    =",
            "IN_PROGRESS   -        -        -      -           -         -            ACCEPTED  =       SUSPENDED  -            RESOLVED  -         -            =    =",
            "SUSPENDED     -        -        -      -           -         -            -         -       -          IN_PROGRESS  -         -         -            =    =",
            "RESOLVED      -        -        -      -           -         -            -         -       -          -            -         VERIFIED  IN_PROGRESS  -    -",
            "VERIFIED      -        -        -      -           -         -            -         -       -          -            -         -         -            -    -",
            "CLOSED        -        -        -      -           -         -            -         -       -          -            -         -         -            -    -",
    };

    @Test
    void everyStatusAndActionPairBehavesAsTheTableSays() {
        Map<IncidentStatus, String[]> rows = new HashMap<>();
        for (String line : TABLE) {
            String[] cells = line.trim().split("\\s+");
            assertThat(cells).hasSize(COLUMNS.length + 1);
            rows.put(IncidentStatus.valueOf(cells[0]), cells);
        }
        assertThat(rows).containsOnlyKeys(IncidentStatus.values());

        List<String> checked = new ArrayList<>();
        for (IncidentStatus status : IncidentStatus.values()) {
            String[] cells = rows.get(status);
            for (int column = 0; column < COLUMNS.length; column++) {
                IncidentAction action = COLUMNS[column];
                IncidentState state = new IncidentState(status, 0, false, 0);
                String expected = cells[column + 1];
                if (expected.equals("-")) {
                    assertThatThrownBy(() -> IncidentStateMachine.apply(state, action, null))
                            .as(status + " × " + action).isInstanceOf(TransitionRefused.class);
                    assertThat(IncidentStateMachine.allowedActions(state)).as(status + " offers " + action).doesNotContain(action);
                } else {
                    IncidentStatus next = expected.equals("=") ? status : IncidentStatus.valueOf(expected);
                    assertThat(IncidentStateMachine.apply(state, action, null).status()).as(status + " × " + action).isEqualTo(next);
                    assertThat(IncidentStateMachine.allowedActions(state)).as(status + " offers " + action).contains(action);
                }
                checked.add(status + "×" + action);
            }
        }
        assertThat(checked).hasSize(IncidentStatus.values().length * COLUMNS.length);
    }

    @Test
    void closingNeedsTheCitizensRatingAndOnlyFromVerified() {
        for (IncidentStatus status : IncidentStatus.values()) {
            IncidentState state = new IncidentState(status, 0, false, 0);
            for (Satisfaction rating : Satisfaction.values()) {
                if (status == IncidentStatus.VERIFIED) {
                    IncidentStatus next = IncidentStateMachine.apply(state, IncidentAction.CLOSE, rating).status();
                    assertThat(next).isEqualTo(rating == Satisfaction.DISSATISFIED ? IncidentStatus.DISPATCHED : IncidentStatus.CLOSED);
                } else {
                    assertThatThrownBy(() -> IncidentStateMachine.apply(state, IncidentAction.CLOSE, rating))
                            .isInstanceOf(TransitionRefused.class);
                }
            }
        }
        assertThatThrownBy(() -> IncidentStateMachine.apply(new IncidentState(IncidentStatus.VERIFIED, 0, false, 0),
                IncidentAction.CLOSE, null))
                .isInstanceOfSatisfying(TransitionRefused.class,
                        e -> assertThat(e.reason()).isEqualTo(TransitionRefused.Reason.SATISFACTION_REQUIRED));
    }

    @Test
    void aDissatisfiedCitizenGetsOneReworkThenTheCaseIsEscalated() {
        IncidentState verified = new IncidentState(IncidentStatus.VERIFIED, 0, false, 0);

        IncidentState rework = IncidentStateMachine.apply(verified, IncidentAction.CLOSE, Satisfaction.DISSATISFIED);
        assertThat(rework).isEqualTo(new IncidentState(IncidentStatus.DISPATCHED, 1, false, 0));

        IncidentState verifiedAgain = new IncidentState(IncidentStatus.VERIFIED, rework.reworkCount(), false, 0);
        IncidentState escalated = IncidentStateMachine.apply(verifiedAgain, IncidentAction.CLOSE, Satisfaction.DISSATISFIED);
        assertThat(escalated).isEqualTo(new IncidentState(IncidentStatus.ACCEPTED, 1, false, 1));
    }

    @Test
    void anExtensionIsDecidedOnlyWhenOneIsPendingAndTheDecisionClearsIt() {
        for (IncidentStatus status : new IncidentStatus[] {IncidentStatus.DISPATCHED, IncidentStatus.IN_PROGRESS}) {
            IncidentState idle = new IncidentState(status, 0, false, 0);
            for (IncidentAction decision : new IncidentAction[] {IncidentAction.APPROVE_EXTENSION, IncidentAction.REFUSE_EXTENSION}) {
                assertThatThrownBy(() -> IncidentStateMachine.apply(idle, decision, null))
                        .isInstanceOfSatisfying(TransitionRefused.class,
                                e -> assertThat(e.reason()).isEqualTo(TransitionRefused.Reason.NO_EXTENSION_PENDING));
            }
            IncidentState pending = IncidentStateMachine.apply(idle, IncidentAction.REQUEST_EXTENSION, null);
            assertThat(pending.extensionPending()).isTrue();
            assertThatThrownBy(() -> IncidentStateMachine.apply(pending, IncidentAction.REQUEST_EXTENSION, null))
                    .isInstanceOfSatisfying(TransitionRefused.class,
                            e -> assertThat(e.reason()).isEqualTo(TransitionRefused.Reason.EXTENSION_ALREADY_PENDING));
            assertThat(IncidentStateMachine.apply(pending, IncidentAction.APPROVE_EXTENSION, null))
                    .isEqualTo(new IncidentState(status, 0, false, 0));
            assertThat(IncidentStateMachine.apply(pending, IncidentAction.REFUSE_EXTENSION, null))
                    .isEqualTo(new IncidentState(status, 0, false, 0));
            // Any status change settles a pending request: the new holder starts clean.
            assertThat(IncidentStateMachine.apply(pending, IncidentAction.RETURN, null).extensionPending()).isFalse();
        }
        for (IncidentStatus status : IncidentStatus.values()) {
            if (status != IncidentStatus.DISPATCHED && status != IncidentStatus.IN_PROGRESS) {
                IncidentState pending = new IncidentState(status, 0, true, 0);
                assertThatThrownBy(() -> IncidentStateMachine.apply(pending, IncidentAction.APPROVE_EXTENSION, null))
                        .as(status.name()).isInstanceOf(TransitionRefused.class);
            }
        }
    }

    @Test
    void finalStatesRefuseEverythingAndSayWhy() {
        for (IncidentStatus status : IncidentStatus.values()) {
            if (!status.isFinal()) {
                continue;
            }
            IncidentState state = new IncidentState(status, 0, false, 0);
            assertThat(IncidentStateMachine.allowedActions(state)).isEmpty();
            for (IncidentAction action : IncidentAction.values()) {
                try {
                    IncidentStateMachine.apply(state, action, Satisfaction.SATISFIED);
                    fail(status + " × " + action + " should be refused");
                } catch (TransitionRefused refused) {
                    assertThat(refused.reason()).isEqualTo(TransitionRefused.Reason.FINAL_STATE);
                }
            }
        }
    }

    @Test
    void reportingIsCreationAndNeverAnActionOnAnExistingIncident() {
        for (IncidentStatus status : IncidentStatus.values()) {
            assertThatThrownBy(() -> IncidentStateMachine.apply(new IncidentState(status, 0, false, 0), IncidentAction.REPORT, null))
                    .isInstanceOf(TransitionRefused.class);
        }
    }

    @Test
    void supervisionRaisesTheEscalationLevelAndUrgingDoesNot() {
        IncidentState inProgress = new IncidentState(IncidentStatus.IN_PROGRESS, 0, false, 0);

        assertThat(IncidentStateMachine.apply(inProgress, IncidentAction.URGE, null)).isEqualTo(inProgress);
        assertThat(IncidentStateMachine.apply(inProgress, IncidentAction.SUPERVISE, null).escalationLevel()).isEqualTo(1);
    }
}
