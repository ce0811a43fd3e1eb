package cn.zongzhi.sync.protocol;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** The intent a mutation carries; the server validates intents, it never copies rows. */
public enum MutationKind {
    /** A new entity with all its fields in the payload. */
    CREATE,
    /** Only the changed fields, with the server version the client's row was based on. */
    PATCH,
    /** A workflow step: action, from-status, to-status and reason. */
    TRANSITION,
    /** Withdrawn from use; nothing is deleted through sync. */
    VOID,
    /** An answer to a dispatcher's task (entity kind TASK): payload {"decision": "ACCEPT_FINISH" | "CONTINUE"}. */
    RESOLVE,
    /** An appended note. */
    NOTE,
    /**
     * The owning office's whole record as it now stands (mediation cases, entity kind DISPUTE): only the owner
     * sends it, so the server checks who sends it and what may no longer change, and keeps it whole.
     */
    SNAPSHOT,
    /** A kind this server does not know: refused alone. */
    @JsonEnumDefaultValue
    UNKNOWN
}
