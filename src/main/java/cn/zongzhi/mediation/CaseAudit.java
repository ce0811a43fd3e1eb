package cn.zongzhi.mediation;

import cn.zongzhi.audit.AuditRepository;
import cn.zongzhi.auth.Operator;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The audit log's entries for mediation cases: who did what to which case, written in the same transaction as the
 * change. The detail names kinds and counts, never the values (parties' names, amounts, terms may be personal).
 */
final class CaseAudit {
    private CaseAudit() {
    }

    static void append(DSLContext tx, Instant at, Operator actor, String action, String caseNo, String detail) {
        new AuditRepository(tx).append(new AuditRepository.AuditEntry(OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
                actor == null ? null : actor.id(), actor == null ? null : actor.displayName(), action, "dispute", caseNo,
                detail));
    }
}
