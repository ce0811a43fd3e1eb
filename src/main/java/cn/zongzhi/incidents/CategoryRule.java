package cn.zongzhi.incidents;

/** A category's handling rule: who gets it by default, who fixes ownerless cases, how long they have. */
public record CategoryRule(String code, String name, String defaultDepartmentCode, String fallbackDepartmentCode,
                           Integer timeLimit, String timeLimitUnit, boolean emergency) {
}
