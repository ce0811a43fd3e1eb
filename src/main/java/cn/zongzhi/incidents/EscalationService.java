package cn.zongzhi.incidents;

import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Role;
import cn.zongzhi.calendar.WorkingTime;
import org.jooq.DSLContext;

import java.time.Duration;
import java.time.Instant;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Chases deadlines up the ladder: an incident with less than a working day left is urged (催办) once; an overdue one
 * is supervised (督办) one level further up for each step of lateness: on the deadline by the community, a working day
 * late by the street, three working days late by the district. Time left and lateness are working time on the
 * working-day calendar, as deadlines are counted (decision 0004): a weekend or a holiday week moves nobody up the
 * ladder. Each step is an event in the incident's history.
 */
public final class EscalationService {
    /** How much working time may be left before an incident is urged, in working days. */
    static final int URGE_BEFORE_DAYS = 1;
    /** How many working days late an incident must be for each level of supervision (index = level - 1). */
    static final int[] SUPERVISE_AFTER_DAYS = {0, 1, 3};
    static final String[] LEVEL_NAMES = {"社区", "街道", "区"};
    private static final int SWEEP_LIMIT = 5_000;
    /** The system itself signs what it does on a timer. */
    static final Operator SYSTEM = new Operator(new UUID(0, 0), "system", "系统督办", Role.SUPERVISOR, null, null);

    private final DSLContext dsl;
    private final IncidentService incidents;
    private final Clock clock;
    private final WorkingTime workingTime;
    private final int sweepLimit;

    public EscalationService(DSLContext dsl, IncidentService incidents, Clock clock, WorkingTime workingTime) {
        this(dsl, incidents, clock, workingTime, SWEEP_LIMIT);
    }

    /** @param sweepLimit how many incidents one sweep reads at most */
    EscalationService(DSLContext dsl, IncidentService incidents, Clock clock, WorkingTime workingTime, int sweepLimit) {
        this.dsl = dsl;
        this.incidents = incidents;
        this.clock = clock;
        this.workingTime = workingTime;
        this.sweepLimit = sweepLimit;
    }

    /** One pass over the open incidents; returns how many were urged and how many supervised. */
    public Sweep sweep() {
        Instant now = clock.instant();
        Duration day = workingTime.day();
        IncidentRepository repository = new IncidentRepository(dsl);
        // Per level below the top, the latest deadline that is late enough at that level to go one up: what the
        // sweep reads is only what it can act on, so cases at the top (挂账 ones stay against their deadline for
        // good) or already supervised for their lateness never fill the batch ahead of new ones.
        List<Instant> dueByLevel = new ArrayList<>();
        for (int days : SUPERVISE_AFTER_DAYS) {
            dueByLevel.add(workingTime.before(now, day.multipliedBy(days)));
        }
        Instant urgeBefore = workingTime.after(now, day.multipliedBy(URGE_BEFORE_DAYS));
        Duration longest = day.multipliedBy(SUPERVISE_AFTER_DAYS[SUPERVISE_AFTER_DAYS.length - 1]);
        int urged = 0;
        int supervised = 0;
        for (StoredIncident incident : repository.escalationCandidates(now, urgeBefore, dueByLevel, sweepLimit)) {
            try {
                if (incident.dueAt().isAfter(now)) {
                    Instant since = repository.dispatchedAt(incident.id());
                    if (!repository.hasEventSince(incident.id(), IncidentAction.URGE, since)) {
                        incidents.act(incident.id(), incident.rowVersion(), IncidentAction.URGE,
                                ActionInput.note("距办理时限不足1个工作日，系统催办"), SYSTEM);
                        urged++;
                    }
                    continue;
                }
                Duration late = workingTime.between(incident.dueAt(), now, longest);
                int target = 0;
                for (int level = 0; level < SUPERVISE_AFTER_DAYS.length; level++) {
                    if (late.compareTo(day.multipliedBy(SUPERVISE_AFTER_DAYS[level])) >= 0) {
                        target = level + 1;
                    }
                }
                // Each step on the version the sweep read or the step before wrote: an operator's step meanwhile stops it.
                StoredIncident current = incident;
                while (current.state().escalationLevel() < target) {
                    current = incidents.act(current.id(), current.rowVersion(), IncidentAction.SUPERVISE,
                            ActionInput.note("超期" + describe(late, day) + "，提请"
                                    + LEVEL_NAMES[current.state().escalationLevel()] + "督办"), SYSTEM);
                    supervised++;
                }
            } catch (TransitionRefused | IncidentException changed) {
                // Someone acted on it meanwhile (resolved, returned…): the next sweep sees the new state.
            }
        }
        return new Sweep(urged, supervised);
    }

    /** Lateness in working days and hours ("超期1个工作日2小时"); three working days or more as "3个工作日以上". */
    private static String describe(Duration late, Duration day) {
        long days = late.toMinutes() / day.toMinutes();
        Duration rest = late.minus(day.multipliedBy(days));
        if (days >= SUPERVISE_AFTER_DAYS[SUPERVISE_AFTER_DAYS.length - 1]) {
            return days + "个工作日以上";
        }
        return days > 0 ? days + "个工作日" + rest.toHours() + "小时" : rest.toHours() + "小时" + rest.toMinutesPart() + "分";
    }

    public record Sweep(int urged, int supervised) {
    }
}
