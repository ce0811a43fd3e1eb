package cn.zongzhi.incidents;

/** Where an incident stands in the closed loop; the names are the values of incident.status. */
public enum IncidentStatus {
    /** 上报: reported by a grid worker or any channel, not yet looked at. */
    REPORTED,
    /** 受理/立案: registered and classified; waiting for dispatch (also where returned and escalated cases land). */
    ACCEPTED,
    /** 不予立案: declined with a reason. Final. */
    DECLINED,
    /** 合并: a duplicate merged into a parent incident, which keeps its reporter and channel. Final. */
    MERGED,
    /** 已派遣: dispatched to a department with a deadline, not yet signed for. */
    DISPATCHED,
    /** 处置中: the department is handling it. */
    IN_PROGRESS,
    /** 挂账: cannot be solved for now; kept under periodic review. */
    SUSPENDED,
    /** 办结: the handler reports it done, with a result note; waiting for verification. */
    RESOLVED,
    /** 核查: verified on the spot; waiting for the citizen's rating. */
    VERIFIED,
    /** 结案/归档: closed with the citizen's satisfaction. Final. */
    CLOSED;

    public boolean isFinal() {
        return this == DECLINED || this == MERGED || this == CLOSED;
    }

    /** Open work: counts towards the queue and the chase lists. */
    public boolean isOpen() {
        return !isFinal();
    }

    /**
     * Still running against its deadline, so overdue once the deadline has passed: taken in and not yet resolved. A
     * resolved case waits for its check and the citizen's rating, not for the department, which met or missed its
     * deadline when it resolved the case (the on-time rate counts that).
     */
    public boolean isAgainstDeadline() {
        return this == ACCEPTED || this == DISPATCHED || this == IN_PROGRESS || this == SUSPENDED;
    }
}
