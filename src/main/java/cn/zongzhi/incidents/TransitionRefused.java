package cn.zongzhi.incidents;

/** An action the closed loop does not allow now; the reason maps to a message that says why. */
public final class TransitionRefused extends RuntimeException {
    public enum Reason {
        FINAL_STATE,
        NOT_FROM_THIS_STATE,
        NO_EXTENSION_PENDING,
        EXTENSION_ALREADY_PENDING,
        SATISFACTION_REQUIRED
    }

    private final Reason reason;
    private final IncidentStatus from;
    private final IncidentAction action;

    public TransitionRefused(Reason reason, IncidentStatus from, IncidentAction action) {
        super(action + " refused from " + from + ": " + reason, null, false, false);
        this.reason = reason;
        this.from = from;
        this.action = action;
    }

    public Reason reason() {
        return reason;
    }

    public IncidentStatus from() {
        return from;
    }

    public IncidentAction action() {
        return action;
    }
}
