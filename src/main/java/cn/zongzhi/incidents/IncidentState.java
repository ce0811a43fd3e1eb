package cn.zongzhi.incidents;

/**
 * The part of an incident the closed loop decides on.
 *
 * @param reworkCount     times a dissatisfied citizen sent it back for rework (重办)
 * @param extensionPending a deadline extension (延期) was asked for and not yet decided
 * @param escalationLevel  0 at the office that owns it; each escalation (督办 up the ladder) adds one
 */
public record IncidentState(IncidentStatus status, int reworkCount, boolean extensionPending, int escalationLevel) {
    public static IncidentState reported() {
        return new IncidentState(IncidentStatus.REPORTED, 0, false, 0);
    }

    IncidentState withStatus(IncidentStatus next) {
        return new IncidentState(next, reworkCount, false, escalationLevel);
    }
}
