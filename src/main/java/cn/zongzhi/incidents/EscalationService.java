package cn.zongzhi.incidents;

import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import org.jooq.DSLContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Chases deadlines up the ladder: an incident due within a day is urged (催办) once; an overdue one is
 * supervised (督办) one level further up for each step of lateness: on the deadline by the community,
 * a day late by the street, three days late by the district. Each step is an event in the incident's history.
 */
public final class EscalationService {
    static final Duration URGE_BEFORE = Duration.ofHours(24);
    /** How late an incident must be for each level of supervision (index = level - 1). */
    static final Duration[] SUPERVISE_AFTER = {Duration.ZERO, Duration.ofDays(1), Duration.ofDays(3)};
    static final String[] LEVEL_NAMES = {"社区", "街道", "区"};
    private static final int SWEEP_LIMIT = 5_000;
    /** The system itself signs what it does on a timer. */
    static final Operator SYSTEM = new Operator(new UUID(0, 0), "system", "系统督办", Role.SUPERVISOR, null, null);

    private final DSLContext dsl;
    private final IncidentService incidents;
    private final Clock clock;

    public EscalationService(DSLContext dsl, IncidentService incidents, Clock clock) {
        this.dsl = dsl;
        this.incidents = incidents;
        this.clock = clock;
    }

    /** One pass over the open incidents; returns how many were urged and how many supervised. */
    public Sweep sweep() {
        Instant now = clock.instant();
        IncidentRepository repository = new IncidentRepository(dsl);
        int urged = 0;
        int supervised = 0;
        for (StoredIncident incident : repository.openDueBefore(now.plus(URGE_BEFORE), SWEEP_LIMIT)) {
            try {
                if (incident.dueAt().isAfter(now)) {
                    Instant since = repository.dispatchedAt(incident.id());
                    if (!repository.hasEventSince(incident.id(), IncidentAction.URGE, since)) {
                        incidents.act(incident.id(), incident.rowVersion(), IncidentAction.URGE, ActionInput.note("距办理时限不足24小时，系统催办"), SYSTEM);
                        urged++;
                    }
                    continue;
                }
                Duration late = Duration.between(incident.dueAt(), now);
                int target = 0;
                for (int level = 0; level < SUPERVISE_AFTER.length; level++) {
                    if (late.compareTo(SUPERVISE_AFTER[level]) >= 0) {
                        target = level + 1;
                    }
                }
                // Each step on the version the sweep read or the step before wrote: an operator's step meanwhile stops it.
                StoredIncident current = incident;
                while (current.state().escalationLevel() < target) {
                    current = incidents.act(current.id(), current.rowVersion(), IncidentAction.SUPERVISE,
                            ActionInput.note("超期" + describe(late) + "，提请" + LEVEL_NAMES[current.state().escalationLevel()]
                                    + "督办"), SYSTEM);
                    supervised++;
                }
            } catch (TransitionRefused | IncidentException changed) {
                // Someone acted on it meanwhile (resolved, returned…): the next sweep sees the new state.
            }
        }
        return new Sweep(urged, supervised);
    }

    private static String describe(Duration late) {
        long hours = late.toHours();
        return hours >= 24 ? (hours / 24) + "天" + (hours % 24) + "小时" : hours + "小时" + late.toMinutesPart() + "分";
    }

    public record Sweep(int urged, int supervised) {
    }
}
