package cn.zongzhi.mediation;

/** Outcome names as they go into another record's history, where no message bundle is at hand. */
final class DisputeOutcomeNames {
    private DisputeOutcomeNames() {
    }

    static String of(String kind) {
        return switch (kind) {
            case "AGREEMENT" -> "达成协议";
            case "FAILED" -> "调解不成";
            case "UNSUITABLE" -> "不宜调解";
            case "WITHDRAWN" -> "当事人撤回";
            default -> kind;
        };
    }
}
