package cn.zongzhi.auditlog;

import cn.zongzhi.audit.AuditRepository;
import cn.zongzhi.auth.Access;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Permission;
import org.jooq.DSLContext;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

/** Reading the audit log, for supervisors and administrators only; the log itself is written elsewhere. */
public final class AuditLogService {
    /** Entries a page shows at most; the filters narrow it down. */
    public static final int PAGE = 500;

    private final DSLContext dsl;
    private final ZoneId zone;

    public AuditLogService(DSLContext dsl, ZoneId zone) {
        this.dsl = dsl;
        this.zone = zone;
    }

    /** The newest entries that match, days inclusive on the office's calendar. */
    public List<AuditRepository.AuditRow> entries(String operatorName, String action, LocalDate from, LocalDate to, Operator reader) {
        Access.require(reader, Permission.AUDIT_VIEW);
        OffsetDateTime start = from == null ? null : from.atStartOfDay(zone).toOffsetDateTime();
        OffsetDateTime end = to == null ? null : to.plusDays(1).atStartOfDay(zone).toOffsetDateTime();
        return new AuditRepository(dsl).page(operatorName, action, start, end, PAGE);
    }

    public List<String> actions(Operator reader) {
        Access.require(reader, Permission.AUDIT_VIEW);
        return new AuditRepository(dsl).actions();
    }

    public AuditRepository.Verification verify(Operator reader) {
        Access.require(reader, Permission.AUDIT_VIEW);
        return new AuditRepository(dsl).verify();
    }
}
