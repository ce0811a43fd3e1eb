package cn.zongzhi.server;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Table;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * The server schema through jOOQ by name (its code generation covers the console's schema only). Every
 * statement here runs on H2 and PostgreSQL alike.
 */
public final class ServerRepository {
    private static final Table<?> META = table(name("server_meta"));
    private static final Table<?> OFFICE = table(name("office"));
    private static final Table<?> OFFICE_AREA = table(name("office_area"));
    private static final Table<?> ENROLLMENT = table(name("enrollment"));
    private static final Table<?> INSTALLATION = table(name("installation"));
    private static final Field<Integer> ID = field(name("id"), Integer.class);
    private static final Field<String> EPOCH = field(name("epoch"), String.class);
    private static final Field<String> CODE = field(name("code"), String.class);
    private static final Field<String> NAME = field(name("name"), String.class);
    private static final Field<String> LEVEL = field(name("level"), String.class);
    private static final Field<OffsetDateTime> CREATED_AT = field(name("created_at"), OffsetDateTime.class);
    private static final Field<String> OFFICE_CODE = field(name("office_code"), String.class);
    private static final Field<String> AREA_CODE = field(name("area_code"), String.class);
    private static final Field<String> CODE_HASH = field(name("code_hash"), String.class);
    private static final Field<OffsetDateTime> EXPIRES_AT = field(name("expires_at"), OffsetDateTime.class);
    private static final Field<OffsetDateTime> USED_AT = field(name("used_at"), OffsetDateTime.class);
    private static final Field<String> REPLICA_ID = field(name("replica_id"), String.class);
    private static final Field<String> TOKEN_HASH = field(name("token_hash"), String.class);
    private static final Field<OffsetDateTime> ENROLLED_AT = field(name("enrolled_at"), OffsetDateTime.class);
    private static final Field<OffsetDateTime> LAST_SEEN = field(name("last_seen"), OffsetDateTime.class);

    private final DSLContext dsl;

    public ServerRepository(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** The server's epoch, made on first use. */
    /** The epoch as this database holds it, without creating one: null while there is none (a replica's read). */
    public String currentEpoch() {
        return dsl.select(EPOCH).from(META).where(ID.eq(1)).fetchOne(EPOCH);
    }

    public String epoch(Instant now) {
        String epoch = dsl.select(EPOCH).from(META).where(ID.eq(1)).fetchOne(EPOCH);
        if (epoch == null) {
            epoch = UUID.randomUUID().toString();
            try {
                dsl.insertInto(META).set(ID, 1).set(EPOCH, epoch).set(CREATED_AT, at(now)).execute();
            } catch (org.jooq.exception.IntegrityConstraintViolationException anotherServerWasFirst) {
                // Several servers on one database: the first epoch written is the epoch.
            }
            epoch = dsl.select(EPOCH).from(META).where(ID.eq(1)).fetchOne(EPOCH);
        }
        return epoch;
    }

    /**
     * A new epoch, for a database restored from a backup: every console then pulls from the start and sends its
     * retained outbox again, so whatever the restore took away comes back from the offices that still have it.
     */
    public String newEpoch(Instant now) {
        epoch(now);
        String epoch = UUID.randomUUID().toString();
        dsl.update(META).set(EPOCH, epoch).where(ID.eq(1)).execute();
        return epoch;
    }

    public boolean officeExists(String code) {
        return dsl.fetchExists(OFFICE, CODE.eq(code));
    }

    public void insertOffice(String code, String officeName, String level, List<String> areas, Instant now) {
        dsl.insertInto(OFFICE).set(CODE, code).set(NAME, officeName).set(LEVEL, level).set(CREATED_AT, at(now)).execute();
        for (String area : areas) {
            dsl.insertInto(OFFICE_AREA).set(OFFICE_CODE, code).set(AREA_CODE, area).execute();
        }
    }

    /** An office as the city's administrator lists it: its jurisdiction and how many installations joined it. */
    public record OfficeRow(String code, String name, String level, List<String> areas, int installations,
                            Instant lastSeen) {
    }

    public List<OfficeRow> offices() {
        Map<String, List<String>> areas = new HashMap<>();
        for (var row : dsl.select(OFFICE_CODE, AREA_CODE).from(OFFICE_AREA).orderBy(OFFICE_CODE, AREA_CODE).fetch()) {
            areas.computeIfAbsent(row.value1(), code -> new ArrayList<>()).add(row.value2());
        }
        Field<String> installed = field(name("installation", "office_code"), String.class);
        Field<OffsetDateTime> seen = max(field(name("installation", "last_seen"), OffsetDateTime.class));
        return dsl.select(CODE, NAME, LEVEL, count(installed), seen).from(OFFICE)
                .leftJoin(INSTALLATION).on(installed.eq(CODE))
                .groupBy(CODE, NAME, LEVEL).orderBy(CODE)
                .fetch(row -> new OfficeRow(row.value1(), row.value2(), row.value3(), areas.getOrDefault(row.value1(), List.of()),
                        row.value4(), row.value5() == null ? null : row.value5().toInstant()));
    }

    public List<String> areas(String officeCode) {
        return dsl.select(AREA_CODE).from(OFFICE_AREA).where(OFFICE_CODE.eq(officeCode)).orderBy(AREA_CODE).fetch(AREA_CODE);
    }

    public void insertEnrollment(String codeHash, String officeCode, Instant now, Instant expires) {
        dsl.insertInto(ENROLLMENT).set(CODE_HASH, codeHash).set(OFFICE_CODE, officeCode).set(CREATED_AT, at(now))
                .set(EXPIRES_AT, at(expires)).execute();
    }

    /** An enrollment code's office and state. */
    public record Enrollment(String officeCode, Instant expiresAt, boolean used) {
    }

    public Optional<Enrollment> enrollment(String codeHash) {
        return dsl.select(OFFICE_CODE, EXPIRES_AT, USED_AT).from(ENROLLMENT).where(CODE_HASH.eq(codeHash)).fetchOptional()
                .map(row -> new Enrollment(row.value1(), row.value2().toInstant(), row.value3() != null));
    }

    /** Marks the code used by this installation; false when another request used it first. */
    public boolean useEnrollment(String codeHash, String replicaId, Instant now) {
        return dsl.update(ENROLLMENT).set(USED_AT, at(now)).set(REPLICA_ID, replicaId)
                .where(CODE_HASH.eq(codeHash).and(USED_AT.isNull())).execute() == 1;
    }

    public void upsertInstallation(String replicaId, String officeCode, String tokenHash, Instant now) {
        int updated = dsl.update(INSTALLATION).set(OFFICE_CODE, officeCode).set(TOKEN_HASH, tokenHash).set(ENROLLED_AT, at(now))
                .where(REPLICA_ID.eq(replicaId)).execute();
        if (updated == 0) {
            dsl.insertInto(INSTALLATION).set(REPLICA_ID, replicaId).set(OFFICE_CODE, officeCode).set(TOKEN_HASH, tokenHash)
                    .set(ENROLLED_AT, at(now)).execute();
        }
    }

    /** The office of the installation holding this credential. */
    public Optional<String[]> installationByToken(String tokenHash) {
        return dsl.select(REPLICA_ID, OFFICE_CODE).from(INSTALLATION).where(TOKEN_HASH.eq(tokenHash)).fetchOptional()
                .map(row -> new String[] {row.value1(), row.value2()});
    }

    public void seen(String replicaId, Instant now) {
        dsl.update(INSTALLATION).set(LAST_SEEN, at(now)).where(REPLICA_ID.eq(replicaId)).execute();
    }

    private static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
