package cn.zongzhi.sync.protocol;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;

/** What a mutation or a change is about. */
public enum EntityKind {
    INCIDENT,
    /** An appended note on an incident (append only). */
    NOTE,
    /** A conflict record the server kept, visible to both offices. */
    CONFLICT,
    /** A question for the dispatcher, such as a closure reported while the city's dispatch runs. */
    TASK,
    /** A mediation case: the dispute with its parties and sessions, owned by the office that registered it. */
    DISPUTE,
    /** A photo or document of an incident, described in the feed; its content is sent and fetched on its own. */
    ATTACHMENT,
    /**
     * Another office's proposed correction of a mediation case (CREATE), and the owning office's answer to it
     * (RESOLVE, {"decision": "ADOPTED" | "DECLINED", "note"}); the case itself changes only by its owner's snapshot.
     */
    PROPOSAL,
    /** A kind this side does not know (sent by a newer peer): refused one by one, never the whole batch. */
    @JsonEnumDefaultValue
    UNKNOWN
}
