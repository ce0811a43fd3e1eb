package cn.zongzhi.incidents;

import java.time.Instant;

/**
 * What an action may carry: a reason or result note, the department it goes to, the citizen's rating,
 * the deadline a department asks for.
 */
public record ActionInput(String note, String departmentCode, Satisfaction satisfaction, Instant requestedDue) {
    public static ActionInput none() {
        return new ActionInput(null, null, null, null);
    }

    public static ActionInput note(String note) {
        return new ActionInput(note, null, null, null);
    }

    public static ActionInput dispatchTo(String departmentCode) {
        return new ActionInput(null, departmentCode, null, null);
    }

    public static ActionInput rating(Satisfaction satisfaction) {
        return new ActionInput(null, null, satisfaction, null);
    }

    public static ActionInput extensionTo(Instant requestedDue, String reason) {
        return new ActionInput(reason, null, null, requestedDue);
    }
}
