package cn.zongzhi.office;

import org.jooq.DSLContext;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import static cn.zongzhi.db.jooq.Tables.INSTALLATION;
import static cn.zongzhi.db.jooq.Tables.OFFICE;

public final class InstallationRepository {
    private final DSLContext dsl;

    public InstallationRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    public Optional<Installation> find() {
        return dsl.select(INSTALLATION.REPLICA_ID, INSTALLATION.OFFICE_CODE, OFFICE.NAME, OFFICE.LEVEL,
                        OFFICE.AREA_CODE, INSTALLATION.DEMO, OFFICE.CASE_PREFIX)
                .from(INSTALLATION)
                .join(OFFICE).on(OFFICE.CODE.eq(INSTALLATION.OFFICE_CODE))
                .fetchOptional(row -> new Installation(row.value1(), row.value2(), row.value3(), row.value4(),
                        row.value5() == null ? null : row.value5().trim(), row.value6(), row.value7()));
    }

    public void create(UUID replicaId, String officeCode, String officeName, String level, String areaCode,
                       OffsetDateTime createdAt) {
        dsl.insertInto(OFFICE)
                .set(OFFICE.CODE, officeCode)
                .set(OFFICE.NAME, officeName)
                .set(OFFICE.LEVEL, level)
                .set(OFFICE.AREA_CODE, areaCode)
                .onDuplicateKeyIgnore()
                .execute();
        dsl.insertInto(INSTALLATION)
                .set(INSTALLATION.ID, 1)
                .set(INSTALLATION.REPLICA_ID, replicaId)
                .set(INSTALLATION.OFFICE_CODE, officeCode)
                .set(INSTALLATION.CREATED_AT, createdAt)
                .execute();
    }

    /** The office this installation serves: its row written (or rewritten) and the installation pointed at it. */
    public void serve(String officeCode, String officeName, String level, String areaCode, String casePrefix) {
        int updated = dsl.update(OFFICE).set(OFFICE.NAME, officeName).set(OFFICE.LEVEL, level).set(OFFICE.AREA_CODE, areaCode)
                .set(OFFICE.CASE_PREFIX, casePrefix).where(OFFICE.CODE.eq(officeCode)).execute();
        if (updated == 0) {
            dsl.insertInto(OFFICE).set(OFFICE.CODE, officeCode).set(OFFICE.NAME, officeName).set(OFFICE.LEVEL, level)
                    .set(OFFICE.AREA_CODE, areaCode).set(OFFICE.CASE_PREFIX, casePrefix).execute();
        }
        dsl.update(INSTALLATION).set(INSTALLATION.OFFICE_CODE, officeCode).execute();
    }

    public void markDemo() {
        dsl.update(INSTALLATION).set(INSTALLATION.DEMO, true).execute();
    }
}
