package cn.zongzhi.incidents;

/** Input the incident desk cannot accept; the reason maps to a message that says what to fix. */
public final class IncidentException extends RuntimeException {
    public enum Reason {
        TITLE_MISSING,
        TITLE_TOO_LONG,
        CHANNEL_MISSING,
        UNKNOWN_CATEGORY,
        COORDINATES_OUT_OF_RANGE,
        NOT_FOUND,
        REASON_REQUIRED,
        RESULT_REQUIRED,
        DEPARTMENT_REQUIRED,
        REQUESTED_DUE_INVALID,
        CHANGED_MEANWHILE,
        MERGE_INTO_ITSELF,
        MERGE_TARGET_CLOSED,
        USE_MERGE,
        ATTACHMENT_TOO_LARGE,
        ATTACHMENT_TYPE,
        ATTACHMENT_COUNT,
        ATTACHMENT_CONTENT,
        TEXT_TOO_LONG,
        UNKNOWN_AREA,
        UNKNOWN_DEPARTMENT,
        NOTHING_TO_EDIT,
        UNKNOWN_RISK,
        NOTE_EMPTY,
        NOTE_TOO_LONG
    }

    private final Reason reason;

    public IncidentException(Reason reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
