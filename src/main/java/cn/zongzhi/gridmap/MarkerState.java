package cn.zongzhi.gridmap;

/**
 * How an open incident looks on the map. The map's own words for the incident states, so that the map does
 * not depend on the incident feature (the intake form borrows the map to pick a location).
 */
public enum MarkerState {
    /** 上报, 受理: waiting for the dispatcher. */
    WAITING,
    /** 已派遣, 处置中: with a department. */
    HANDLING,
    /** 挂账 */
    SUSPENDED,
    /** 办结, 核查: done, waiting for verification or the rating. */
    CHECKING;

    /** The map shows open work only; closed, declined and merged incidents have no marker. */
    public static MarkerState ofStatus(String status) {
        return switch (status) {
            case "REPORTED", "ACCEPTED" -> WAITING;
            case "DISPATCHED", "IN_PROGRESS" -> HANDLING;
            case "SUSPENDED" -> SUSPENDED;
            case "RESOLVED", "VERIFIED" -> CHECKING;
            default -> null;
        };
    }
}
