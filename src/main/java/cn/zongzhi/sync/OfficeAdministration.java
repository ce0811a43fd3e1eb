package cn.zongzhi.sync;

import cn.zongzhi.audit.AuditRepository;
import cn.zongzhi.auth.Access;
import cn.zongzhi.auth.Operator;
import cn.zongzhi.auth.Permission;
import org.jooq.DSLContext;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * 下级单位 as a service: only an administrator of this console may open offices on the city server or issue codes,
 * and each one done is written to this console's audit log (the code itself never is). The server decides whether
 * this installation's office may (the city's only) and within which areas (decision 0008).
 */
public final class OfficeAdministration {
    private final DSLContext dsl;
    private final Supplier<Optional<OfficeAdminClient>> clients;
    private final Clock clock;

    /** @param clients this installation's office client, read afresh each call (empty while not enrolled) */
    public OfficeAdministration(DSLContext dsl, Supplier<Optional<OfficeAdminClient>> clients, Clock clock) {
        this.dsl = dsl;
        this.clients = clients;
        this.clock = clock;
    }

    public List<OfficeAdminClient.Office> offices(Operator operator) {
        Access.require(operator, Permission.SYSTEM_ADMINISTER);
        return client().offices();
    }

    /** Creates the office on the city server (the network call alone, bounded to 30 s; {@link #record} follows). */
    public OfficeAdminClient.Issued create(Operator operator, String code, String name, String level, List<String> areas) {
        Access.require(operator, Permission.SYSTEM_ADMINISTER);
        return client().create(code, name, level, areas);
    }

    public OfficeAdminClient.Issued newCode(Operator operator, String officeCode) {
        Access.require(operator, Permission.SYSTEM_ADMINISTER);
        return client().newCode(officeCode);
    }

    /** What was done, in the audit log (a write; the code itself is never written). */
    public void record(Operator operator, Done done, OfficeAdminClient.Issued issued, String detail) {
        dsl.transaction(configuration -> new AuditRepository(configuration.dsl()).append(new AuditRepository.AuditEntry(
                OffsetDateTime.now(clock), operator.id(), operator.displayName(), done.name(), "office", issued.officeCode(),
                detail)));
    }

    /** The two things done here, as the audit log names them. */
    public enum Done {
        OFFICE_CREATE, OFFICE_CODE
    }

    private OfficeAdminClient client() {
        return clients.get().orElseThrow(() -> new SyncTransport.Unavailable(0, "not-enrolled", "not enrolled"));
    }

}
