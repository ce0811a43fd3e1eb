package cn.zongzhi.backup;

import org.jooq.DSLContext;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.AUDIT_HEAD;
import static cn.zongzhi.db.jooq.Tables.DISPUTE;
import static cn.zongzhi.db.jooq.Tables.INCIDENT;
import static cn.zongzhi.db.jooq.Tables.INSTALLATION;
import static cn.zongzhi.db.jooq.Tables.MEDIATION_SESSION;

/** What a backup reads from the database: H2's own online backup and the figures the manifest records. */
public final class BackupRepository {
    private final DSLContext dsl;

    public BackupRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * H2's {@code BACKUP TO}: a consistent copy of the database file as a zip, taken while others read and
     * write (H2 copies a snapshot, not the file as it is being written).
     */
    public void h2Backup(Path zip) {
        dsl.execute("BACKUP TO {0}", org.jooq.impl.DSL.inline(zip.toAbsolutePath().toString()));
    }

    /** The rows a restore must find again, by table. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("incident", dsl.fetchCount(INCIDENT));
        counts.put("dispute", dsl.fetchCount(DISPUTE));
        counts.put("mediation_session", dsl.fetchCount(MEDIATION_SESSION));
        counts.put("audit_log", dsl.fetchCount(cn.zongzhi.db.jooq.Tables.AUDIT_LOG));
        return counts;
    }

    public UUID replicaId() {
        return dsl.select(INSTALLATION.REPLICA_ID).from(INSTALLATION).fetchOne(INSTALLATION.REPLICA_ID);
    }

    public String officeCode() {
        return dsl.select(INSTALLATION.OFFICE_CODE).from(INSTALLATION).fetchOne(INSTALLATION.OFFICE_CODE);
    }

    public Long auditHead() {
        return dsl.select(AUDIT_HEAD.SEQ).from(AUDIT_HEAD).fetchOne(AUDIT_HEAD.SEQ);
    }

    /** The newest migration applied: a backup from a newer program cannot be opened by an older one. */
    public String schemaVersion() {
        return dsl.resultQuery("select \"version\" from \"flyway_schema_history\" where \"success\" and \"version\" is not null"
                + " order by \"installed_rank\" desc limit 1").fetchOne(0, String.class);
    }
}
