package cn.zongzhi.auth;

/** What an account may be allowed to do; {@link Role#allows} says which role may. */
public enum Permission {
    /** Take in a new incident (立案前登记). */
    INCIDENT_INTAKE,
    /** Accept, start, resolve, verify, close, rate, merge, attach: the loop after intake. */
    INCIDENT_HANDLE,
    /** Dispatch to a department, decide on extensions, return for rework: the dispatcher's decisions. */
    INCIDENT_DISPATCH,
    /** Import and export incidents in bulk. */
    INCIDENT_TRANSFER,
    /** Register disputes, book and move sessions. (Printing a case's documents is a reveal: see PERSONAL_DATA_REVEAL.) */
    DISPUTE_REGISTER,
    /** Record how sessions went, their minutes, outcomes, extensions, confirmations and visits. */
    DISPUTE_MEDIATE,
    /** See the full name, ID number, phone or address behind a mask, or print a case's documents; each is audited. */
    PERSONAL_DATA_REVEAL,
    /** Read the audit log. */
    AUDIT_VIEW,
    /** Create accounts, change roles and areas, reset passwords, switch accounts off. */
    ACCOUNT_MANAGE,
    /** Back up the database, change settings, import reference data. */
    SYSTEM_ADMINISTER
}
