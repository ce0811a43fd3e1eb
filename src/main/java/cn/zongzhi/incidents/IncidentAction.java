package cn.zongzhi.incidents;

/** What an operator or department can do to an incident; every action writes one event to its history. */
public enum IncidentAction {
    /** Creation: the first event of every incident; never applied to an existing one. */
    REPORT,
    /** Brought in from another system's export; never applied to an existing incident. */
    IMPORT,
    ACCEPT,
    DECLINE,
    MERGE,
    DISPATCH,
    HANDLE_ON_SPOT,
    START,
    RETURN,
    REQUEST_EXTENSION,
    APPROVE_EXTENSION,
    REFUSE_EXTENSION,
    SUSPEND,
    RESUME,
    RESOLVE,
    VERIFY,
    REJECT_VERIFICATION,
    CLOSE,
    URGE,
    SUPERVISE,
    /** A photo or document added to the case; changes nothing else. */
    ATTACH,
    /**
     * Descriptive fields corrected (更正信息, {@link IncidentService#editFields}); the event names the fields, never
     * their values (they may be personal data). Not a step of the closed loop: it changes no status and has no
     * button of its own.
     */
    EDIT,
    /**
     * A free-text note on the case (添加备注: a call made, a visit arranged, what the citizen added), written by
     * {@link IncidentService#addNote}. Changes nothing else; travels to the city and every office that sees the
     * incident, where it is added to the history once.
     */
    NOTE
}
